// What a card purchase earns, from the rules: pure arithmetic on bigint minor units and basis
// points, rounded down (the customer never gets a fraction the bank cannot pay).
import { exponentOf } from '../../../../lib/money';
import { type EarningRules, cashBackBasisPoints } from './rules';

const BP = 10000n;

export interface PurchaseFacts {
  amountMinor: bigint;
  currency: string;
  mcc: string;
  /** the partner's earn boost (basis points) when the merchant belongs to a partner */
  partnerBoostBp?: bigint;
  /** an active cash-back boost's rate for this customer at this merchant */
  boostRateBp?: number;
  tierMultiplierBp: bigint;
}

export interface PurchaseEarning {
  cashBackMinor: bigint;
  cashBackRateBp: number;
  points: bigint;
}

export function cashBackOf(amountMinor: bigint, rateBp: number): bigint {
  if (amountMinor <= 0n) return 0n;
  return (amountMinor * BigInt(rateBp)) / BP;
}

/** The MCC's cash-back rate, or the boost's when higher: a boost never lowers the rate. */
export function cashBackRateBp(rules: EarningRules, mcc: string, boostRateBp?: number): number {
  const base = cashBackBasisPoints(rules, mcc);
  return boostRateBp !== undefined && boostRateBp > base ? boostRateBp : base;
}

/** Cash back at cashBackRateBp. Points: whole units x partner x tier. */
export function earningFor(rules: EarningRules, p: PurchaseFacts): PurchaseEarning {
  const rate = cashBackRateBp(rules, p.mcc, p.boostRateBp);
  const wholeUnits = p.amountMinor > 0n ? p.amountMinor / 10n ** BigInt(exponentOf(p.currency)) : 0n;
  const partner = p.partnerBoostBp === undefined ? BP : p.partnerBoostBp;
  const points = (wholeUnits * BigInt(rules.points.perWholeCurrencyUnit) * partner * p.tierMultiplierBp) / (BP * BP);
  return { cashBackMinor: cashBackOf(p.amountMinor, rate), cashBackRateBp: rate, points };
}
