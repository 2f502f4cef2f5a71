// Message authentication for the card feed (ISO 8583 elements 64 / 128). The codec has no MAC
// algorithm of its own, so the scheme is HMAC-SHA-256 with a shared key over the message bytes as
// sent, from the MTI up to (not including) the MAC element, truncated to its first 8 bytes.
// The MAC is the message's last element: 128 when a secondary bitmap is present, 64 otherwise.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BINARY_BITMAP, type Dialect, encode, type IsoMessage } from './codec';

const MAC_BYTES = 8;

/** the element that carries the MAC of a message with these elements (64 or 128) */
function macElement(fields: Iterable<number>): 64 | 128 {
  for (const f of fields) if (f > 64) return 128;
  return 64;
}

/** bytes the MAC value takes at the end of an encoded message */
const macWireLength = (dialect: Dialect) => (dialect.bitmap === 'binary' ? MAC_BYTES : MAC_BYTES * 2);

function macOf(key: Uint8Array, signedPart: Uint8Array): Buffer {
  return createHmac('sha256', key).update(signedPart).digest().subarray(0, MAC_BYTES);
}

/** `msg` encoded with its MAC in 64 or 128 (any MAC it carried is replaced). */
export function encodeWithMac(msg: IsoMessage, key: Uint8Array, dialect: Dialect = BINARY_BITMAP): Buffer {
  const fields = new Map(msg.fields);
  fields.delete(64);
  fields.delete(128);
  fields.set(macElement(fields.keys()), '0'.repeat(MAC_BYTES * 2));
  const bytes = Buffer.from(encode({ mti: msg.mti, fields }, dialect));
  const at = bytes.length - macWireLength(dialect);
  const mac = macOf(key, bytes.subarray(0, at));
  if (dialect.bitmap === 'binary') mac.copy(bytes, at);
  else bytes.write(mac.toString('hex').toUpperCase(), at, 'latin1');
  return bytes;
}

/**
 * Whether `payload` (the bytes received) carries a MAC made with `key`, in the element where it
 * belongs; `msg` is its decoding. Compared in constant time.
 */
export function hasValidMac(payload: Uint8Array, msg: IsoMessage, key: Uint8Array, dialect: Dialect = BINARY_BITMAP): boolean {
  const element = macElement(msg.fields.keys());
  // with a secondary bitmap the MAC is 128; a 64 beside it would be signed over, not a MAC
  if (element === 128 && msg.fields.has(64)) return false;
  const given = Buffer.from(msg.fields.get(element) ?? '', 'hex');
  if (given.length !== MAC_BYTES) return false;
  const expected = macOf(key, payload.subarray(0, payload.length - macWireLength(dialect)));
  return timingSafeEqual(expected, given);
}
