// The edge as one Fastify plugin: whether and how a client request is admitted. Over HTTP it
// installs admission (admission.ts) and the error handler for Fastify's own refusals; to the
// GraphQL plugin (../graphql.ts) it hands Apollo Server's share of the edge: APQ backed by the
// registered operations, the limits at parse and validation, authorization with the staff audit,
// and the request info the log and metrics read.
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import fp from 'fastify-plugin';
import type { ValidationRule } from 'graphql';
import Redis from 'ioredis';
import type { InternalTokenSigner } from '../../../lib/internal-auth';
import type { GatewayOptions } from '../config';
import type { GatewayContext } from '../context';
import type { GatewayMetrics } from '../ops/metrics';
import { admissionErrorHandler, admissionHook, type OperationAdmission, operationAdmission } from './admission';
import { fileAuditSink, logAuditSink } from './audit';
import type { AuthorizationPolicy } from './authorization';
import { authorizationPlugin } from './authorize-operation';
import { type Authenticator, createAuthenticator } from './identity';
import { protection } from './limits';
import { apqCache } from './persisted/apq-cache';
import { ClientRegistry } from './persisted/clients';
import { HttpPartnerAppDirectory } from './persisted/partner-apps';
import { MemoryBucketStore, RateLimiter, RedisBucketStore } from './rate-limit';
import { requestInfoPlugin } from './request-info';
import { startDeadline } from './request-budget';
import { LoadShedder, loadSheddingHook } from './load-shedding';
import { HttpStaffReadLedger } from './staff-reads';
import { newRequestState } from './request-state';

/** The gateway's options the edge reads, and what the assembly built for it. */
export type EdgePluginOptions = Pick<
  GatewayOptions,
  | 'auth'
  | 'nodeEnv'
  | 'limits'
  | 'rateLimits'
  | 'redisUrl'
  | 'redisKeyPrefix'
  | 'apqTtlSeconds'
  | 'persistedDir'
  | 'audit'
  | 'auditLogFile'
  | 'partnersServiceUrl'
  | 'partnerApps'
  | 'engagementServiceUrl'
  | 'staffReads'
  | 'requestBudgetMs'
  | 'maxInFlight'
  | 'log'
> & {
  /** the supergraph's @authenticated and @requiresScopes */
  policy: AuthorizationPolicy;
  /** signs the partner app registry's and the staff-read ledger's service calls */
  signer: InternalTokenSigner;
  metrics: GatewayMetrics;
};

export interface Edge {
  /** verifies the callers of requests admission let through without one (they carried no operation) */
  authenticator: Authenticator;
  /** admission's checks of one operation of a verified caller, for transports other than HTTP (live/ws.ts) */
  admitOperation: OperationAdmission;
  clients: ClientRegistry;
  /** Apollo Server's share of the edge */
  apollo: {
    persistedQueries: { cache: KeyValueCache<string>; ttl: number };
    validationRules: ValidationRule[];
    parseOptions: { maxTokens: number };
    plugins: ApolloServerPlugin<GatewayContext>[];
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** what decides whether and how a client request is admitted (edge/plugin.ts) */
    edge: Edge;
  }
}

export const edgePlugin = fp<EdgePluginOptions>(
  async (app, opts) => {
    const { log, metrics } = opts;
    const authenticator = await createAuthenticator(opts.auth, log);
    const clients = ClientRegistry.fromDir(opts.persistedDir, { production: opts.nodeEnv === 'production' });
    // APQ and the rate limits, shared by every replica when there is a Redis
    const redis = opts.redisUrl ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true }) : undefined;
    redis?.on('error', (err: Error) => log.warn({ reason: err.message }, 'redis unavailable'));
    const rateLimiter = opts.rateLimits
      ? new RateLimiter(redis ? new RedisBucketStore(redis, opts.redisKeyPrefix) : new MemoryBucketStore(), opts.rateLimits)
      : undefined;
    const audit = opts.audit ?? (opts.auditLogFile ? fileAuditSink(opts.auditLogFile) : logAuditSink(log));
    const staffReads = opts.staffReads ?? (opts.engagementServiceUrl ? new HttpStaffReadLedger(opts.engagementServiceUrl, opts.signer) : undefined);
    if (staffReads) log.info('staff reads naming customers are recorded with engagement before they run (refused with AUDIT_UNAVAILABLE when they cannot be)');
    else log.warn('no engagement service configured: staff reads go to the audit file or log only, customers do not see them (Customer.staffReads)');
    const partnerApps = opts.partnerApps ?? (opts.partnersServiceUrl ? new HttpPartnerAppDirectory(opts.partnersServiceUrl, opts.signer) : undefined);
    const guard = protection(opts.limits, { introspection: opts.nodeEnv === 'development' });

    app.setErrorHandler(admissionErrorHandler(log));
    app.addHook('onRequest', (req, _reply, done) => {
      if (req.routeOptions.url === '/graphql') {
        req.gatewayState = newRequestState();
        // the default budget from the first moment; admission narrows it to the client's own
        startDeadline(req.gatewayState, opts.requestBudgetMs);
      }
      done();
    });
    // after the request's state exists (the log sees a refusal's code), before its body is read
    if (opts.maxInFlight > 0) {
      const shedder = new LoadShedder({ maxInFlight: opts.maxInFlight, budgetMs: opts.requestBudgetMs });
      metrics.loadShedding(() => shedder.stats);
      app.addHook('onRequest', loadSheddingHook(shedder, metrics));
    }
    const admissionOptions = { authenticator, rateLimiter, clients, metrics, log, partnerApps, requestBudgetMs: opts.requestBudgetMs };
    const admit = admissionHook(admissionOptions);
    app.addHook('preHandler', async (req, reply) => {
      if (req.routeOptions.url === '/graphql') await admit(req, reply);
    });
    // after the server has closed, so no request in flight still needs them
    app.addHook('onClose', async () => {
      await audit.close?.();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    });

    app.decorate('edge', {
      authenticator,
      admitOperation: operationAdmission(admissionOptions),
      clients,
      apollo: {
        persistedQueries: { cache: apqCache(clients.allOperations, redis, opts.redisKeyPrefix), ttl: opts.apqTtlSeconds },
        validationRules: guard.validationRules,
        parseOptions: guard.parseOptions,
        plugins: [requestInfoPlugin(), ...guard.plugins, authorizationPlugin(opts.policy, audit, staffReads && { ledger: staffReads, log })],
      },
    });
  },
  { name: 'gateway-edge' },
);
