// Property tests of the codec: valid messages round-trip; random and mutated bytes either decode
// (and then encode back to the very same bytes) or raise Iso8583Error, nothing else.
import fc from 'fast-check';
import {
  ASCII_HEX_BITMAP,
  BINARY_BITMAP,
  decode,
  decodeLenient,
  type Dialect,
  encode,
  FIELDS,
  type FieldSpec,
  Iso8583Error,
  type IsoMessage,
  MOOV_1987_ASCII,
} from '../src';

// real sockets and thousands of runs: give a loaded machine room
jest.setTimeout(30000);

const DIGITS = '0123456789'.split('');
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split('');
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i));
const CHARS: Record<Exclude<FieldSpec['type'], 'b' | 'x+n'>, string[]> = {
  n: DIGITS,
  a: [...LETTERS, ' '],
  an: [...LETTERS, ...DIGITS, ' '],
  ans: PRINTABLE,
  ns: PRINTABLE.filter((c) => !/[A-Za-z]/.test(c)),
  z: [...DIGITS, ...'ABCDEF='.split('')],
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const mmdd = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([m, d]) => pad(m) + pad(d));
const hhmmss = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m, s]) => pad(h) + pad(m) + pad(s));
const yy = fc.integer({ min: 0, max: 99 }).map((y) => pad(y));
const month = fc.integer({ min: 1, max: 12 }).map((m) => pad(m));

function valueOf(spec: FieldSpec): fc.Arbitrary<string> {
  switch (spec.format) {
    case 'MMDDhhmmss':
      return fc.tuple(mmdd, hhmmss).map(([a, b]) => a + b);
    case 'hhmmss':
      return hhmmss;
    case 'MMDD':
      return mmdd;
    case 'YYMM':
      return fc.tuple(yy, month).map(([a, b]) => a + b);
    case 'YYMMDD':
      return fc.tuple(yy, mmdd).map(([a, b]) => a + b);
    default:
  }
  if (spec.type === 'b') {
    const bytes = Math.ceil(spec.length / 8);
    return fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex').toUpperCase());
  }
  if (spec.type === 'x+n') {
    return fc
      .tuple(fc.constantFrom('C', 'D'), fc.string({ unit: fc.constantFrom(...DIGITS), minLength: spec.length, maxLength: spec.length }))
      .map(([s, d]) => s + d);
  }
  const unit = fc.constantFrom(...CHARS[spec.type]);
  if (spec.lengthKind === 'FIXED') return fc.string({ unit, minLength: spec.length, maxLength: spec.length });
  // mostly short values; sometimes the maximum, the edge a length prefix must still hold
  return fc.oneof(
    { weight: 9, arbitrary: fc.string({ unit, minLength: 0, maxLength: Math.min(spec.length, 24) }) },
    { weight: 1, arbitrary: fc.string({ unit, minLength: spec.length, maxLength: spec.length }) },
  );
}

const SETTABLE = FIELDS.slice(2).filter((f) => f.number !== 65);
const messageArb: fc.Arbitrary<IsoMessage> = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 4, maxLength: 4 }),
    fc
      .subarray(SETTABLE, { minLength: 0, maxLength: 14 })
      .chain((specs) => fc.tuple(...specs.map((spec) => valueOf(spec).map((v) => [spec.number, v] as const)))),
  )
  .map(([mti, entries]) => ({ mti, fields: new Map(entries) }));

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; byte: number }
  | { kind: 'delete'; at: number }
  | { kind: 'digit'; at: number; byte: number };
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  // a digit for a digit: keeps the shape, moves lengths and bitmap bits around
  fc.record({ kind: fc.constant('digit' as const), at: fc.nat(), byte: fc.integer({ min: 0x30, max: 0x39 }) }),
);

function mutate(bytes: Buffer, mutations: Mutation[]): Buffer {
  let out = Buffer.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'flip' || m.kind === 'digit') {
      if (out.length > 0) out[at] = m.byte;
    } else if (m.kind === 'cut') out = out.subarray(0, at);
    else if (m.kind === 'insert') out = Buffer.concat([out.subarray(0, at), Buffer.from([m.byte]), out.subarray(at)]);
    else out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1)]);
  }
  return out;
}

/** decode either throws only Iso8583Error, or succeeds and encodes back to the same bytes */
function decodesSafely(bytes: Buffer, dialect: Dialect): boolean {
  let msg: IsoMessage;
  try {
    msg = decode(bytes, dialect);
  } catch (err) {
    if (!(err instanceof Iso8583Error)) throw err;
    const partial = decodeLenient(bytes, dialect);
    return partial.error?.code === err.code;
  }
  return encode(msg, dialect).equals(bytes);
}

const DIALECTS: Array<[string, Dialect]> = [
  ['binary bitmap', BINARY_BITMAP],
  ['ASCII-hex bitmap', ASCII_HEX_BITMAP],
  ['moov 1987 ASCII', MOOV_1987_ASCII],
];
// 3 x 1500 valid + 3 x 1500 mutated + 3 x 700 random = 11,100 runs
describe.each(DIALECTS)('codec properties, %s', (_name, dialect) => {
  it('valid messages round-trip: decode(encode(m)) = m and encode(decode(x)) = x', () => {
    fc.assert(
      fc.property(messageArb, (msg) => {
        const bytes = encode(msg, dialect);
        const back = decode(bytes, dialect);
        expect(back.mti).toBe(msg.mti);
        expect(back.fields).toEqual(msg.fields);
        return encode(back, dialect).equals(bytes);
      }),
      { numRuns: 1500, seed: 8583 },
    );
  });

  it('mutated messages decode to something that round-trips, or raise Iso8583Error', () => {
    fc.assert(
      fc.property(messageArb, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (msg, mutations) =>
        decodesSafely(mutate(encode(msg, dialect), mutations), dialect),
      ),
      { numRuns: 1500, seed: 8584 },
    );
  });

  it('random bytes (with and without a plausible MTI) never escape as anything but Iso8583Error', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 160 }), (withMti, body) =>
        decodesSafely(Buffer.concat([Buffer.from(withMti ? '0220' : ''), Buffer.from(body)]), dialect),
      ),
      { numRuns: 700, seed: 8585 },
    );
  });
});
