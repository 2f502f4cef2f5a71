// What an advice message means for the ledger (CardAdvice without the card owner), and the
// answers the feed sends back. Pure functions: no I/O.
import { amountOf, conversionRateOf, currencyAlpha, Iso8583Error, type IsoMessage, parseOriginalData } from '../../../../../legacy-adapters/iso8583/src';
import { CURRENCY_EXPONENT } from '../../../../../lib/money';
import type { CardAdvice, CardholderBilling } from '../../domain/card-advice';

/** Response codes (field 39) the feed answers with. */
export const RESPONSE = Object.freeze({
  /** accepted: durably stored (or already stored: a repeat) */
  ACCEPTED: '00',
  /** the core knows no such card: nothing stored, do not re-send */
  UNKNOWN_CARD: '14',
  /** an MTI the feed does not handle */
  INVALID_TRANSACTION: '12',
  /** malformed message or an element with a value we cannot use: nothing stored, do not re-send as is */
  FORMAT_ERROR: '30',
  /** our side failed (store or core unavailable): nothing acknowledged, re-send later */
  SYSTEM_MALFUNCTION: '96',
  /** MAC missing or wrong: nothing stored */
  SECURITY_VIOLATION: '63',
  /** a reversal whose original is on another card or in another currency: recorded as unmatched, nothing moved */
  NO_ORIGINAL: '25',
  /** a reversal of more than is left of its original: recorded as unmatched, nothing moved */
  ORIGINAL_AMOUNT_INCORRECT: '64',
});

export const ADVICE_KINDS: Readonly<Record<string, CardAdvice['kind']>> = Object.freeze({
  '0120': 'AUTHORISATION',
  '0121': 'AUTHORISATION',
  '0220': 'FINANCIAL',
  '0221': 'FINANCIAL',
  '0420': 'REVERSAL',
  '0421': 'REVERSAL',
});

/** Processing code (field 3) 00xxxx: goods and services. Cash (01), refunds (20) and the rest earn nothing. */
export function isPurchase(msg: IsoMessage): boolean {
  return (msg.fields.get(3) ?? '').startsWith('00');
}

/** A value the feed cannot turn into an advice: answered with FORMAT_ERROR. */
export class AdviceFormatError extends Error {
  constructor(
    readonly field: number,
    message: string,
  ) {
    super(`field ${field}: ${message}`);
    this.name = 'AdviceFormatError';
  }
}

/** The idempotency key of an advice: acquirer (32) | STAN (11) | RRN (37) | transmission date-time (7). */
export function adviceKey(acquirer: string, stan: string, rrn: string, transmission: string): string {
  return `${acquirer}|${stan}|${rrn}|${transmission}`;
}

/**
 * Field 7 has no year: the year that puts MMDDhhmmss (UTC) nearest to `now` (a message from
 * 31 Dec read on 1 Jan belongs to last year).
 */
export function transmissionTime(mmddhhmmss: string, now: Date): Date | undefined {
  const part = (i: number) => Number(mmddhhmmss.slice(i, i + 2));
  const [mo, d, h, mi, s] = [part(0), part(2), part(4), part(6), part(8)] as const;
  let best: Date | undefined;
  for (const y of [now.getUTCFullYear() - 1, now.getUTCFullYear(), now.getUTCFullYear() + 1]) {
    const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    // 29 Feb in a year without it rolls over: not that year
    if (t.getUTCMonth() !== mo - 1) continue;
    if (!best || Math.abs(t.getTime() - now.getTime()) < Math.abs(best.getTime() - now.getTime())) best = t;
  }
  return best;
}

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region' });
const squeeze = (t: string) => t.replace(/\s+/g, ' ').trim();

/**
 * Field 43 (card acceptor name/location, 40 characters). In the networks' layout it is the name
 * (25), the city (13) and the country (ISO 3166 alpha-2, 2); many acquirers send a free name only.
 * The layout is taken only when the field is all 40 characters, ends in a country code Intl knows
 * and both name and city are there; anything else is the name as sent (no city, no country).
 */
export function merchantLocationOf(field43: string): { name?: string; city?: string; country?: string } {
  const m = /^(.{25})(.{13})([A-Z]{2})$/.exec(field43);
  if (m) {
    const [name, city, country] = [squeeze(m[1]!), squeeze(m[2]!), m[3]!];
    if (name && city && !/\d/.test(city) && country !== 'ZZ' && REGIONS.of(country) !== country) return { name, city, country };
  }
  const name = squeeze(field43);
  return name ? { name } : {};
}

export type AdviceDraft = Omit<CardAdvice, 'customerId' | 'cardId'>;

/** The advice an 0120/0121/0220/0221/0420/0421 carries (fields already checked by the MTI rules). */
export function adviceOf(msg: IsoMessage, now: Date): AdviceDraft {
  const kind = ADVICE_KINDS[msg.mti];
  if (!kind) throw new AdviceFormatError(0, `MTI ${msg.mti} is not an advice`);
  const f = (n: number) => msg.fields.get(n) ?? '';
  const acquirer = f(32);
  if (acquirer === '') throw new AdviceFormatError(32, 'acquirer id is empty');
  const currency = currencyAlpha(f(49));
  if (!currency || CURRENCY_EXPONENT[currency] === undefined) throw new AdviceFormatError(49, 'currency not booked by the bank');
  // field 4 is in the minor unit of the currency in 49 (10000 is 10000 JPY, 100.00 EUR, 10.000 BHD)
  const amount = amountOf(4, f(4), f(49));
  if (!amount) throw new AdviceFormatError(49, 'currency not booked by the bank');
  const occurredAt = transmissionTime(f(7), now);
  if (!occurredAt) throw new AdviceFormatError(7, 'no such date');
  const merchantId = f(42).trim();
  const mcc = f(18);
  const advice: AdviceDraft = {
    kind,
    key: adviceKey(acquirer, f(11), f(37), f(7)),
    amountMinor: amount.minor,
    currency,
    // a reversal may leave out MCC and merchant: the original has them
    mcc: mcc === '' ? '0000' : mcc,
    merchantId: merchantId === '' ? 'UNKNOWN' : merchantId,
    occurredAt,
    repeat: msg.mti.endsWith('1'),
  };
  const acceptor = merchantLocationOf(f(43));
  if (acceptor.name) advice.merchantName = acceptor.name;
  if (acceptor.city) advice.merchantCity = acceptor.city;
  if (acceptor.country) advice.merchantCountry = acceptor.country;
  const billing = billingOf(msg);
  if (billing) advice.billing = billing;
  if (kind === 'REVERSAL') {
    const original = parseOriginalData(f(90));
    if (!/^0[12][02]0$/.test(original.mti)) throw new AdviceFormatError(90, 'original is not an authorisation or financial message');
    if (!transmissionTime(original.transmission, now)) throw new AdviceFormatError(90, 'original transmission date-time is no date');
    // the reversal carries the original's RRN in field 37, as the networks do
    advice.originalKey = adviceKey(acquirer, original.stan, f(37), original.transmission);
    const replacement = replacementAmount(f(95), advice.amountMinor);
    if (replacement !== undefined) advice.replacementAmountMinor = replacement;
  }
  return advice;
}

/**
 * Fields 6 (amount, cardholder billing: minor units of the currency in 51) and 10 (its conversion
 * rate): both 6 and 51 or neither; 10 only beside them.
 */
function billingOf(msg: IsoMessage): CardholderBilling | undefined {
  const amount = msg.fields.get(6);
  const currency = msg.fields.get(51);
  const rate = msg.fields.get(10);
  if (amount === undefined && currency === undefined) {
    if (rate !== undefined) throw new AdviceFormatError(10, 'a conversion rate without the cardholder billing amount');
    return undefined;
  }
  if (amount === undefined) throw new AdviceFormatError(6, 'cardholder billing currency without its amount');
  if (currency === undefined) throw new AdviceFormatError(51, 'cardholder billing amount without its currency');
  let money;
  try {
    money = amountOf(6, amount, currency);
  } catch (err) {
    if (err instanceof Iso8583Error) throw new AdviceFormatError(6, 'not an amount');
    throw err;
  }
  if (!money) throw new AdviceFormatError(51, 'billing currency not booked by the bank');
  const billing: CardholderBilling = { amountMinor: money.minor, currency: money.currency };
  if (rate !== undefined) {
    try {
      billing.rate = conversionRateOf(10, rate);
    } catch (err) {
      if (err instanceof Iso8583Error) throw new AdviceFormatError(10, 'not a conversion rate');
      throw err;
    }
  }
  return billing;
}

/**
 * Field 95 (an 42) of a partial reversal: its first 12 digits are the actual transaction amount,
 * what the original stands at after the reversal; never more than field 4.
 */
function replacementAmount(field95: string, amountMinor: bigint): bigint | undefined {
  if (field95 === '') return undefined;
  const actual = field95.slice(0, 12);
  if (!/^[0-9]{12}$/.test(actual)) throw new AdviceFormatError(95, 'actual transaction amount is not 12 digits');
  const replacement = BigInt(actual);
  if (replacement > amountMinor) throw new AdviceFormatError(95, 'replacement amount above the amount in field 4');
  return replacement;
}

const RESPONSE_ECHO = [3, 4, 7, 11, 12, 13, 32, 37, 41, 42, 49, 70, 90];

/** The answer to a request: MTI + 10 (x21 repeats answered as x30), the request's identifying elements, field 39. */
export function responseTo(mti: string, fields: ReadonlyMap<number, string>, code: string): IsoMessage {
  const responseMti = mti.slice(0, 2) + String(Number(mti[2]) + 1) + '0';
  const out = new Map<number, string>();
  for (const n of RESPONSE_ECHO) {
    const v = fields.get(n);
    if (v !== undefined) out.set(n, v);
  }
  out.set(39, code);
  return { mti: responseMti, fields: out };
}
