// The card feed's message MAC (fields 64/128): HMAC-SHA-256 truncated to 8 bytes over the bytes up
// to the MAC, in both bitmap dialects; any changed byte, another key or a misplaced MAC fails.
import { createHmac } from 'node:crypto';
import { ASCII_HEX_BITMAP, BINARY_BITMAP, decode, type Dialect, encodeWithMac, hasValidMac, message } from '../../src';

const KEY = Buffer.alloc(32, 0x5a);
const purchase = () => message('0220', { 2: '4165981234567897', 3: '000000', 4: '000000012345', 7: '1123115959', 11: '000001', 49: '978' });
const withSecondary = () => message('0420', { 2: '4165981234567897', 4: '000000012345', 11: '000002', 90: '0'.repeat(42) });

describe.each([
  ['binary bitmap', BINARY_BITMAP],
  ['ASCII-hex bitmap', ASCII_HEX_BITMAP],
] as Array<[string, Dialect]>)('MAC in the %s dialect', (_name, dialect) => {
  it('signs into 64 without a secondary bitmap and 128 with one, and verifies its own signature', () => {
    const a = encodeWithMac(purchase(), KEY, dialect);
    const b = encodeWithMac(withSecondary(), KEY, dialect);
    expect(decode(a, dialect).fields.has(64)).toBe(true);
    expect(decode(b, dialect).fields.has(128)).toBe(true);
    expect(decode(b, dialect).fields.has(64)).toBe(false);
    expect(hasValidMac(a, decode(a, dialect), KEY, dialect)).toBe(true);
    expect(hasValidMac(b, decode(b, dialect), KEY, dialect)).toBe(true);
  });

  it('is the documented scheme: the first 8 bytes of HMAC-SHA-256 over everything before the MAC', () => {
    const bytes = encodeWithMac(purchase(), KEY, dialect);
    const tail = dialect.bitmap === 'binary' ? 8 : 16;
    const mac = createHmac('sha256', KEY)
      .update(bytes.subarray(0, bytes.length - tail))
      .digest()
      .subarray(0, 8);
    expect(decode(bytes, dialect).fields.get(64)).toBe(mac.toString('hex').toUpperCase());
  });

  it('fails for a changed byte, another key, a missing MAC or a 64 beside a secondary bitmap', () => {
    const bytes = encodeWithMac(purchase(), KEY, dialect);
    const changed = Buffer.from(bytes);
    changed[changed.indexOf(Buffer.from('12345'))] = '9'.charCodeAt(0);
    expect(hasValidMac(changed, decode(changed, dialect), KEY, dialect)).toBe(false);
    expect(hasValidMac(bytes, decode(bytes, dialect), Buffer.alloc(32, 1), dialect)).toBe(false);
    const unsigned = purchase();
    expect(hasValidMac(Buffer.alloc(40), unsigned, KEY, dialect)).toBe(false);
    const both = encodeWithMac(withSecondary(), KEY, dialect);
    const msg = decode(both, dialect);
    msg.fields.set(64, msg.fields.get(128) as string);
    expect(hasValidMac(both, msg, KEY, dialect)).toBe(false);
  });
});
