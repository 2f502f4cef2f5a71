// Which data elements each message the card feed handles must carry and may carry. Checked after
// decoding: unexpected elements first (a message with foreign elements is not the message it
// claims to be), then missing ones.
import { Iso8583Error } from './errors';
import type { IsoMessage } from './codec';

interface MtiRule {
  mandatory: readonly number[];
  optional: readonly number[];
}

/** the message authentication code: 64, or 128 when a secondary bitmap is present (mac.ts) */
const MAC = [64, 128];
const ECHO: MtiRule = { mandatory: [7, 11, 70], optional: [12, 13, 15, 32, 33, 37, 48, 53, ...MAC] };
const ECHO_RESPONSE: MtiRule = { mandatory: [7, 11, 39, 70], optional: [12, 13, 15, 32, 33, 37, 44, 48, 53, 73, ...MAC] };
// 6, 10, 51: the amount in the cardholder's billing currency, its conversion rate and currency
const ADVICE_OPTIONAL = [6, 10, 12, 13, 14, 15, 17, 19, 22, 23, 25, 26, 33, 38, 39, 41, 43, 48, 51, 54, 55, 63, ...MAC];
/** a purchase advice: PAN, processing code, amount, time, STAN, MCC, acquirer, RRN, merchant, currency */
const ADVICE: MtiRule = { mandatory: [2, 3, 4, 7, 11, 18, 32, 37, 42, 49], optional: ADVICE_OPTIONAL };
/** a reversal advice also names the original (field 90) */
const REVERSAL: MtiRule = { mandatory: [2, 3, 4, 7, 11, 32, 37, 49, 90], optional: [...ADVICE_OPTIONAL.filter((f) => f !== 14), 18, 42, 95] };
const ADVICE_RESPONSE: MtiRule = { mandatory: [7, 11, 32, 37, 39], optional: [2, 3, 4, 12, 13, 15, 33, 41, 42, 44, 49, 90, ...MAC] };

const MTI_RULES: Readonly<Record<string, MtiRule>> = Object.freeze({
  '0800': ECHO,
  '0810': ECHO_RESPONSE,
  '0120': ADVICE,
  '0121': ADVICE,
  '0220': ADVICE,
  '0221': ADVICE,
  '0420': REVERSAL,
  '0421': REVERSAL,
  '0130': ADVICE_RESPONSE,
  '0230': ADVICE_RESPONSE,
  '0430': ADVICE_RESPONSE,
});

/** Throws ISO8583_UNEXPECTED_FIELD / ISO8583_MISSING_FIELD; an MTI without a rule passes unchecked. */
export function checkMandatoryFields(msg: IsoMessage): void {
  const rule = MTI_RULES[msg.mti];
  if (!rule) return;
  const allowed = new Set([...rule.mandatory, ...rule.optional]);
  for (const f of [...msg.fields.keys()].sort((a, b) => a - b)) {
    if (!allowed.has(f)) throw new Iso8583Error('ISO8583_UNEXPECTED_FIELD', `not allowed in ${msg.mti}`, f);
  }
  for (const f of rule.mandatory) {
    if (!msg.fields.has(f)) throw new Iso8583Error('ISO8583_MISSING_FIELD', `mandatory in ${msg.mti}`, f);
  }
}
