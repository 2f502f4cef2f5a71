// Engagement's /internal route for the gateway's staff reads (service callers only, see
// lib/subgraph-server registerServiceRoutes):
//   POST /internal/staff-reads  { requestId, at, staff, client?, scopes, customerIds, operationName, operationHash }
//        -> 200 { stored } (rows new this time; a retry of the same record stores none) | 400 | 403
// The gateway waits for this answer before a staff operation runs ("no audit, no access",
// gateway/src/edge/staff-reads.ts), so the route only validates and writes one statement.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CUSTOMER_ID } from '../../../../lib/customer-id';
import type { Logger } from '../../../../lib/logger';
import type { StaffReadStore } from '../db/staff-read-store';

/** The only service that may record staff reads: the gateway's ServiceClient subject. */
export const STAFF_READ_REPORTER = 'svc:gateway';

const PRINTABLE = /^[\x21-\x7e]+$/;

const staffReadBody = z.object({
  requestId: z.string().min(1).max(200).regex(PRINTABLE),
  at: z.iso.datetime({ offset: true }),
  staff: z.string().min(1).max(200),
  client: z.string().min(1).max(200).optional(),
  scopes: z.array(z.string().max(200)).max(100).optional(),
  // the gateway's limits bound how many customers one operation can name
  customerIds: z.array(z.string().regex(CUSTOMER_ID)).min(1).max(500),
  operationName: z.string().min(1).max(1000).nullable(),
  operationHash: z.string().regex(/^[0-9a-f]{64}$/),
});

export function staffReadRoutes(deps: { staffReads: StaffReadStore; log: Logger }) {
  return (scope: FastifyInstance): void => {
    scope.post('/staff-reads', async (req, reply) => {
      if (req.caller?.subject !== STAFF_READ_REPORTER) return reply.code(403).send({ code: 'FORBIDDEN', message: 'only the gateway records staff reads' });
      const body = staffReadBody.safeParse(req.body);
      if (!body.success) {
        return reply.code(400).send({ code: 'BAD_REQUEST', message: body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
      }
      const { at, ...record } = body.data;
      const stored = await deps.staffReads.record({ ...record, at: new Date(at) });
      // counts only: who read whom stays in the store
      deps.log.debug({ stored, customers: record.customerIds.length }, 'staff read recorded');
      return { stored };
    });
  };
}
