// PARTNER_REWARD_IN_REACH: a points gain that brings a partner reward within reach. A reward is
// within reach when the balance is below its cost but at least `share` of it (ENGAGEMENT_REWARD_IN_REACH_SHARE,
// default 0.9: at most 10 % short). The rule reads one PointsChanged: the balance before it is the
// balance after minus its delta, and the reward "comes" within reach only when the balance before
// was below the share, so further earnings while within reach notify nothing (like low-balance.ts,
// a crossing, nothing remembered between events: a redelivered event is one trigger id, decided once).
// Of several rewards crossed at once, the cheapest is told (the nearest goal). Pure: the catalogue
// comes from partners through adapters/partner-rewards.ts.
import type { Trigger } from './triggers';

/** A reward of the partners' catalogue as the rule needs it (in stock). */
export interface RewardOffer {
  rewardId: string;
  partnerName: string;
  title: string;
  /** its cost in whole points */
  pointsPrice: bigint;
}

/** A PointsChanged as the rule reads it. */
export interface PointsGain {
  eventId: string;
  customerId: string;
  occurredAt: Date;
  /** signed whole points the journal moved */
  delta: bigint;
  /** the balance after it */
  balance: bigint;
}

/** The share as basis points of the cost (0.9 -> 9000): whole numbers, no float comparison of points. */
export const DEFAULT_IN_REACH_SHARE_BP = 9000;

/** "0.9" -> 9000; a decimal above 0 and below 1 with at most 4 decimals, else throws (config checks it at start). */
export function shareBasisPoints(text: string): number {
  const m = /^0\.(\d{1,4})$/.exec(text);
  const bp = m ? Number((m[1] as string).padEnd(4, '0')) : 0;
  if (bp <= 0) throw new Error('a share above 0 and below 1, at most 4 decimals (e.g. 0.9)');
  return bp;
}

/** points reach `share` of cost: points / cost >= bp / 10000, in integers */
function reaches(points: bigint, cost: bigint, shareBp: number): boolean {
  return points * 10_000n >= cost * BigInt(shareBp);
}

/** The rewards `balance` has within reach: below the cost, at least the share of it. */
export function withinReach(balance: bigint, reward: RewardOffer, shareBp: number): boolean {
  return balance < reward.pointsPrice && reaches(balance, reward.pointsPrice, shareBp);
}

/** PARTNER_REWARD_IN_REACH (id `<event id>:reward-in-reach`) when this gain brought a reward within reach, else undefined. */
export function rewardInReachTrigger(g: PointsGain, rewards: readonly RewardOffer[], shareBp = DEFAULT_IN_REACH_SHARE_BP): Trigger | undefined {
  if (g.delta <= 0n) return undefined;
  const before = g.balance - g.delta;
  let best: RewardOffer | undefined;
  for (const r of rewards) {
    if (r.pointsPrice <= 0n || !withinReach(g.balance, r, shareBp) || reaches(before, r.pointsPrice, shareBp)) continue;
    if (!best || r.pointsPrice < best.pointsPrice || (r.pointsPrice === best.pointsPrice && r.rewardId < best.rewardId)) best = r;
  }
  if (!best) return undefined;
  return {
    id: `${g.eventId}:reward-in-reach`,
    customerId: g.customerId,
    occurredAt: g.occurredAt,
    kind: 'PARTNER_REWARD_IN_REACH',
    partnerName: best.partnerName,
    rewardTitle: best.title,
    pointsShort: best.pointsPrice - g.balance,
  };
}
