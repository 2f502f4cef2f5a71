// Object-level authorization shared by every subgraph: a customer reads only their own data;
// staff with the staff read scope read any customer (the gateway audits those reads).
import type { Caller } from './internal-auth';

export const STAFF_READ_SCOPE = 'staff:customers:read';

export function canReadCustomer(caller: Caller | undefined, customerId: string): boolean {
  if (!caller) return false;
  if (caller.customerId && caller.customerId === customerId) return true;
  return caller.channel === 'staff' && caller.scopes.includes(STAFF_READ_SCOPE);
}
