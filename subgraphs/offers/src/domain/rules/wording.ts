// The words of reasons: amounts, days and periods written the same way by every rule. English with
// no locale data involved (same text on every machine); Persian below.
import type { Category } from '../../../../../lib/mcc-categories';
import { formatMinor } from '../../../../../lib/money';
import type { ChurnReason } from '../churn-flag';
import type { OfferSignals, Window } from '../signals';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "24 October" from "2026-10-24". */
export function dayText(iso: string): string {
  return `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]}`;
}

export function periodText(w: Window): string {
  return `between ${dayText(w.from)} and ${dayText(w.to)}`;
}

export function amountText(minor: bigint, currency: string): string {
  return `${formatMinor(minor, currency)} ${currency}`;
}

const CATEGORY_WORDS: Readonly<Partial<Record<Category, string>>> = {
  TRAVEL: 'travel',
  EATING_OUT: 'eating out',
  ENTERTAINMENT: 'entertainment',
  TRANSPORT: 'transport',
  SHOPPING: 'shopping',
  GROCERIES: 'groceries',
};

/** "because you spent 420.00 EUR on travel between ..."; only for a category with recent spend. */
export function spendReason(s: OfferSignals, category: Category): string {
  const t = s.spend.get(category)!;
  return `because you spent ${amountText(t.recentMinor, s.currency)} on ${CATEGORY_WORDS[category] ?? category.toLowerCase()} ${periodText(s.recent)}`;
}

/**
 * A reason written by another service (engagement's churn reasons, with their figures) as an offer
 * reason: "because ..." as every reason here. Its first letter is lowered unless it starts an
 * acronym or a name in capitals ("Card purchases fell" -> "because card purchases fell", "ATM ..."
 * kept); a final full stop is dropped.
 */
export function flagReasonText(text: string): string {
  const t = text.trim().replace(/\.$/, '');
  if (/^because /i.test(t)) return `because ${t.slice('because '.length)}`;
  const lowered = /^[A-Z][a-z]/.test(t) ? `${t.charAt(0).toLowerCase()}${t.slice(1)}` : t;
  return `because ${lowered}`;
}

// The same words in Persian, for the apps' Persian screens (Offer.title/reason(locale: FA)):
// Persian digits and the Persian (Solar Hijri) calendar; amounts still from their exact decimal
// text, only the digits swapped, so no amount passes through a float or a locale's rounding.

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** ASCII digits as Persian ones and the decimal point as the Persian decimal separator. */
export function persianDigits(text: string): string {
  return text.replace(/[0-9.]/g, (c) => (c === '.' ? '٫' : (PERSIAN_DIGITS[Number(c)] ?? c)));
}

const PERSIAN_DAY = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { day: 'numeric', month: 'long', timeZone: 'UTC' });

const FA_CATEGORY_WORDS: Readonly<Partial<Record<Category, string>>> = {
  TRAVEL: 'سفر',
  EATING_OUT: 'رستوران و کافه',
  ENTERTAINMENT: 'سرگرمی',
  TRANSPORT: 'حمل‌ونقل',
  SHOPPING: 'خرید',
  GROCERIES: 'خواربار',
};

/** Engagement writes its churn reasons in English with their figures; in Persian, each by its code. */
const FA_CHURN_REASONS: Readonly<Record<ChurnReason['code'], string>> = {
  CARD_ACTIVITY_FALLING: 'چون خریدهای کارتی شما کمتر شده است',
  SALARY_STOPPED: 'چون حقوق شما دیگر به حسابتان واریز نمی‌شود',
  BALANCE_DRAINING: 'چون موجودی حساب شما رو به کاهش است',
  PRODUCT_CLOSED: 'چون یکی از حساب‌هایتان را خالی کرده‌اید',
  DETRACTOR: 'چون در نظرسنجی اخیر از ما راضی نبودید',
};

export const fa = {
  number: (n: number | bigint): string => persianDigits(String(n)),
  /** "۲۵ بهمن" from "2026-02-14" */
  day: (iso: string): string => PERSIAN_DAY.format(new Date(`${iso}T12:00:00Z`)),
  period: (w: Window): string => `بین ${fa.day(w.from)} و ${fa.day(w.to)}`,
  amount: (minor: bigint, currency: string): string => `${persianDigits(formatMinor(minor, currency))} ${currency}`,
  spendReason(s: OfferSignals, category: Category): string {
    const t = s.spend.get(category)!;
    return `چون ${fa.amount(t.recentMinor, s.currency)} برای ${FA_CATEGORY_WORDS[category] ?? category.toLowerCase()} ${fa.period(s.recent)} خرج کردید`;
  },
  churnReason: (reason: ChurnReason): string => FA_CHURN_REASONS[reason.code],
};
