// Runs after validation, before the query planner: refuses operations that touch fields the caller
// may not see (nothing is planned or fetched), and writes the staff audit trail.
import type { ApolloServerPlugin } from '@apollo/server';
import type { AuditSink } from './audit';
import { staffAuditRecord } from './audit';
import { type AuthorizationPolicy, forbidden, forbiddenFields } from './authorization';
import type { GatewayContext } from '../context';

export function authorizationPlugin(policy: AuthorizationPolicy, audit: AuditSink): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, schema, operationName, queryHash, request }) {
          const denied = forbiddenFields(schema, document, policy, contextValue.caller);
          if (denied.length > 0) throw forbidden(denied);
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
