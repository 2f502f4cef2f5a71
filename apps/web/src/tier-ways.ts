// What the next loyalty tier takes, said in the app's language. Loyalty sends the ways as data
// (kind and count, NextTier.ways) beside an English sentence; the app words them itself, with the
// locale's digits and its own list words ("or" / "یا") from Intl.ListFormat.
import type { TierWayKind } from './gql/graphql';
import type { Lang } from './messages';

export interface TierWayData {
  kind: TierWayKind;
  count: number;
  withinDays?: number | null;
}

interface Words {
  /** `points` and `days` are already formatted in the locale's digits; `count` picks the plural */
  needed(points: string, count: number, tier: string): string;
  way: Record<TierWayKind, (n: string, count: number, days: string) => string>;
  /** between the gap and the ways */
  forExample: string;
}

const s = (count: number) => (count === 1 ? '' : 's');

const WORDS: Record<Lang, Words> = {
  en: {
    needed: (points, count, tier) => `${points} more score point${s(count)} for ${tier}`,
    way: {
      PRODUCT_TYPES: (n, count) => `${n} more product type${s(count)}`,
      CARD_PURCHASES: (n, count, days) => `${n} more card purchase${s(count)} within ${days} days`,
      TENURE_YEARS: (n, count) => `${n} more year${s(count)} with the bank`,
    },
    forExample: ': for example ',
  },
  // Persian counts with the singular noun, whatever the number
  fa: {
    needed: (points, _count, tier) => `${points} امتیاز دیگر تا سطح ${tier}`,
    way: {
      PRODUCT_TYPES: (n) => `${n} نوع محصول دیگر`,
      CARD_PURCHASES: (n, _count, days) => `${n} خرید کارتی دیگر در ${days} روز`,
      TENURE_YEARS: (n) => `${n} سال دیگر همراهی با بانک`,
    },
    forExample: '؛ برای نمونه ',
  },
};

/** "20 more score points for Platinum: for example 20 more card purchases within 90 days" in `lang`. */
export function tierWaysText(lang: Lang, locale: string, tier: string, scoreNeeded: number, ways: readonly TierWayData[], allNeeded: boolean): string {
  const words = WORDS[lang];
  const number = new Intl.NumberFormat(locale);
  const gap = words.needed(number.format(scoreNeeded), scoreNeeded, tier);
  if (!ways.length) return gap;
  const said = ways.map((w) => words.way[w.kind](number.format(w.count), w.count, number.format(w.withinDays ?? 0)));
  const list = new Intl.ListFormat(locale, { type: allNeeded ? 'conjunction' : 'disjunction' });
  return gap + words.forExample + list.format(said);
}
