// Accounts' service-to-service endpoints (mounted under /internal, service callers only):
//   GET /internal/customers/:customerId/relationship -> CustomerRelationship | 404 CUSTOMER_NOT_FOUND
//       what offers and loyalty need about a customer (lib/customer-relationship.ts), read through
//       the same per-customer cache the dashboard's `me` just filled, so usually no core call.
import type { FastifyInstance } from 'fastify';
import { GraphQLError } from 'graphql';
import type { CoreClient } from '../../../../legacy-adapters/soap/src';
import { RELATIONSHIP_NOT_FOUND, relationshipOf } from '../../../../lib/customer-relationship';
import type { Logger } from '../../../../lib/logger';
import { CoreReads } from './core-reads';
import type { CustomerCache } from './customer-cache';
import { isCustomerId } from '../../../../lib/customer-id';

export interface AccountsServiceRouteDeps {
  core: CoreClient;
  cache: CustomerCache;
  log: Logger;
}

export function accountsServiceRoutes(deps: AccountsServiceRouteDeps) {
  return (scope: FastifyInstance) => {
    scope.get<{ Params: { customerId: string } }>('/customers/:customerId/relationship', async (req, reply) => {
      const { customerId } = req.params;
      if (!isCustomerId(customerId)) return reply.code(400).send({ code: 'BAD_REQUEST', message: 'malformed customer id' });
      const requestId = req.caller?.requestId;
      // the caller's service name as the core's user id, as the subgraph does with the channel
      // the calling service's deadline (its client's request), if it sent one
      const reads = new CoreReads(deps.core.loaders({ requestId, userId: req.caller?.clientName ?? 'service', deadline: req.deadline }), deps.cache);
      try {
        const [customer, accounts] = await Promise.all([reads.customer(customerId), reads.accounts(customerId)]);
        return await reply.code(200).send(relationshipOf(customer, accounts));
      } catch (err) {
        const code = err instanceof GraphQLError ? err.extensions.code : undefined;
        if (code === 'NOT_FOUND') return reply.code(404).send({ code: RELATIONSHIP_NOT_FOUND, message: 'customer not found' });
        deps.log.warn({ requestId, code: typeof code === 'string' ? code : 'INTERNAL' }, 'relationship read failed');
        // not 502/503/504: the caller reads the core itself rather than retrying us
        return reply
          .code(500)
          .send({ code: typeof code === 'string' && code.startsWith('CORE_') ? code : 'INTERNAL_SERVER_ERROR', message: 'relationship unavailable' });
      }
    });
  };
}
