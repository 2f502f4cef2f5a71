// What makes a Segment (domain/segment.ts) one the facts can answer: known tiers, products and
// categories, day counts in a sane range. Pure: the campaign's input check and the store share it.
import { isCategory } from '../../../../lib/mcc-categories';
import { SEGMENT_PRODUCTS, SEGMENT_TIERS, type Segment } from './segment';

/** Longest look-back a day count may ask for: the facts keep about 120 days of card activity. */
export const SEGMENT_MAX_DAYS = 3650;
const MAX_LIST = 50;

/** The first field of the segment that is wrong, with why; undefined when it is fine. */
export function segmentProblem(s: Segment): { field: string; why: string } | undefined {
  const list = (field: string, values: readonly string[] | undefined, ok: (v: string) => boolean) => {
    if (values === undefined) return undefined;
    if (!Array.isArray(values) || values.length > MAX_LIST) return { field, why: `a list of at most ${MAX_LIST}` };
    return values.every((v) => typeof v === 'string' && ok(v)) ? undefined : { field, why: 'an unknown value' };
  };
  const days = (field: string, n: number | undefined) =>
    n === undefined || (Number.isInteger(n) && n >= 1 && n <= SEGMENT_MAX_DAYS) ? undefined : { field, why: `whole days, 1 to ${SEGMENT_MAX_DAYS}` };
  return (
    list('tiers', s.tiers, (v) => (SEGMENT_TIERS as readonly string[]).includes(v)) ??
    list('products', s.products, (v) => (SEGMENT_PRODUCTS as readonly string[]).includes(v)) ??
    list('spendCategories', s.spendCategories, isCategory) ??
    list('cities', s.cities, (v) => v.trim().length >= 1 && v.length <= 40) ??
    days('spendWithinDays', s.spendWithinDays) ??
    days('activeWithinDays', s.activeWithinDays) ??
    days('inactiveForDays', s.inactiveForDays)
  );
}
