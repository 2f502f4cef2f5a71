// Subscriptions at /graphql: over Server-Sent Events (sse.ts: a POST or GET with `Accept:
// text/event-stream`, after the same admission as a query) and over WebSocket (ws.ts: graphql-ws,
// the same admission per subscribe message). Both prepare, cap, plan and run through
// live-subscriptions.ts. Any other request goes on to Apollo Server untouched.
import fp from 'fastify-plugin';
import type { Logger } from '../../../lib/logger';
import type { GatewayOptions } from '../config';
import type { AuthorizationPolicy } from '../edge/authorization';
import { formatClientError } from '../errors';
import type { GatewayMetrics } from '../ops/metrics';
import { FederatedSubscriptions } from './federated-subscription';
import { LiveSubscriptions } from './live-subscriptions';
import { sseHandler, wantsEventStream } from './sse';
import { SubscriberCounts } from './subscriber-counts';
import type { OperationRules } from './subscription-operation';
import { attachWebSocket } from './ws';

export type LivePluginOptions = Pick<GatewayOptions, 'nodeEnv' | 'limits' | 'requestBudgetMs' | 'subscriptions' | 'log'> & {
  supergraphSdl: string;
  metrics: GatewayMetrics;
  policy: AuthorizationPolicy;
};

export const livePlugin = fp<LivePluginOptions>(
  async (app, opts) => {
    const { edge, subgraphs } = app;
    const log: Logger = opts.log.child({ component: 'subscriptions' });
    const format = formatClientError({ production: opts.nodeEnv !== 'development' });
    const federated = new FederatedSubscriptions(opts.supergraphSdl, subgraphs.buildService, () => subgraphs.routing, log);
    const counts = new SubscriberCounts(opts.subscriptions.perCustomer);
    opts.metrics.openSubscriptions(() => counts.total);
    const rules: OperationRules = {
      schema: federated.schema,
      validationRules: edge.apollo.validationRules,
      maxTokens: edge.apollo.parseOptions.maxTokens,
      maxCost: opts.limits.maxCost,
      policy: opts.policy,
      registered: (hash: string) => edge.clients.allOperations.byHash(hash)?.body,
    };

    const live = new LiveSubscriptions({
      federated,
      counts,
      rules,
      tokens: subgraphs.internalTokens,
      format,
      perCustomer: opts.subscriptions.perCustomer,
      eventBudgetMs: opts.requestBudgetMs,
      queue: opts.subscriptions.queue,
      metrics: opts.metrics,
      log,
    });
    const serveStream = sseHandler(live, edge.authenticator);
    const ws = attachWebSocket(app.server, {
      live,
      authenticator: edge.authenticator,
      admitOperation: edge.admitOperation,
      maxPayloadBytes: opts.limits.maxBodyBytes,
      log,
    });
    // before Fastify closes: upgraded sockets are not the HTTP server's to drain
    app.addHook('preClose', () => ws.close());

    app.addHook('preHandler', async (req, reply) => {
      if (req.routeOptions.url !== '/graphql' || reply.sent || !wantsEventStream(req)) return;
      // admission answered already when it refused; from here the stream is ours, not Apollo's
      try {
        await serveStream(req, reply);
      } catch (err) {
        log.warn({ reqId: req.id, reason: err instanceof Error ? err.message : String(err) }, 'subscription stream failed');
        if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        reply.raw.end(
          reply.raw.headersSent ? undefined : JSON.stringify({ errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }),
        );
      }
    });
    app.decorate('live', { counts });
  },
  { name: 'gateway-live', dependencies: ['gateway-edge', 'gateway-transport'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** subscriptions (live/plugin.ts) */
    live: { counts: SubscriberCounts };
  }
}
