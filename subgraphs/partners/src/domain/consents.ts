// A customer's consents to share data with partners, as the resolvers, the /internal routes and
// the store (db/consent-store.ts) speak of them.

/** Shape of a customer id as the core and the gateway give it; another shape cannot have a consent. */
export const CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export const CONSENT_SCOPES = ['PROFILE_BASIC', 'LOYALTY_TIER', 'SPEND_CATEGORIES'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export function isConsentScope(value: string): value is ConsentScope {
  return (CONSENT_SCOPES as readonly string[]).includes(value);
}

/** Scopes without duplicates, in the one canonical order. */
export function canonicalScopes(scopes: readonly ConsentScope[]): ConsentScope[] {
  return CONSENT_SCOPES.filter((s) => scopes.includes(s));
}

export interface ConsentState {
  customerId: string;
  partnerId: string;
  /** 1 for the first grant, +1 for every change after */
  version: number;
  /** the scopes in force; empty once revoked */
  scopes: ConsentScope[];
  /** ISO 8601, UTC */
  updatedAt: string;
}

export type ConsentAction = 'GRANTED' | 'REVOKED';

export interface ConsentEvent {
  version: number;
  action: ConsentAction;
  /** the scopes in force after this change (empty for a revocation) */
  scopes: ConsentScope[];
  recordedAt: string;
}

export type ChangeOutcome = { kind: 'CHANGED' | 'UNCHANGED'; state: ConsentState | null } | { kind: 'PARTNER_NOT_FOUND' };

/** Key of one customer/partner pair in loaders. */
export function pairKey(customerId: string, partnerId: string): string {
  return `${customerId}\u0000${partnerId}`;
}
