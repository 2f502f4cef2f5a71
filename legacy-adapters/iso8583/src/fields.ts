// The ISO 8583:1987 data elements: type, length and how the length is carried. The table follows
// the 1987 standard (as also published in moov-io's specification_ver_1987.json).

/**
 * n: digits; a: letters; an: letters, digits (and space padding); ans: printable ASCII;
 * ns: digits and specials; z: track 2/3 code set (digits, A-F, =); b: binary (length in bits);
 * x+n: C (credit) or D (debit) followed by `length` digits.
 */
type FieldType = 'n' | 'a' | 'an' | 'ans' | 'ns' | 'z' | 'b' | 'x+n';
type LengthKind = 'FIXED' | 'LLVAR' | 'LLLVAR';

/** date/time layouts some n elements must follow */
export type DateFormat = 'MMDDhhmmss' | 'hhmmss' | 'MMDD' | 'YYMM' | 'YYMMDD';

export interface FieldSpec {
  number: number;
  format?: DateFormat;
  type: FieldType;
  /** fixed length, or the maximum of a variable one (characters; bits for b) */
  length: number;
  lengthKind: LengthKind;
  name: string;
}

type Row = [FieldType, string, string];
// [type, length as in the standard ("6", "..19", "...999"), name]
const ROWS: Record<number, Row> = {
  1: ['b', '64', 'Secondary bitmap'],
  2: ['n', '..19', 'Primary account number (PAN)'],
  3: ['n', '6', 'Processing code'],
  4: ['n', '12', 'Amount, transaction'],
  5: ['n', '12', 'Amount, settlement'],
  6: ['n', '12', 'Amount, cardholder billing'],
  7: ['n', '10', 'Transmission date & time (MMDDhhmmss)'],
  8: ['n', '8', 'Amount, cardholder billing fee'],
  9: ['n', '8', 'Conversion rate, settlement'],
  10: ['n', '8', 'Conversion rate, cardholder billing'],
  11: ['n', '6', 'System trace audit number (STAN)'],
  12: ['n', '6', 'Local transaction time (hhmmss)'],
  13: ['n', '4', 'Local transaction date (MMDD)'],
  14: ['n', '4', 'Expiration date (YYMM)'],
  15: ['n', '4', 'Settlement date (MMDD)'],
  16: ['n', '4', 'Currency conversion date (MMDD)'],
  17: ['n', '4', 'Capture date (MMDD)'],
  18: ['n', '4', 'Merchant type (MCC)'],
  19: ['n', '3', 'Acquiring institution country code'],
  20: ['n', '3', 'PAN extended, country code'],
  21: ['n', '3', 'Forwarding institution country code'],
  22: ['n', '3', 'Point of service entry mode'],
  23: ['n', '3', 'Application PAN sequence number'],
  24: ['n', '3', 'Network international identifier (NII)'],
  25: ['n', '2', 'Point of service condition code'],
  26: ['n', '2', 'Point of service capture code'],
  27: ['n', '1', 'Authorizing identification response length'],
  28: ['x+n', '8', 'Amount, transaction fee'],
  29: ['x+n', '8', 'Amount, settlement fee'],
  30: ['x+n', '8', 'Amount, transaction processing fee'],
  31: ['x+n', '8', 'Amount, settlement processing fee'],
  32: ['n', '..11', 'Acquiring institution identification code'],
  33: ['n', '..11', 'Forwarding institution identification code'],
  34: ['ns', '..28', 'Primary account number, extended'],
  35: ['z', '..37', 'Track 2 data'],
  36: ['n', '...104', 'Track 3 data'],
  37: ['an', '12', 'Retrieval reference number'],
  38: ['an', '6', 'Authorization identification response'],
  39: ['an', '2', 'Response code'],
  40: ['an', '3', 'Service restriction code'],
  41: ['ans', '8', 'Card acceptor terminal identification'],
  42: ['ans', '15', 'Card acceptor identification code'],
  43: ['ans', '40', 'Card acceptor name/location'],
  44: ['an', '..25', 'Additional response data'],
  45: ['an', '..76', 'Track 1 data'],
  46: ['an', '...999', 'Additional data (ISO)'],
  47: ['an', '...999', 'Additional data (national)'],
  48: ['an', '...999', 'Additional data (private)'],
  49: ['n', '3', 'Currency code, transaction'],
  50: ['n', '3', 'Currency code, settlement'],
  51: ['n', '3', 'Currency code, cardholder billing'],
  52: ['b', '64', 'Personal identification number data'],
  53: ['n', '16', 'Security related control information'],
  54: ['an', '...120', 'Additional amounts'],
  55: ['ans', '...999', 'Reserved (ISO)'],
  56: ['ans', '...999', 'Reserved (ISO)'],
  57: ['ans', '...999', 'Reserved (national)'],
  58: ['ans', '...999', 'Reserved (national)'],
  59: ['ans', '...999', 'Reserved (national)'],
  60: ['ans', '...999', 'Reserved (national)'],
  61: ['ans', '...999', 'Reserved (private)'],
  62: ['ans', '...999', 'Reserved (private)'],
  63: ['ans', '...999', 'Reserved (private)'],
  64: ['b', '64', 'Message authentication code (MAC)'],
  65: ['b', '1', 'Extended bitmap indicator'],
  66: ['n', '1', 'Settlement code'],
  67: ['n', '2', 'Extended payment code'],
  68: ['n', '3', 'Receiving institution country code'],
  69: ['n', '3', 'Settlement institution country code'],
  70: ['n', '3', 'Network management information code'],
  71: ['n', '4', 'Message number'],
  72: ['n', '4', 'Message number, last'],
  73: ['n', '6', 'Date, action (YYMMDD)'],
  74: ['n', '10', 'Credits, number'],
  75: ['n', '10', 'Credits, reversal number'],
  76: ['n', '10', 'Debits, number'],
  77: ['n', '10', 'Debits, reversal number'],
  78: ['n', '10', 'Transfer number'],
  79: ['n', '10', 'Transfer, reversal number'],
  80: ['n', '10', 'Inquiries number'],
  81: ['n', '10', 'Authorizations, number'],
  82: ['n', '12', 'Credits, processing fee amount'],
  83: ['n', '12', 'Credits, transaction fee amount'],
  84: ['n', '12', 'Debits, processing fee amount'],
  85: ['n', '12', 'Debits, transaction fee amount'],
  86: ['n', '16', 'Credits, amount'],
  87: ['n', '16', 'Credits, reversal amount'],
  88: ['n', '16', 'Debits, amount'],
  89: ['n', '16', 'Debits, reversal amount'],
  90: ['n', '42', 'Original data elements'],
  91: ['an', '1', 'File update code'],
  92: ['an', '2', 'File security code'],
  93: ['an', '5', 'Response indicator'],
  94: ['an', '7', 'Service indicator'],
  95: ['an', '42', 'Replacement amounts'],
  96: ['b', '64', 'Message security code'],
  97: ['x+n', '16', 'Amount, net settlement'],
  98: ['ans', '25', 'Payee'],
  99: ['n', '..11', 'Settlement institution identification code'],
  100: ['n', '..11', 'Receiving institution identification code'],
  101: ['ans', '..17', 'File name'],
  102: ['ans', '..28', 'Account identification 1'],
  103: ['ans', '..28', 'Account identification 2'],
  104: ['ans', '...100', 'Transaction description'],
  128: ['b', '64', 'Message authentication code (MAC)'],
};
for (let f = 105; f <= 127; f++) {
  ROWS[f] = ['ans', '...999', f <= 111 ? 'Reserved for ISO use' : f <= 119 ? 'Reserved for national use' : 'Reserved for private use'];
}

const FORMATS: Record<number, DateFormat> = { 7: 'MMDDhhmmss', 12: 'hhmmss', 13: 'MMDD', 14: 'YYMM', 15: 'MMDD', 16: 'MMDD', 17: 'MMDD', 73: 'YYMMDD' };

function toSpec(number: number, [type, len, name]: Row): FieldSpec {
  const lengthKind: LengthKind = len.startsWith('...') ? 'LLLVAR' : len.startsWith('..') ? 'LLVAR' : 'FIXED';
  const spec: FieldSpec = { number, type, length: Number(len.replace(/\./g, '')), lengthKind, name };
  if (FORMATS[number]) spec.format = FORMATS[number];
  return spec;
}

function rowOf(number: number): Row {
  const row = ROWS[number];
  if (!row) throw new Error(`ISO 8583 field table: no row for data element ${number}`);
  return row;
}

/** FIELDS[n] is data element n (1..128); index 0 is unused. */
export const FIELDS: readonly FieldSpec[] = Object.freeze(
  Array.from({ length: 129 }, (_, n) => (n === 0 ? (undefined as unknown as FieldSpec) : toSpec(n, rowOf(n)))),
);
