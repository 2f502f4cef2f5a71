// ISO 8583:1987 encode/decode. A message is its MTI and its data elements as text (b elements as
// upper-case hex); the bitmaps are derived from which elements are present, never stored, so
// encode(decode(x)) gives x back byte for byte for every x that decode accepts.
import { Iso8583Error } from './errors';
import { type DateFormat, FIELDS, type FieldSpec } from './fields';

export interface IsoMessage {
  /** four digits, e.g. 0220 */
  mti: string;
  /** data element number (2..128, never 1 or 65: those are bitmaps) -> value */
  fields: Map<number, string>;
}

/**
 * How the parts that differ between switches are written. The MTI, lengths and text elements
 * are ASCII in every dialect.
 */
export interface Dialect {
  name: string;
  /** binary: 8 raw bytes per bitmap (and raw bytes for b elements); hex: 16 upper-case hex characters */
  bitmap: 'binary' | 'hex';
  /** the character set of track data (z elements) */
  track: 'ascii' | 'ebcdic';
}

/** The card feed's default: ASCII text, binary bitmaps. */
export const BINARY_BITMAP: Dialect = Object.freeze({ name: 'binary-bitmap', bitmap: 'binary', track: 'ascii' });
/** Everything printable: bitmaps and b elements as hex characters. */
export const ASCII_HEX_BITMAP: Dialect = Object.freeze({ name: 'ascii-hex-bitmap', bitmap: 'hex', track: 'ascii' });
/**
 * moov-io's default 1987 encoding: hex bitmaps, ASCII text, EBCDIC track data. No switch of ours
 * speaks it; it stays so the codec is checked against another implementation's messages (the
 * moov-io fixtures in test/).
 */
export const MOOV_1987_ASCII: Dialect = Object.freeze({ name: 'moov-1987-ascii', bitmap: 'hex', track: 'ebcdic' });

const CHARSET: Record<Exclude<FieldSpec['type'], 'b' | 'x+n'>, RegExp> = {
  n: /^[0-9]*$/,
  a: /^[A-Za-z ]*$/,
  // fixed an elements are space padded (field 44's "GBAAASDD ERRR   ..."), so space belongs here
  an: /^[A-Za-z0-9 ]*$/,
  ans: /^[\x20-\x7e]*$/,
  ns: /^[0-9\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]*$/,
  z: /^[0-9A-F=]*$/,
};
const HEX = /^[0-9A-F]*$/;

const MM = '(0[1-9]|1[0-2])';
const DD = '(0[1-9]|[12][0-9]|3[01])';
const HHMMSS = '([01][0-9]|2[0-3])[0-5][0-9][0-5][0-9]';
const DATE_FORMATS: Record<DateFormat, RegExp> = {
  MMDDhhmmss: new RegExp(`^${MM}${DD}${HHMMSS}$`),
  hhmmss: new RegExp(`^${HHMMSS}$`),
  MMDD: new RegExp(`^${MM}${DD}$`),
  YYMM: new RegExp(`^[0-9]{2}${MM}$`),
  YYMMDD: new RegExp(`^[0-9]{2}${MM}${DD}$`),
};

// EBCDIC (code page 037) for the track 2/3 code set only; anything else is not track data
const EBCDIC_TO_TRACK = new Map<number, string>([
  ...Array.from({ length: 10 }, (_, i) => [0xf0 + i, String(i)] as [number, string]),
  ...Array.from({ length: 6 }, (_, i) => [0xc1 + i, 'ABCDEF'[i]] as [number, string]),
  [0x7e, '='],
]);
const TRACK_TO_EBCDIC = new Map<string, number>([...EBCDIC_TO_TRACK].map(([b, c]) => [c, b]));

/** Characters a value takes on the wire (b: bytes in the binary dialect, hex characters otherwise). */
function wireLength(spec: FieldSpec, valueLength: number, dialect: Dialect): number {
  if (spec.type === 'b' && dialect.bitmap === 'binary') return valueLength / 2;
  return valueLength;
}

/** The value length a fixed element must have (b: hex characters). */
function fixedValueLength(spec: FieldSpec): number {
  if (spec.type === 'b') return Math.ceil(spec.length / 8) * 2;
  if (spec.type === 'x+n') return spec.length + 1;
  return spec.length;
}

/** Checks a value against its element's type and length; throws Iso8583Error. */
function checkValue(spec: FieldSpec, value: string): void {
  const f = spec.number;
  if (spec.lengthKind === 'FIXED') {
    const want = fixedValueLength(spec);
    if (value.length !== want) throw new Iso8583Error('ISO8583_BAD_LENGTH', `length ${value.length}, must be ${want}`, f);
  } else {
    const max = spec.type === 'b' ? spec.length * 2 : spec.length;
    if (value.length > max) throw new Iso8583Error('ISO8583_BAD_LENGTH', `length ${value.length} over the maximum ${max}`, f);
    if (spec.type === 'b' && value.length % 2 !== 0) throw new Iso8583Error('ISO8583_BAD_LENGTH', 'odd number of hex digits', f);
  }
  let ok: boolean;
  if (spec.type === 'b') ok = HEX.test(value);
  else if (spec.type === 'x+n') ok = /^[CD][0-9]*$/.test(value);
  else ok = CHARSET[spec.type].test(value);
  if (!ok) throw new Iso8583Error('ISO8583_BAD_FIELD_VALUE', `not a valid ${spec.type} value`, f);
  if (spec.format && !DATE_FORMATS[spec.format].test(value)) {
    throw new Iso8583Error('ISO8583_BAD_FIELD_VALUE', `not a valid ${spec.format}`, f);
  }
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  take(n: number, what: string, field?: number): Uint8Array {
    if (this.remaining < n) throw new Iso8583Error('ISO8583_TRUNCATED', `${what}: needs ${n} bytes, ${this.remaining} left`, field);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  text(n: number, what: string, field?: number): string {
    return latin1(this.take(n, what, field));
  }
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

function readBitmap(r: Reader, dialect: Dialect, which: string): Uint8Array {
  if (dialect.bitmap === 'binary') return Uint8Array.from(r.take(8, which));
  const text = r.text(16, which);
  if (!HEX.test(text)) throw new Iso8583Error('ISO8583_BAD_BITMAP', `${which} is not 16 upper-case hex digits`);
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

// a bit past the bitmap's bytes reads as not set
const bitSet = (bitmap: Uint8Array, bit: number) => ((bitmap[(bit - 1) >> 3] ?? 0) & (0x80 >> ((bit - 1) & 7))) !== 0;

/** The spec of data element f; callers keep f in 2..128 (the bitmaps), so a miss is a bug, refused as such. */
function specOf(f: number): FieldSpec {
  const spec = FIELDS[f];
  if (!spec) throw new Iso8583Error('ISO8583_UNEXPECTED_FIELD', 'no such data element', f);
  return spec;
}

function readLength(r: Reader, digits: number, spec: FieldSpec): number {
  const text = r.text(digits, 'length prefix', spec.number);
  if (!/^[0-9]+$/.test(text)) throw new Iso8583Error('ISO8583_BAD_LENGTH', 'length prefix is not digits', spec.number);
  return Number(text);
}

function readField(r: Reader, spec: FieldSpec, dialect: Dialect): string {
  const f = spec.number;
  let chars: number;
  if (spec.lengthKind === 'FIXED') {
    chars = wireLength(spec, fixedValueLength(spec), dialect);
  } else {
    chars = readLength(r, spec.lengthKind === 'LLVAR' ? 2 : 3, spec);
    const max = spec.type === 'b' && dialect.bitmap !== 'binary' ? spec.length * 2 : spec.length;
    if (chars > max) throw new Iso8583Error('ISO8583_BAD_LENGTH', `length ${chars} over the maximum ${max}`, f);
  }
  const raw = r.take(chars, 'value', f);
  let value: string;
  if (spec.type === 'b' && dialect.bitmap === 'binary') value = toHex(raw);
  else if (spec.type === 'z' && dialect.track === 'ebcdic') {
    value = '';
    for (const b of raw) {
      const c = EBCDIC_TO_TRACK.get(b);
      if (c === undefined) throw new Iso8583Error('ISO8583_BAD_FIELD_VALUE', 'not track data', f);
      value += c;
    }
  } else value = latin1(raw);
  checkValue(spec, value);
  return value;
}

/** What decodeLenient could read before it failed: enough to address a format-error answer. */
interface PartialDecode {
  mti?: string;
  fields: Map<number, string>;
  error?: Iso8583Error;
}

function decodeInto(buf: Uint8Array, dialect: Dialect, out: PartialDecode): void {
  const r = new Reader(buf);
  const mti = r.text(4, 'MTI');
  if (!/^[0-9]{4}$/.test(mti)) throw new Iso8583Error('ISO8583_BAD_MTI', 'MTI is not four digits');
  out.mti = mti;
  const primary = readBitmap(r, dialect, 'primary bitmap');
  let secondary: Uint8Array | undefined;
  if (bitSet(primary, 1)) {
    secondary = readBitmap(r, dialect, 'secondary bitmap');
    // an empty secondary bitmap could not be written again from the elements: refuse it
    if (secondary.every((b) => b === 0)) throw new Iso8583Error('ISO8583_BAD_BITMAP', 'secondary bitmap announced but empty');
    if (bitSet(secondary, 1)) throw new Iso8583Error('ISO8583_BAD_BITMAP', 'tertiary bitmap (field 65) is not supported');
  }
  for (let f = 2; f <= 128; f++) {
    const present = f <= 64 ? bitSet(primary, f) : secondary !== undefined && bitSet(secondary, f - 64);
    if (present) out.fields.set(f, readField(r, specOf(f), dialect));
  }
  if (r.remaining > 0) throw new Iso8583Error('ISO8583_TRAILING_BYTES', `${r.remaining} bytes after the last element`);
}

/** Decodes one message (no length header). Throws Iso8583Error for anything malformed. */
export function decode(buf: Uint8Array, dialect: Dialect = BINARY_BITMAP): IsoMessage {
  const out: PartialDecode = { fields: new Map() };
  decodeInto(buf, dialect, out);
  return { mti: out.mti as string, fields: out.fields };
}

/** Like decode, but returns what was read before an error instead of throwing. */
export function decodeLenient(buf: Uint8Array, dialect: Dialect = BINARY_BITMAP): PartialDecode {
  const out: PartialDecode = { fields: new Map() };
  try {
    decodeInto(buf, dialect, out);
  } catch (err) {
    if (!(err instanceof Iso8583Error)) throw err;
    out.error = err;
  }
  return out;
}

/** The bitmaps a message is sent with (secondary only when an element above 64 is present). */
export function bitmapsOf(msg: IsoMessage): { primary: Uint8Array; secondary?: Uint8Array } {
  const primary = new Uint8Array(8);
  const secondary = new Uint8Array(8);
  const set = (bm: Uint8Array, bit: number) => {
    const i = (bit - 1) >> 3;
    bm[i] = (bm[i] ?? 0) | (0x80 >> ((bit - 1) & 7));
  };
  for (const f of msg.fields.keys()) {
    if (!Number.isInteger(f) || f < 2 || f > 128 || f === 65) {
      throw new Iso8583Error('ISO8583_BAD_BITMAP', `element ${f} cannot be set (1 and 65 are bitmaps)`);
    }
    if (f <= 64) set(primary, f);
    else set(secondary, f - 64);
  }
  if (secondary.some((b) => b !== 0)) {
    set(primary, 1);
    return { primary, secondary };
  }
  return { primary };
}

/** Encodes a message (no length header). Throws Iso8583Error for a value the element cannot hold. */
export function encode(msg: IsoMessage, dialect: Dialect = BINARY_BITMAP): Buffer {
  if (!/^[0-9]{4}$/.test(msg.mti)) throw new Iso8583Error('ISO8583_BAD_MTI', 'MTI is not four digits');
  const numbers = [...msg.fields.keys()].sort((a, b) => a - b);
  const { primary, secondary } = bitmapsOf(msg);
  const parts: Buffer[] = [Buffer.from(msg.mti, 'latin1')];
  const bitmapBytes = (bm: Uint8Array) => (dialect.bitmap === 'binary' ? Buffer.from(bm) : Buffer.from(toHex(bm), 'latin1'));
  parts.push(bitmapBytes(primary));
  if (secondary) parts.push(bitmapBytes(secondary));
  for (const f of numbers) {
    const spec = specOf(f);
    const value = msg.fields.get(f) as string;
    checkValue(spec, value);
    let raw: Buffer;
    if (spec.type === 'b' && dialect.bitmap === 'binary') raw = Buffer.from(value, 'hex');
    else if (spec.type === 'z' && dialect.track === 'ebcdic') raw = Buffer.from([...value].map((c) => TRACK_TO_EBCDIC.get(c) as number));
    else raw = Buffer.from(value, 'latin1');
    if (spec.lengthKind !== 'FIXED') {
      const digits = spec.lengthKind === 'LLVAR' ? 2 : 3;
      parts.push(Buffer.from(String(raw.length).padStart(digits, '0'), 'latin1'));
    }
    parts.push(raw);
  }
  return Buffer.concat(parts);
}

/** Convenience for building messages: message('0800', { 7: '...', 11: '...', 70: '301' }). */
export function message(mti: string, fields: Record<number, string>): IsoMessage {
  return { mti, fields: new Map(Object.entries(fields).map(([k, v]) => [Number(k), v])) };
}
