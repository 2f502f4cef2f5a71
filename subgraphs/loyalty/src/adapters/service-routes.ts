// Loyalty's service-to-service endpoints (mounted under /internal, service callers only):
//   POST /internal/cashback-boosts               offers activates a partner cash-back boost
//   GET  /internal/customers/:customerId/summary  offers' loyalty signals
//   POST /internal/engagements                   accounts reports an engagement fact (points, once)
import type { FastifyInstance } from 'fastify';
import { BOOST_REQUEST } from '../domain/boosts';
import { activateBoost } from '../db/boost-store';
import type { Ledger } from '../db/ledger/ledger';
import type { Database } from '../../../../lib/db/database';
import type { Logger } from '../../../../lib/logger';
import { moneyValue } from '../graphql/values';
import type { TierService } from '../domain/tier-service';
import { isCustomerId } from '../../../../lib/customer-id';
import type { EarningRules } from '../domain/rules';
import { ENGAGEMENT_REPORT, ENGAGEMENT_REPORTER } from '../domain/engagement';
import { awardEngagement } from '../db/engagements';

export interface ServiceRouteDeps {
  db: Database;
  ledger: Ledger;
  tiers: TierService;
  currency: string;
  rules: Pick<EarningRules, 'engagement'>;
  clock: () => Date;
  log: Logger;
}

export function loyaltyServiceRoutes(deps: ServiceRouteDeps) {
  return (scope: FastifyInstance) => {
    scope.post('/cashback-boosts', async (req, reply) => {
      const parsed = BOOST_REQUEST.safeParse(req.body);
      if (!parsed.success) {
        return reply.code(400).send({
          code: 'BAD_REQUEST',
          message: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
        });
      }
      const outcome = await activateBoost(deps.db, parsed.data);
      if (!outcome.ok) return reply.code(409).send({ code: outcome.code, message: 'activationId already used for another boost' });
      if (outcome.created) {
        deps.log.info(
          { activationId: outcome.activationId, partnerId: parsed.data.partnerId, rateBp: parsed.data.rateBasisPoints },
          'cash-back boost activated',
        );
      }
      return reply.code(200).send({ activationId: outcome.activationId, status: outcome.status });
    });

    scope.post('/engagements', async (req, reply) => {
      // a service token is not enough: the points pay for a fact only its owner may report
      if (req.caller?.subject !== ENGAGEMENT_REPORTER) return reply.code(403).send({ code: 'FORBIDDEN', message: 'only accounts reports engagements' });
      const parsed = ENGAGEMENT_REPORT.safeParse(req.body);
      if (!parsed.success) return reply.code(400).send({ code: 'BAD_REQUEST', message: 'expected { customerId, kind: E_STATEMENTS | PROFILE_COMPLETED }' });
      const report = parsed.data;
      const award = await awardEngagement(deps.ledger, report, BigInt(deps.rules.engagement[report.kind]), deps.clock());
      if (award.points > 0) deps.log.info({ customerId: report.customerId, kind: report.kind, points: award.points }, 'engagement awarded');
      return reply.code(200).send({ customerId: report.customerId, kind: report.kind, ...award });
    });

    scope.get<{ Params: { customerId: string } }>('/customers/:customerId/summary', async (req, reply) => {
      const { customerId } = req.params;
      if (!isCustomerId(customerId)) return reply.code(400).send({ code: 'BAD_REQUEST', message: 'malformed customer id' });
      const [points, lifetime] = await Promise.all([deps.ledger.pointsBalance(customerId), deps.ledger.cashBackLifetime(customerId, deps.currency)]);
      let tier: string;
      try {
        // partners asks for its client's request: no longer than that request may wait
        tier = (await deps.tiers.standing(customerId, req.caller?.requestId, req.deadline)).tier;
      } catch {
        return reply.code(503).send({ code: 'CORE_UNAVAILABLE', message: 'tier cannot be computed right now' });
      }
      return reply.code(200).send({ tier, points: Number(points), lifetimeCashBack: moneyValue(lifetime, deps.currency) });
    });
  };
}
