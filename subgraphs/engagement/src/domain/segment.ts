// A campaign's audience: which customers a staff-defined segment names. Engagement answers it from
// its own view of the customers (the customer facts kept from domain events, db/customer-facts.ts),
// never by asking the core about the whole population. Every criterion given must hold (AND); inside
// one list any value will do (OR); a segment with no criterion names every customer known.
import type { Category } from '../../../../lib/mcc-categories';

export const SEGMENT_TIERS = ['BRONZE', 'SILVER', 'GOLD', 'PLATINUM'] as const;
export type SegmentTier = (typeof SEGMENT_TIERS)[number];

export const SEGMENT_PRODUCTS = ['CURRENT', 'SAVINGS', 'LOAN', 'CARD'] as const;
export type SegmentProduct = (typeof SEGMENT_PRODUCTS)[number];

export interface Segment {
  /** the loyalty tier last seen is one of these */
  tiers?: readonly SegmentTier[];
  /** holds at least one product (account type) of these */
  products?: readonly SegmentProduct[];
  /** card spend in at least one of these categories within the last `spendWithinDays` days (default 90) */
  spendCategories?: readonly Category[];
  spendWithinDays?: number;
  /** active (a card purchase or a booking) within the last N days */
  activeWithinDays?: number;
  /** no activity for at least N days (but known: some activity was seen once) */
  inactiveForDays?: number;
  /** where the customer spends most by card (city names as the merchant's terminal gives them, compared case-insensitively) */
  cities?: readonly string[];
}

/** Who a segment names, read from engagement's store. */
export interface AudienceSource {
  /** how many customers the segment names at `now` (the staff preview) */
  count(segment: Segment, now: Date): Promise<number>;
  /** the customer ids it names at `now`, in batches of at most `batchSize`, in a stable order */
  members(segment: Segment, now: Date, batchSize: number): AsyncIterable<readonly string[]>;
}
