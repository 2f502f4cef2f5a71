// Tiers from points earned over the whole relationship (spending points never lowers a tier).
// Later issues widen the signal to tenure, products held and balances.

export const TIERS = [
  { name: 'PLATINUM', minPointsEarned: 20000n },
  { name: 'GOLD', minPointsEarned: 5000n },
  { name: 'SILVER', minPointsEarned: 1000n },
  { name: 'BRONZE', minPointsEarned: 0n },
] as const;

export type TierName = (typeof TIERS)[number]['name'];

export function tierFor(pointsEarned: bigint): TierName {
  return (TIERS.find((t) => pointsEarned >= t.minPointsEarned) ?? TIERS[TIERS.length - 1]).name;
}
