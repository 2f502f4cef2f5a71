// Runs after validation, before the query planner: refuses operations that touch fields the caller
// may not see (nothing is planned or fetched), writes the staff audit trail, and notes whose data
// a caller without a customer of their own reads (for the private cache's invalidation).
import type { ApolloServerPlugin } from '@apollo/server';
import type { AuditSink } from './audit';
import { staffAuditRecord } from './audit';
import { type AuthorizationPolicy, forbidden, forbiddenFields } from './authorization';
import { customersReadBy } from './read-scope';
import type { GatewayContext } from '../context';

export function authorizationPlugin(policy: AuthorizationPolicy, audit: AuditSink): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, schema, operation, operationName, queryHash, request }) {
          const denied = forbiddenFields(schema, document, policy, contextValue.caller);
          if (denied.length > 0) throw forbidden(denied);
          // whose writes must outdate what the gateway caches for a caller acting for customers
          if (!contextValue.caller.customerId) contextValue.readsFor = (operation && customersReadBy(schema, operation, request.variables)) ?? 'any';
          if (contextValue.caller.channel === 'staff') {
            audit.write(
              staffAuditRecord(contextValue.caller, schema, document, {
                operationName,
                operationHash: queryHash,
                requestId: contextValue.requestId,
                variables: request.variables,
              }),
            );
          }
        },
      };
    },
  };
}
