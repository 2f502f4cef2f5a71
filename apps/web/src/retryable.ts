// Codes after which the same request may succeed later (`retryable` in lib/error-codes.ts, plus
// NETWORK: no answer arrived at all). A form that gets one keeps its attempt: "Retry" re-sends the
// same input with the same idempotency key, so a transfer whose answer was lost (CORE_TIMEOUT: it
// may have been booked) is never made twice. apps/web/test/messages.test.ts keeps this list equal
// to the registry's.
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'NETWORK',
  'RATE_LIMITED',
  'SERVICE_OVERLOADED',
  'PARTNER_REGISTRY_UNAVAILABLE',
  'AUDIT_UNAVAILABLE',
  'SUBSCRIPTION_LIMIT_REACHED',
  'DOWNSTREAM_SERVICE_ERROR',
  'SUBSCRIPTION_CONSUMER_TOO_SLOW',
  'CORE_UNAVAILABLE',
  'CORE_TIMEOUT',
  'CORE_ERROR',
  'REDEMPTION_IN_PROGRESS',
  'ACCOUNTS_UNAVAILABLE',
]);
