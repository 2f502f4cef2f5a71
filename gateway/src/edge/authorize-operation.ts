// Runs after validation, before the query planner: refuses operations that touch fields the caller
// may not see (nothing is planned or fetched), writes the staff audit trail, and notes whose data
// a caller without a customer of their own reads (for the private cache's invalidation). Apollo
// Server awaits this hook before execution, so a staff read that engagement cannot record
// (staff-reads.ts) is refused here, before any subgraph is asked.
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../../../lib/logger';
import type { AuditSink } from './audit';
import { staffAuditRecord } from './audit';
import { type AuthorizationPolicy, forbidden, forbiddenFields } from './authorization';
import { customersReadBy } from './read-scope';
import { auditUnavailable, type StaffReadLedger, staffReadOf } from './staff-reads';
import type { GatewayContext } from '../context';

export function authorizationPlugin(
  policy: AuthorizationPolicy,
  audit: AuditSink,
  staffReads?: { ledger: StaffReadLedger; log: Logger },
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, schema, operation, operationName, queryHash, request }) {
          const denied = forbiddenFields(schema, document, policy, contextValue.caller);
          if (denied.length > 0) throw forbidden(denied);
          // whose writes must outdate what the gateway caches for a caller acting for customers
          if (!contextValue.caller.customerId) contextValue.readsFor = (operation && customersReadBy(schema, operation, request.variables)) ?? 'any';
          if (contextValue.caller.channel === 'staff') {
            const record = staffAuditRecord(contextValue.caller, schema, document, {
              operationName,
              operationHash: queryHash,
              requestId: contextValue.requestId,
              variables: request.variables,
            });
            // the bank's own trail takes every staff operation, refused ones included
            audit.write(record);
            const read = staffReads && staffReadOf(record);
            if (staffReads && read) {
              try {
                await staffReads.ledger.record(read, contextValue.deadline);
              } catch (err) {
                // the request id ties this to the audit record above; no customer ids in the log
                staffReads.log.warn(
                  { requestId: record.requestId, reason: err instanceof Error ? err.message : String(err) },
                  'staff read not recorded: refused',
                );
                throw auditUnavailable();
              }
            }
          }
        },
      };
    },
  };
}
