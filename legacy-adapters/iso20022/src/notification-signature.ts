// The core's notifications are signed so the receiver knows they came from the core and arrived
// as sent: HMAC-SHA256 over the raw body with a secret both sides hold, hex in one header. Replays
// are harmless (the receiver is idempotent by entry reference), so no timestamp is signed.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<64 hex>` over the exact bytes of the body. */
export const NOTIFICATION_SIGNATURE_HEADER = 'x-core-signature';

export function signNotification(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Does the header carry the body's signature under this secret? (constant time) */
export function verifyNotification(body: string | Uint8Array, header: string | string[] | undefined, secret: string): boolean {
  const given = Array.isArray(header) ? header[0] : header;
  if (!given || !/^sha256=[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(signNotification(body, secret)));
}
