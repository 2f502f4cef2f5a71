// The partners service's /internal routes (service callers only, see lib/subgraph-server
// registerServiceRoutes), exactly as agreed with loyalty and the gateway:
//   GET  /internal/partners/merchants           -> [{ partnerId, name, category, merchantIds, earnBoost }]
//   GET  /internal/rewards/catalogue            -> [{ rewardId, partnerId, partnerName, title, pointsPrice }] (in stock, cheapest first; engagement)
//   POST /internal/rewards/issue                -> { rewardId, voucherCode, pointsPrice } | 404 | 409
//   POST /internal/rewards/release              -> { released }
//   GET  /internal/consents/:customerId/:partnerId -> { scopes, version }
//   GET  /internal/partner-apps/:clientId       -> { clientId, partnerId, name, allowedOperations } | 404
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../../../lib/db/database';
import type { Logger } from '../../../../lib/logger';
import { partnerAppByClientId } from '../db/partner-apps-store';
import type { CatalogueStore } from '../db/catalogue-store';
import { PARTNER_ID } from '../domain/catalogue';
import type { ConsentStore } from '../db/consent-store';
import { CUSTOMER_ID } from '../domain/consents';
import type { RewardIssuer } from '../db/reward-issuer';

export interface ServiceRouteDeps {
  db: Database;
  catalogue: CatalogueStore;
  consents: ConsentStore;
  issuer: RewardIssuer;
  log: Logger;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const issueBody = z.object({
  rewardId: z.string().min(1).max(64),
  customerId: z.string().regex(CUSTOMER_ID),
  idempotencyKey: z.string().regex(IDEMPOTENCY_KEY),
});
const releaseBody = z.object({ idempotencyKey: z.string().regex(IDEMPOTENCY_KEY) });

function badRequest(reply: FastifyReply, issues: z.ZodError['issues']) {
  return reply.code(400).send({ code: 'BAD_REQUEST', message: issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
}

export function partnersServiceRoutes(deps: ServiceRouteDeps) {
  return async (scope: FastifyInstance): Promise<void> => {
    scope.get('/partners/merchants', async () => deps.catalogue.merchantsOfPartners());

    scope.get('/rewards/catalogue', async () => deps.catalogue.rewardsInStock());

    scope.post('/rewards/issue', async (req, reply) => {
      const body = issueBody.safeParse(req.body);
      if (!body.success) return badRequest(reply, body.error.issues);
      const outcome = await deps.issuer.issue(body.data);
      switch (outcome.kind) {
        case 'ISSUED':
          // reward and key only: the customer id and the voucher code stay out of the log
          deps.log.info({ rewardId: outcome.rewardId, replayed: outcome.replayed }, 'reward issued');
          return { rewardId: outcome.rewardId, voucherCode: outcome.voucherCode, pointsPrice: outcome.pointsPrice };
        case 'REWARD_NOT_FOUND':
          return reply.code(404).send({ code: 'REWARD_NOT_FOUND' });
        default:
          return reply.code(409).send({ code: outcome.kind });
      }
    });

    scope.post('/rewards/release', async (req, reply) => {
      const body = releaseBody.safeParse(req.body);
      if (!body.success) return badRequest(reply, body.error.issues);
      return { released: await deps.issuer.release(body.data.idempotencyKey) };
    });

    scope.get<{ Params: { customerId: string; partnerId: string } }>('/consents/:customerId/:partnerId', async (req) => {
      const { customerId, partnerId } = req.params;
      // an id of the wrong shape cannot have a consent: the same answer as none, without a query
      const state = CUSTOMER_ID.test(customerId) && PARTNER_ID.test(partnerId) ? await deps.consents.current(customerId, partnerId) : null;
      return { scopes: state?.scopes ?? [], version: state?.version ?? 0 };
    });

    scope.get<{ Params: { clientId: string } }>('/partner-apps/:clientId', async (req, reply) => {
      const app = await partnerAppByClientId(deps.db, req.params.clientId);
      return app ? app : reply.code(404).send({ code: 'PARTNER_APP_NOT_FOUND' });
    });
  };
}
