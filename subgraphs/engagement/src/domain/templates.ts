// The words of every notification, per locale. English and Persian to start: Persian text is
// right-to-left and uses Persian digits (Intl's fa-IR numbering), and every value put into it is
// isolated (FSI ... PDI) so a Latin merchant name or an amount cannot reorder the sentence around it.
// Amounts are formatted from minor units with the currency's exponent (lib/money): a decimal string
// goes to Intl, never a float, so 12345678901234.567 BHD prints every digit.
import { formatMinor, exponentOf, type Money } from '../../../../lib/money';
import type { Locale } from './preferences';
import { intlFormatter } from './intl-formatters';
import type { Trigger, TriggerKind } from './triggers';
import { FEEDBACK_SCALE, type FeedbackKind, type FeedbackMomentType } from './feedback';

export type Direction = 'LTR' | 'RTL';

export interface RenderedMessage {
  title: string;
  body: string;
  locale: Locale;
  direction: Direction;
}

const INTL_LOCALE: Readonly<Record<Locale, string>> = { en: 'en-GB', fa: 'fa-IR' };
const DIRECTION: Readonly<Record<Locale, Direction>> = { en: 'LTR', fa: 'RTL' };

// first strong isolate ... pop directional isolate (Unicode bidi algorithm)
const isolate = (locale: Locale, text: string) => (DIRECTION[locale] === 'RTL' ? `\u2068${text}\u2069` : text);

/** An amount in the locale's digits and the currency's exact number of decimals. */
export function formatAmount(m: Money, locale: Locale): string {
  const exp = exponentOf(m.currency);
  const f = intlFormatter(
    `amount:${locale}:${m.currency}:${exp}`,
    () => new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency: m.currency, minimumFractionDigits: exp, maximumFractionDigits: exp }),
  );
  // a decimal string is formatted exactly (ECMA-402 Intl.NumberFormat v3); the cast only satisfies the ES2023 typings
  return f.format(formatMinor(m.minor, m.currency) as unknown as number);
}

/** A whole number (points) in the locale's digits, grouped. */
export function formatCount(n: bigint, locale: Locale): string {
  return intlFormatter(`count:${locale}`, () => new Intl.NumberFormat(INTL_LOCALE[locale])).format(n);
}

/** Digits inside an identifier (a card's last four) in the locale's digits, nothing grouped or dropped. */
export function localDigits(text: string, locale: Locale): string {
  const f = intlFormatter(`digits:${locale}`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { useGrouping: false }));
  return text.replace(/[0-9]/g, (d) => f.format(Number(d)));
}

/** A calendar day (YYYY-MM-DD) as the locale writes it (fa-IR: the Solar Hijri calendar). */
export function formatDay(day: string, locale: Locale): string {
  return intlFormatter(`day:${locale}`, () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: 'UTC' })).format(
    new Date(`${day}T12:00:00Z`),
  );
}

function countryName(code: string | undefined, locale: Locale): string | undefined {
  if (!code || !/^[A-Z]{2}$/.test(code)) return undefined;
  return intlFormatter(`region:${locale}`, () => new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region' })).of(code);
}

type Words = { title: string; body: string };

// what each moment is called in a feedback request's question
const FEEDBACK_SUBJECT_EN: Readonly<Record<FeedbackMomentType, string>> = {
  CONTACT: 'your recent conversation with us',
  SELF_SERVICE: 'your self-service session',
  TRANSFER: 'your transfer',
  REDEMPTION: 'your points redemption',
};
const FEEDBACK_SUBJECT_FA: Readonly<Record<FeedbackMomentType, string>> = {
  CONTACT: 'گفت‌وگوی اخیر شما با ما',
  SELF_SERVICE: 'استفادهٔ شما از خدمات خودکار',
  TRANSFER: 'انتقال وجه شما',
  REDEMPTION: 'استفادهٔ شما از امتیازها',
};

/** The question of a feedback request, its scale's ends in the locale's digits. */
function feedbackWords(t: Trigger, locale: Locale, v: (text: string) => string): Words {
  const x = of(t, 'FEEDBACK_REQUEST');
  const { min, max } = FEEDBACK_SCALE[x.feedbackKind];
  const [lo, hi] = [v(formatCount(BigInt(min), locale)), v(formatCount(BigInt(max), locale))];
  if (locale === 'fa') {
    const subject = FEEDBACK_SUBJECT_FA[x.moment];
    const body: Record<FeedbackKind, string> = {
      CSAT: `از ${subject} چقدر راضی بودید؟ از ${lo} تا ${hi} امتیاز دهید.`,
      CES: `انجام ${subject} چقدر آسان بود؟ از ${lo} تا ${hi} امتیاز دهید.`,
      NPS: `چقدر احتمال دارد ما را به دوستان خود پیشنهاد کنید؟ از ${lo} تا ${hi} امتیاز دهید.`,
    };
    return { title: 'نظر شما برای ما مهم است', body: body[x.feedbackKind] };
  }
  const subject = FEEDBACK_SUBJECT_EN[x.moment];
  const body: Record<FeedbackKind, string> = {
    CSAT: `How satisfied were you with ${subject}? Rate it from ${lo} to ${hi}.`,
    CES: `How easy was ${subject}? Rate it from ${lo} to ${hi}.`,
    NPS: `How likely are you to recommend us to a friend? Rate it from ${lo} to ${hi}.`,
  };
  return { title: 'How did we do?', body: body[x.feedbackKind] };
}
type Template = (t: Trigger, locale: Locale, v: (text: string) => string) => Words;

function of<K extends TriggerKind>(t: Trigger, kind: K): Extract<Trigger, { kind: K }> {
  if (t.kind !== kind) throw new Error(`template for ${kind} given ${t.kind}`);
  return t as Extract<Trigger, { kind: K }>;
}

/**
 * A campaign's words are the whole message, written by staff in each locale (both required), not
 * values put into one of our sentences: nothing is isolated (an FSI around a Persian body opening
 * with a Latin brand name would lay the whole body out left to right). The input bounds refuse bidi
 * controls and other control characters in them (lib/input-bounds.ts), so they cannot reorder
 * anything either.
 */
function campaignWords(t: Trigger, locale: Locale): Words {
  const x = of(t, 'CAMPAIGN');
  return { title: x.message[locale].title, body: x.message[locale].body };
}

const EN: Readonly<Record<TriggerKind, Template>> = {
  CASHBACK_EARNED: (t, l, v) => {
    const x = of(t, 'CASHBACK_EARNED');
    return { title: 'Cash back earned', body: `You earned ${v(formatAmount(x.amount, l))} cash back on your purchase at ${v(x.merchantName)}.` };
  },
  MONEY_RECEIVED: (t, l, v) => {
    const x = of(t, 'MONEY_RECEIVED');
    if (x.salary) return { title: 'Salary received', body: `Your salary of ${v(formatAmount(x.amount, l))} has arrived.` };
    const from = x.fromName ? ` from ${v(x.fromName)}` : '';
    return { title: 'Money received', body: `${v(formatAmount(x.amount, l))} arrived in your account${from}.` };
  },
  LOW_BALANCE: (t, l, v) => {
    const x = of(t, 'LOW_BALANCE');
    return { title: 'Low balance', body: `Your balance is ${v(formatAmount(x.balance, l))}, below your alert of ${v(formatAmount(x.threshold, l))}.` };
  },
  SECURITY_CARD_USE: (t, l, v) => {
    const x = of(t, 'SECURITY_CARD_USE');
    const country = countryName(x.country, l);
    const where = x.reason === 'FOREIGN' && country ? ` in ${v(country)}` : '';
    return {
      title: 'Was this you?',
      body: `Your card${x.cardLast4 ? ` ending ${v(localDigits(x.cardLast4, l))}` : ''} was used for ${v(formatAmount(x.amount, l))}${where}. If it was not you, freeze the card in the app.`,
    };
  },
  POINTS_EXPIRING: (t, l, v) => {
    const x = of(t, 'POINTS_EXPIRING');
    return {
      title: 'Points expiring',
      body: `${v(formatCount(x.points, l))} points expire on ${v(formatDay(x.expiresOn, l))}. Spend them on a reward before then.`,
    };
  },
  PARTNER_REWARD_IN_REACH: (t, l, v) => {
    const x = of(t, 'PARTNER_REWARD_IN_REACH');
    return { title: 'A reward within reach', body: `You are ${v(formatCount(x.pointsShort, l))} points away from ${v(x.rewardTitle)} at ${v(x.partnerName)}.` };
  },
  RETENTION: () => ({ title: 'We miss you', body: 'It has been a while. See what is new for you in the app.' }),
  CAMPAIGN: (t) => campaignWords(t, 'en'),
  FEEDBACK_REQUEST: (t, l, v) => feedbackWords(t, l, v),
};

const FA: Readonly<Record<TriggerKind, Template>> = {
  CASHBACK_EARNED: (t, l, v) => {
    const x = of(t, 'CASHBACK_EARNED');
    return { title: 'بازگشت وجه دریافت کردید', body: `برای خرید از ${v(x.merchantName)} مبلغ ${v(formatAmount(x.amount, l))} بازگشت وجه گرفتید.` };
  },
  MONEY_RECEIVED: (t, l, v) => {
    const x = of(t, 'MONEY_RECEIVED');
    if (x.salary) return { title: 'حقوق واریز شد', body: `حقوق شما به مبلغ ${v(formatAmount(x.amount, l))} واریز شد.` };
    const from = x.fromName ? ` از ${v(x.fromName)}` : '';
    return { title: 'واریز وجه', body: `مبلغ ${v(formatAmount(x.amount, l))}${from} به حساب شما واریز شد.` };
  },
  LOW_BALANCE: (t, l, v) => {
    const x = of(t, 'LOW_BALANCE');
    return { title: 'موجودی کم', body: `موجودی شما ${v(formatAmount(x.balance, l))} است، کمتر از حد هشدار ${v(formatAmount(x.threshold, l))}.` };
  },
  SECURITY_CARD_USE: (t, l, v) => {
    const x = of(t, 'SECURITY_CARD_USE');
    const country = countryName(x.country, l);
    const where = x.reason === 'FOREIGN' && country ? ` در ${v(country)}` : '';
    return {
      title: 'آیا این شما بودید؟',
      body: `با کارت شما${x.cardLast4 ? ` به شمارهٔ پایانی ${v(localDigits(x.cardLast4, l))}` : ''} مبلغ ${v(formatAmount(x.amount, l))}${where} پرداخت شد. اگر شما نبودید، کارت را در برنامه مسدود کنید.`,
    };
  },
  POINTS_EXPIRING: (t, l, v) => {
    const x = of(t, 'POINTS_EXPIRING');
    return {
      title: 'امتیازها رو به انقضا',
      body: `${v(formatCount(x.points, l))} امتیاز شما در ${v(formatDay(x.expiresOn, l))} منقضی می‌شود. پیش از آن جایزه‌ای بگیرید.`,
    };
  },
  PARTNER_REWARD_IN_REACH: (t, l, v) => {
    const x = of(t, 'PARTNER_REWARD_IN_REACH');
    return { title: 'جایزه در دسترس', body: `فقط ${v(formatCount(x.pointsShort, l))} امتیاز تا ${v(x.rewardTitle)} از ${v(x.partnerName)} فاصله دارید.` };
  },
  RETENTION: () => ({ title: 'دلمان برایتان تنگ شده', body: 'مدتی است سر نزده‌اید. تازه‌های برنامه را ببینید.' }),
  CAMPAIGN: (t) => campaignWords(t, 'fa'),
  FEEDBACK_REQUEST: (t, l, v) => feedbackWords(t, l, v),
};

export const TEMPLATES: Readonly<Record<Locale, Readonly<Record<TriggerKind, Template>>>> = { en: EN, fa: FA };

export function render(t: Trigger, locale: Locale): RenderedMessage {
  const words = TEMPLATES[locale][t.kind](t, locale, (text) => isolate(locale, text));
  return { ...words, locale, direction: DIRECTION[locale] };
}
