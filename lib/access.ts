// Object-level authorization shared by every subgraph: a customer reads only their own data;
// staff with the staff read scope read any customer (the gateway audits those reads).
import type { Caller } from './internal-auth';

export const STAFF_READ_SCOPE = 'staff:customers:read';
/** staff who define and schedule marketing campaigns (engagement), and those who only read them */
export const STAFF_CAMPAIGNS_WRITE_SCOPE = 'staff:campaigns:write';
export const STAFF_CAMPAIGNS_READ_SCOPE = 'staff:campaigns:read';
/** call-centre and branch staff who record contacts with customers (engagement), and those who only read them */
export const STAFF_CONTACTS_WRITE_SCOPE = 'staff:contacts:write';
export const STAFF_CONTACTS_READ_SCOPE = 'staff:contacts:read';
/** customer-experience leads who read the CX metrics (engagement cxMetrics): aggregates only, no customer's data */
export const STAFF_CX_READ_SCOPE = 'staff:cx:read';

/** A staff caller holding one of `scopes` (object-level: the gateway checked @requiresScopes already, a direct caller is checked here). */
export function isStaffWith(caller: Caller | undefined, ...scopes: readonly string[]): boolean {
  return caller?.channel === 'staff' && scopes.some((s) => caller.scopes.includes(s));
}

export function canReadCustomer(caller: Caller | undefined, customerId: string): boolean {
  if (!caller) return false;
  if (caller.customerId && caller.customerId === customerId) return true;
  return caller.channel === 'staff' && caller.scopes.includes(STAFF_READ_SCOPE);
}
