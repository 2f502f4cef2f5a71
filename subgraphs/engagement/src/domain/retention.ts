// RETENTION from falling card activity (pure): the scheduled pass (adapters/retention-pass.ts) reads
// each customer's purchase counts from the customer facts and asks `activityFell`; a customer it
// names gets one RETENTION trigger per RETENTION_QUIET_DAYS, under an id fixed when it is first
// chosen (`retentionTriggerId`), so a re-run decides the same trigger again instead of a new one.

import { utcDay } from './customer-facts';

export interface RetentionRule {
  /** the recent window, in days (default 30) */
  recentDays: number;
  /** the window before it the customer is compared with, in days (default 60) */
  baselineDays: number;
  /** purchases the baseline must hold at least: a customer who never used the card much is not "falling" */
  minBaselinePurchases: number;
}

export const DEFAULT_RETENTION_RULE: Readonly<RetentionRule> = Object.freeze({ recentDays: 30, baselineDays: 60, minBaselinePurchases: 4 });

/** At most one RETENTION per customer in this many days. */
export const RETENTION_QUIET_DAYS = 90;

/** Card purchases in the recent window and in the baseline window just before it. */
export interface CardActivityWindows {
  recent: number;
  baseline: number;
}

/**
 * Activity fell when the recent window holds fewer than half the purchases the baseline's average
 * would put in a window of its length: recent < (baseline x recentDays / baselineDays) / 2, in
 * integers (2 x recent x baselineDays < baseline x recentDays). 30 / 60 days: recent x 4 < baseline.
 */
export function activityFell(a: CardActivityWindows, rule: RetentionRule = DEFAULT_RETENTION_RULE): boolean {
  if (a.baseline < rule.minBaselinePurchases) return false;
  return 2 * a.recent * rule.baselineDays < a.baseline * rule.recentDays;
}

/** The trigger id of a RETENTION chosen on `day` (YYYY-MM-DD): one id per customer per quiet period. */
export function retentionTriggerId(customerId: string, day: string): string {
  return `retention:${customerId}:${day}`;
}

/**
 * Whether the daily pass runs now: at or after `hour` (UTC) on a day it has not run yet. The pass is
 * idempotent (claims), so a restart that runs it twice in a day changes nothing.
 */
export function retentionDue(now: Date, hour: number, lastRunDay: string | undefined): boolean {
  return now.getUTCHours() >= hour && lastRunDay !== utcDay(now);
}
