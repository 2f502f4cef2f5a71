// What a customer sees of the staff member who read their data: `Agent-` and 8 base32 characters
// of HMAC-SHA256(key, staff subject). Stable per staff member (two reads by the same agent show the
// same name), but without the key nobody can tell which staff id it is, nor try staff ids to find
// out. 40 bits: collisions between a bank's staff are negligible, and the name stays short.
import { createHmac } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding. */
function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export type StaffPseudonym = (staffSubject: string) => string;

/** The pseudonym function for `key` (ENGAGEMENT_STAFF_PSEUDONYM_KEY, or the development secret under KEYS_DIR). */
export function staffPseudonym(key: string): StaffPseudonym {
  if (key.length < 16) throw new Error('the staff pseudonym key must be at least 16 characters');
  return (subject) => `Agent-${base32(createHmac('sha256', key).update(subject, 'utf8').digest()).slice(0, 8)}`;
}
