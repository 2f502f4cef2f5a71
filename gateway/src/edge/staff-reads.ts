// "No audit, no access": a staff operation that names customers runs only once engagement has
// stored its audit record, one row per customer (POST /internal/staff-reads), which is what the
// customer's "who looked at my data" (Customer.staffReads) lists. So that list holds exactly the
// staff reads made: the record is taken before any data is read, and a staff read that cannot be
// recorded (engagement down, slow past STAFF_READ_TIMEOUT_MS, or refusing it) is refused with
// AUDIT_UNAVAILABLE. The route is idempotent by request id and customer, so a retry never doubles a row.
import { GraphQLError } from 'graphql';
import type { Deadline } from '../../../lib/deadline';
import { clientMessage } from '../../../lib/error-codes';
import { isCustomerId } from '../../../lib/customer-id';
import type { InternalTokenSigner } from '../../../lib/internal-auth';
import { ServiceClient } from '../../../lib/service-client';
import type { StaffAuditRecord } from './audit';

/** How long a staff operation waits for engagement to take its record. */
export const STAFF_READ_TIMEOUT_MS = 2000;

export const AUDIT_UNAVAILABLE_CODE = 'AUDIT_UNAVAILABLE';

export interface StaffReadLedger {
  /** resolves once the record is stored; throws when it could not be */
  record(record: StaffAuditRecord, deadline?: Deadline): Promise<void>;
}

export class HttpStaffReadLedger implements StaffReadLedger {
  private readonly client: ServiceClient;

  constructor(baseUrl: string, signer: InternalTokenSigner, timeoutMs = STAFF_READ_TIMEOUT_MS) {
    // one try: a staff member waits on it, and a retry would only be sent by the member anyway
    this.client = new ServiceClient({ service: 'gateway', baseUrl, signer, timeoutMs, retries: 0 });
  }

  async record(record: StaffAuditRecord, deadline?: Deadline): Promise<void> {
    const res = await this.client.request('POST', '/internal/staff-reads', record, record.requestId, deadline);
    if (res.status !== 200) throw new Error(`engagement answered ${res.status} to a staff read`);
  }
}

/** The record as engagement takes it: only ids that can be a customer's (any other names no one's data), or undefined when none is left. */
export function staffReadOf(record: StaffAuditRecord): StaffAuditRecord | undefined {
  const customerIds = record.customerIds.filter(isCustomerId);
  return customerIds.length > 0 ? { ...record, customerIds } : undefined;
}

export function auditUnavailable(): GraphQLError {
  return new GraphQLError(clientMessage(AUDIT_UNAVAILABLE_CODE), { extensions: { code: AUDIT_UNAVAILABLE_CODE, http: { status: 503 } } });
}
