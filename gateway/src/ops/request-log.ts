// One log line per request once its response has gone, and for /graphql the request metrics, both
// with what the edge learnt on the way (edge/request-state.ts). `/health` probes log at debug only.
import fp from 'fastify-plugin';
import type { Logger } from '../../../lib/logger';
import type { GatewayMetrics } from './metrics';

export interface RequestLogOptions {
  log: Logger;
  metrics: GatewayMetrics;
}

export const requestLogPlugin = fp<RequestLogOptions>(
  async (app, { log, metrics }) => {
    app.addHook('onResponse', async (req, reply) => {
      const path = req.url.split('?')[0]; // query strings may carry a whole GraphQL GET request
      // /ready and /metrics live on the operations port: asked here, they are worth a line
      const quiet = path === '/health';
      const state = req.gatewayState;
      if (state && req.routeOptions.url === '/graphql') {
        metrics.request({
          operation: state.operation,
          client: state.client,
          status: reply.statusCode,
          seconds: reply.elapsedTime / 1000,
          errorCodes: state.errorCodes,
        });
      }
      log[quiet ? 'debug' : 'info'](
        {
          reqId: req.id,
          method: req.method,
          path,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
          ...(state ? { client: state.client, operation: state.operation, ...(state.errorCodes.length ? { codes: [...new Set(state.errorCodes)] } : {}) } : {}),
        },
        'request',
      );
    });
  },
  { name: 'gateway-request-log' },
);
