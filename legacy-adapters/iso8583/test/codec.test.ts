// The codec against moov-io's 1987 ASCII fixtures (copied with their licence), both dialects, and
// the typed errors for each kind of malformed input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ASCII_HEX_BITMAP,
  BINARY_BITMAP,
  bitmapsOf,
  checkMandatoryFields,
  decode,
  decodeLenient,
  encode,
  FIELDS,
  frame,
  FrameReader,
  Iso8583Error,
  message,
  MOOV_1987_ASCII,
} from '../src';
import { missing, nth } from '../../../test/support/present';

const DIR = join(__dirname, 'fixtures', 'moov-io');
const fixture = (name: string) => readFileSync(join(DIR, name));
const bits = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof Iso8583Error) return err.code;
    throw err;
  }
  return 'NO_ERROR';
}

/** moov-io's tests load these with the default 1987 specification (ASCII, hex bitmap). */
const VALID_1987_ASCII = [
  'financial_transaction_message.dat',
  'financial_transaction_message_response.dat',
  'iso_reversal_message.dat',
  'iso_reversal_message_response.dat',
  'iso_reversal_repeat_message.dat',
  'iso_reversal_repeat_message_response.dat',
  'network_management_message.dat',
  'network_management_message_response.dat',
  'network_management_message_with_track.dat',
  'iso_reversal_message_advice.dat',
  'iso_reversal_message_advice_missing_field.dat',
  'iso_reversal_message_advice_unexpected_field.dat',
];

describe('ISO 8583:1987 field table', () => {
  it('has all 128 data elements with the 1987 types and lengths', () => {
    expect(FIELDS.slice(1).map((f) => f.number)).toEqual(Array.from({ length: 128 }, (_, i) => i + 1));
    expect(FIELDS[2]).toMatchObject({ type: 'n', length: 19, lengthKind: 'LLVAR' });
    expect(FIELDS[35]).toMatchObject({ type: 'z', length: 37, lengthKind: 'LLVAR' });
    expect(FIELDS[43]).toMatchObject({ type: 'ans', length: 40, lengthKind: 'FIXED' });
    expect(FIELDS[48]).toMatchObject({ type: 'an', length: 999, lengthKind: 'LLLVAR' });
    expect(FIELDS[52]).toMatchObject({ type: 'b', length: 64, lengthKind: 'FIXED' });
    expect(FIELDS[90]).toMatchObject({ type: 'n', length: 42, lengthKind: 'FIXED' });
    expect(FIELDS[28]).toMatchObject({ type: 'x+n', length: 8 });
  });

  it("matches moov-io's specification_ver_1987.json element by element", () => {
    const spec = JSON.parse(fixture('specification_ver_1987.json').toString('latin1')) as { elements: Record<string, { Describe: string }> };
    for (let f = 1; f <= 128; f++) {
      const element = spec.elements[String(f)] ?? missing(`element ${f} in the moov-io specification`);
      const describe = nth(element.Describe.split(';'), 0).trim();
      const m = /^([a-z+]+)\s*(\.*)(\d+)$/.exec(describe);
      expect(m).not.toBeNull();
      const [, type, dots, len] = m as RegExpExecArray;
      const ours = nth(FIELDS, f);
      expect({ f, length: ours.length, kind: ours.lengthKind }).toEqual({
        f,
        length: Number(len),
        kind: dots === '...' ? 'LLLVAR' : dots === '..' ? 'LLVAR' : 'FIXED',
      });
      // moov-io writes 45 (track 1) as an; so do we
      expect({ f, type: ours.type }).toEqual({ f, type });
    }
  });
});

describe('moov-io 1987 ASCII fixtures', () => {
  it.each(VALID_1987_ASCII)('%s decodes and encodes back to the same bytes', (name) => {
    const bytes = fixture(name);
    const msg = decode(bytes, MOOV_1987_ASCII);
    expect(encode(msg, MOOV_1987_ASCII).equals(bytes)).toBe(true);
  });

  it('iso_reversal_message.dat decodes to exactly the elements its JSON and XML twins list', () => {
    const msg = decode(fixture('iso_reversal_message.dat'), MOOV_1987_ASCII);
    const twin = JSON.parse(fixture('iso_reversal_message.json').toString('utf8')) as { mti: string; bitmap: string; elements: Record<string, string> };
    const { primary, secondary } = bitmapsOf(msg);
    const ours: Record<string, string> = { '1': bits(secondary as Uint8Array) };
    for (const [f, v] of msg.fields) ours[String(f)] = v;
    expect(msg.mti).toBe(twin.mti);
    expect(bits(primary)).toBe(twin.bitmap);
    expect(ours).toEqual(twin.elements);

    const xml = fixture('iso_reversal_message.xml').toString('utf8');
    const fromXml: Record<string, string> = {};
    for (const [, number, value] of xml.matchAll(/<Element Number="(\d+)">([^<]*)<\/Element>/g)) {
      fromXml[number ?? missing('an element number')] = value ?? missing(`the value of element ${number}`);
    }
    expect(ours).toEqual(fromXml);
    expect(/<MTI>(\d+)<\/MTI>/.exec(xml)?.[1]).toBe(msg.mti);
  });

  it('reads the network management echo, its response and track data written in EBCDIC', () => {
    const echo = decode(fixture('network_management_message.dat'), MOOV_1987_ASCII);
    expect(Object.fromEntries(echo.fields)).toEqual({ 7: '0420090613', 11: '900001', 12: '090613', 13: '0420', 15: '0420', 70: '001' });
    const resp = decode(fixture('network_management_message_response.dat'), MOOV_1987_ASCII);
    expect(resp.mti).toBe('0810');
    expect(resp.fields.get(39)).toBe('00');
    expect(resp.fields.get(73)).toBe('031128');
    expect(decode(fixture('network_management_message_with_track.dat'), MOOV_1987_ASCII).fields.get(35)).toBe('FFF');
    const fin = decode(fixture('financial_transaction_message.dat'), MOOV_1987_ASCII);
    expect(fin.mti).toBe('0200');
    expect(fin.fields.get(42)).toBe('0800411        ');
    expect(fin.fields.get(32)).toBe('2000001');
  });

  it.each([
    ['error_message.dat', 'ISO8583_TRUNCATED'],
    ['iso_reversal_message_error_date.dat', 'ISO8583_BAD_FIELD_VALUE'],
    ['network_management_message_with_error_track.dat', 'ISO8583_BAD_FIELD_VALUE'],
  ])('%s is refused with %s', (name, code) => {
    expect(codeOf(() => decode(fixture(name), MOOV_1987_ASCII))).toBe(code);
  });

  it("applies the feed's per-MTI rules to the 0420 advice fixtures", () => {
    const missing = decode(fixture('iso_reversal_message_advice_missing_field.dat'), MOOV_1987_ASCII);
    const unexpected = decode(fixture('iso_reversal_message_advice_unexpected_field.dat'), MOOV_1987_ASCII);
    expect(codeOf(() => checkMandatoryFields(missing))).toBe('ISO8583_MISSING_FIELD');
    expect(codeOf(() => checkMandatoryFields(unexpected))).toBe('ISO8583_UNEXPECTED_FIELD');
    const err = (() => {
      try {
        checkMandatoryFields(unexpected);
      } catch (e) {
        return e as Iso8583Error;
      }
    })();
    expect(err?.field).toBe(14);
  });
});

describe('dialects', () => {
  const msg = message('0220', {
    2: '4165980000000001',
    3: '000000',
    4: '000000012345',
    7: '1123101112',
    11: '000042',
    18: '5411',
    32: '123456',
    37: '000000000042',
    42: 'M-00001        ',
    43: 'Corner Grocery Berlin                   ',
    49: '978',
    52: '0123456789ABCDEF',
    90: '022000004111231011110000012345600000000000',
  });

  it('binary bitmap: 8 raw bytes per bitmap, b elements as raw bytes', () => {
    const bytes = encode(msg, BINARY_BITMAP);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('0220');
    expect(nth(bytes, 4) & 0x80).toBe(0x80); // secondary bitmap present (field 90)
    const back = decode(bytes, BINARY_BITMAP);
    expect(Object.fromEntries(back.fields)).toEqual(Object.fromEntries(msg.fields));
    expect(encode(back, BINARY_BITMAP).equals(bytes)).toBe(true);
  });

  it('ASCII-hex bitmap: the same message as printable text, 16 + 16 bitmap characters longer', () => {
    const bin = encode(msg, BINARY_BITMAP);
    const hex = encode(msg, ASCII_HEX_BITMAP);
    expect(hex.length).toBe(bin.length + 16 + 8);
    expect(/^[\x20-\x7e]+$/.test(hex.toString('latin1'))).toBe(true);
    expect(Object.fromEntries(decode(hex, ASCII_HEX_BITMAP).fields)).toEqual(Object.fromEntries(msg.fields));
  });
});

describe('malformed input gives a typed error with a stable code', () => {
  const echo = encode(message('0800', { 7: '1123101112', 11: '000001', 70: '301' }));
  const hexEcho = encode(message('0800', { 7: '1123101112', 11: '000001', 70: '301' }), ASCII_HEX_BITMAP);

  it.each([
    ['empty', Buffer.alloc(0), 'ISO8583_TRUNCATED'],
    ['cut inside a value', echo.subarray(0, echo.length - 1), 'ISO8583_TRUNCATED'],
    ['MTI with letters', Buffer.concat([Buffer.from('08A0'), echo.subarray(4)]), 'ISO8583_BAD_MTI'],
    ['bytes after the last element', Buffer.concat([echo, Buffer.from('9')]), 'ISO8583_TRAILING_BYTES'],
  ])('%s', (_name, bytes, code) => {
    expect(codeOf(() => decode(bytes))).toBe(code);
  });

  it('letters in an n element', () => {
    const bad = Buffer.from(echo);
    bad[4 + 16] = 'X'.charCodeAt(0); // first digit of field 7
    expect(codeOf(() => decode(bad))).toBe('ISO8583_BAD_FIELD_VALUE');
  });

  it('a bad LLVAR length prefix and one over the maximum', () => {
    const pan = (len: string) => Buffer.concat([Buffer.from('0200'), Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0]), Buffer.from(len + '4165980000000001')]);
    expect(codeOf(() => decode(pan('1x')))).toBe('ISO8583_BAD_LENGTH');
    expect(codeOf(() => decode(pan('25')))).toBe('ISO8583_BAD_LENGTH');
    expect(codeOf(() => decode(pan('16')))).toBe('NO_ERROR');
  });

  it('bad bitmaps: not hex, an empty secondary, a tertiary', () => {
    const notHex = Buffer.from(hexEcho);
    notHex[5] = 'G'.charCodeAt(0);
    expect(codeOf(() => decode(notHex, ASCII_HEX_BITMAP))).toBe('ISO8583_BAD_BITMAP');
    // lower-case hex could not be written back byte for byte
    expect(codeOf(() => decode(Buffer.from('0800' + '2000000000000000' + '000000', 'latin1'), ASCII_HEX_BITMAP))).toBe('NO_ERROR');
    expect(codeOf(() => decode(Buffer.from('0800' + 'a000000000000000', 'latin1'), ASCII_HEX_BITMAP))).toBe('ISO8583_BAD_BITMAP');
    const emptySecondary = Buffer.from('0800' + '8000000000000000' + '0000000000000000', 'latin1');
    expect(codeOf(() => decode(emptySecondary, ASCII_HEX_BITMAP))).toBe('ISO8583_BAD_BITMAP');
    const tertiary = Buffer.from('0800' + '8000000000000000' + '8000000000000000' + '1', 'latin1');
    expect(codeOf(() => decode(tertiary, ASCII_HEX_BITMAP))).toBe('ISO8583_BAD_BITMAP');
  });

  it('encode refuses what decode would refuse', () => {
    expect(codeOf(() => encode(message('0800', { 11: '12345' })))).toBe('ISO8583_BAD_LENGTH');
    expect(codeOf(() => encode(message('0800', { 11: '12345A' })))).toBe('ISO8583_BAD_FIELD_VALUE');
    expect(codeOf(() => encode(message('0800', { 7: '1332101112' })))).toBe('ISO8583_BAD_FIELD_VALUE');
    expect(codeOf(() => encode(message('0800', { 1: '0000000000000000' })))).toBe('ISO8583_BAD_BITMAP');
    expect(codeOf(() => encode(message('08000', { 11: '123456' })))).toBe('ISO8583_BAD_MTI');
  });

  it('decodeLenient keeps what it read before the error (to address a format-error answer)', () => {
    const bytes = Buffer.from(encode(message('0220', { 7: '1123101112', 11: '000077', 18: '5411' })));
    bytes[bytes.length - 2] = 'X'.charCodeAt(0);
    const partial = decodeLenient(bytes);
    expect(partial.mti).toBe('0220');
    expect(partial.fields.get(11)).toBe('000077');
    expect(partial.error?.code).toBe('ISO8583_BAD_FIELD_VALUE');
    expect(partial.error?.field).toBe(18);
  });
});

describe('framing: 2-byte big-endian length header', () => {
  it('reassembles frames split across chunks and splits coalesced ones', () => {
    const a = Buffer.from('0800AAAAAAAA');
    const b = Buffer.from('0810BB');
    const wire = Buffer.concat([frame(a), frame(b), frame(a)]);
    expect(wire.readUInt16BE(0)).toBe(a.length);
    const reader = new FrameReader();
    const got: string[] = [];
    for (let i = 0; i < wire.length; i += 3) {
      for (const r of reader.push(wire.subarray(i, i + 3))) if (r.kind === 'frame') got.push(r.payload.toString());
    }
    expect(got).toEqual(['0800AAAAAAAA', '0810BB', '0800AAAAAAAA']);
    expect(reader.pending).toBe(0);
    const all = new FrameReader().push(wire);
    expect(all.map((r) => (r.kind === 'frame' ? r.payload.toString() : 'bad'))).toEqual(got);
  });

  it('reports a length header outside the allowed range (framing lost)', () => {
    const reader = new FrameReader(12, 4096);
    expect(reader.push(Buffer.from([0x00, 0x03, 0x41, 0x42, 0x43]))).toEqual([{ kind: 'bad-length', length: 3 }]);
    expect(new FrameReader(12, 4096).push(Buffer.from([0xff, 0xff]))).toEqual([{ kind: 'bad-length', length: 0xffff }]);
  });
});
