// What a customer id may look like wherever one arrives from outside a service (a route parameter,
// a card-feed record, a ledger journal): the core's ids, and nothing that could carry a path, a
// query or a log line of its own into a key.
export const CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isCustomerId(value: unknown): value is string {
  return typeof value === 'string' && CUSTOMER_ID.test(value);
}
