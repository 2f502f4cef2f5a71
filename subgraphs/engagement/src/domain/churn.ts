// Churn early warning (pure; docs/cx.md "Churn early warning"): a customer's risk of leaving, 0-100,
// from five signals engagement keeps from events (db/churn-store.ts reads them as ChurnFacts), each
// with the real figures behind it. The weights are set from what a bank sees before a customer
// leaves (salary moved first, then money and cards follow), not fitted to the evaluation's labels:
// a single signal stays below the default threshold, two strong ones cross it.
//
//   signal                 fires when                                                    points
//   SALARY_STOPPED         a salary credit in the 60 days before the last 35, none in them   30
//   CARD_ACTIVITY_FALLING  >= 4 card purchases in the 30 days before the last 30, and the
//                          last 30 hold fewer than half as many                              25 x share of the drop (13-25)
//   BALANCE_DRAINING       home-currency balance now under half of 30 days ago (which was
//                          >= 100.00), and credit transfers out minus in over the last 30
//                          days >= a quarter of that balance                                 25 x share of the drop (13-25)
//   PRODUCT_CLOSED         an account emptied to exactly 0 by a debit in the last 60 days,
//                          with no booking since (the core sends no closure event)            15, +5 a further account (max 20)
//   DETRACTOR              the last NPS answer in 180 days is 0-6                            15 for 0-4, 10 for 5-6
//
// The sum is capped at 100. The default threshold (ENGAGEMENT_CHURN_THRESHOLD) is 50.
import { formatMinor } from '../../../../lib/money';

export const CHURN_REASON_CODES = ['CARD_ACTIVITY_FALLING', 'SALARY_STOPPED', 'BALANCE_DRAINING', 'PRODUCT_CLOSED', 'DETRACTOR'] as const;
export type ChurnReasonCode = (typeof CHURN_REASON_CODES)[number];

export interface ChurnReason {
  code: ChurnReasonCode;
  /** what the signal adds to the score */
  points: number;
  /** the figures, in words a member of staff reads as is */
  text: string;
}

export interface ChurnRisk {
  score: number;
  /** strongest first; empty when no signal fired */
  reasons: ChurnReason[];
}

/** The windows the facts are read over, in days; one set, so the texts and the queries say the same. */
export const CHURN_WINDOWS = Object.freeze({
  /** card purchases: the last `card` days against the `card` days before */
  card: 30,
  /** salary: none in the last `salaryRecent` days, some in the `salaryBefore` days before them */
  salaryRecent: 35,
  salaryBefore: 60,
  /** balance and transfers: now against `balance` days ago, transfers over the same days */
  balance: 30,
  /** an emptied account counts this long */
  emptied: 60,
  /** an NPS answer counts this long */
  nps: 180,
});

export const DEFAULT_CHURN_THRESHOLD = 50;
/** a balance smaller than this 30 days ago (minor units of the home currency, 100.00) cannot "drain" */
export const MIN_DRAIN_BALANCE_MINOR = 10_000n;

/** One customer's facts at the time of scoring (db/churn-store.ts). Money in home-currency minor units. */
export interface ChurnFacts {
  currency: string;
  card: { recent: number; before: number };
  salary: { recent: number; before: number; beforeMinor: bigint };
  /** credit transfers booked in the last `balance` days: out (a positive amount) and in, salary excluded */
  transfers: { outMinor: bigint; inMinor: bigint };
  /** CURRENT and SAVINGS balances in the home currency, summed: now and `balance` days ago; absent when never read */
  balance?: { nowMinor: bigint; thenMinor: bigint };
  /** accounts emptied to 0 by a debit within `emptied` days, nothing booked on them since */
  emptied: Array<{ accountType: string; on: string }>;
  /** the last NPS answer within `nps` days */
  lastNps?: { score: number; on: string };
}

const money = (minor: bigint, currency: string) => `${currency} ${formatMinor(minor, currency)}`;

/** 0 when b = 0; otherwise round(points x part / whole) in integers. */
function share(points: number, part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  return Number((BigInt(points) * part * 2n + whole) / (2n * whole));
}

export function cardSignal(f: ChurnFacts): ChurnReason | undefined {
  const { recent, before } = f.card;
  if (before < 4 || recent * 2 >= before) return undefined;
  const w = CHURN_WINDOWS.card;
  return {
    code: 'CARD_ACTIVITY_FALLING',
    points: share(25, BigInt(before - recent), BigInt(before)),
    text: `${recent} card purchases in the last ${w} days, down from ${before} in the ${w} days before`,
  };
}

export function salarySignal(f: ChurnFacts): ChurnReason | undefined {
  const { recent, before, beforeMinor } = f.salary;
  if (before === 0 || recent > 0) return undefined;
  return {
    code: 'SALARY_STOPPED',
    points: 30,
    text: `no salary credit in the last ${CHURN_WINDOWS.salaryRecent} days; ${before} (${money(beforeMinor, f.currency)}) in the ${CHURN_WINDOWS.salaryBefore} days before`,
  };
}

export function drainSignal(f: ChurnFacts): ChurnReason | undefined {
  if (!f.balance) return undefined;
  const { nowMinor, thenMinor } = f.balance;
  const net = f.transfers.outMinor - f.transfers.inMinor;
  if (thenMinor < MIN_DRAIN_BALANCE_MINOR || nowMinor * 2n >= thenMinor || net * 4n < thenMinor) return undefined;
  const drop = thenMinor - (nowMinor > 0n ? nowMinor : 0n);
  const w = CHURN_WINDOWS.balance;
  return {
    code: 'BALANCE_DRAINING',
    points: share(25, drop, thenMinor),
    text: `balance ${money(nowMinor, f.currency)}, down from ${money(thenMinor, f.currency)} ${w} days ago; ${money(net, f.currency)} more transferred out than in over those ${w} days`,
  };
}

export function emptiedSignal(f: ChurnFacts): ChurnReason | undefined {
  if (f.emptied.length === 0) return undefined;
  const list = f.emptied.map((e) => `${e.accountType.toLowerCase()} account on ${e.on}`).join(', ');
  return {
    code: 'PRODUCT_CLOSED',
    points: Math.min(20, 15 + 5 * (f.emptied.length - 1)),
    text: `${f.emptied.length === 1 ? 'an account' : `${f.emptied.length} accounts`} emptied to 0 with nothing booked since: ${list}`,
  };
}

export function detractorSignal(f: ChurnFacts): ChurnReason | undefined {
  if (!f.lastNps || f.lastNps.score > 6) return undefined;
  return {
    code: 'DETRACTOR',
    points: f.lastNps.score <= 4 ? 15 : 10,
    text: `answered ${f.lastNps.score} of 10 to the NPS question on ${f.lastNps.on} (a detractor: 0-6)`,
  };
}

/** The score and its reasons, strongest first (a tie in the order of CHURN_REASON_CODES). */
export function churnRisk(f: ChurnFacts): ChurnRisk {
  const reasons = [cardSignal(f), salarySignal(f), drainSignal(f), emptiedSignal(f), detractorSignal(f)].filter((r): r is ChurnReason => r !== undefined);
  reasons.sort((a, b) => b.points - a.points || CHURN_REASON_CODES.indexOf(a.code) - CHURN_REASON_CODES.indexOf(b.code));
  return {
    score: Math.min(
      100,
      reasons.reduce((s, r) => s + r.points, 0),
    ),
    reasons,
  };
}

/** A crossing is upwards only: below the threshold (or never scored) before, at or above it now. */
export function crossedUp(previous: number | undefined, score: number, threshold: number): boolean {
  return score >= threshold && (previous === undefined || previous < threshold);
}

/** A threshold from configuration: an integer 1-100. */
export function checkThreshold(threshold: number): number {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 100) throw new Error(`churn threshold must be an integer 1-100, got ${threshold}`);
  return threshold;
}
