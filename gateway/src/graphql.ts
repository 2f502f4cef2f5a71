// The federated graph at /graphql: @apollo/gateway over the committed supergraph (no polling, no
// registry) in Apollo Server. Apollo's share of the edge (APQ, limits, authorization, request
// info) comes from the edge plugin; each subgraph's data source and the caller's internal token
// come from the transport plugin.
import { existsSync, readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fp from 'fastify-plugin';
import { ConfigError } from '../../lib/config';
import type { Logger } from '../../lib/logger';
import { type GatewayContext, gatewayContext } from './context';
import { errorLogPlugin, formatClientError } from './errors';

export function readSupergraph(path: string): string {
  if (!existsSync(path)) throw new ConfigError(`invalid configuration:\n  SUPERGRAPH_PATH: ${path} does not exist (run \`npm run compose\`)`);
  return readFileSync(path, 'utf8');
}

export interface GraphqlPluginOptions {
  /** the supergraph as @apollo/gateway takes it (edge/authorization.ts prepareSupergraph) */
  supergraphSdl: string;
  /** only 'development' turns on introspection, the landing page and schema hints in errors */
  nodeEnv: string;
  log: Logger;
}

export interface Graph {
  /** whether the supergraph is loaded (and with it every subgraph's routing) */
  loaded(): boolean;
  /** stops Apollo Server; its drain plugin closes Fastify first, letting in-flight requests finish */
  stop(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the federated graph (graphql.ts) */
    graph: Graph;
  }
}

export const graphqlPlugin = fp<GraphqlPluginOptions>(
  async (app, opts) => {
    const { log } = opts;
    const { edge, subgraphs } = app;
    const development = opts.nodeEnv === 'development';
    let loaded = false;
    // Unless told otherwise, @apollo/gateway probes every cloud's metadata endpoint when it starts,
    // reports the host to usage-reporting.api.apollographql.com every hour and once more when it
    // stops (stop waits for that export). A bank's gateway sends nothing to a third party unless its
    // operators set APOLLO_TELEMETRY_DISABLED=false themselves; the flag is read only here, by the
    // constructor.
    process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
    const gateway = new ApolloGateway({
      supergraphSdl: opts.supergraphSdl,
      logger: log.child({ component: 'apollo-gateway' }),
      buildService: subgraphs.buildService,
    });
    gateway.onSchemaLoadOrUpdate(() => {
      loaded = true;
    });
    const apollo = new ApolloServer<GatewayContext>({
      gateway,
      nodeEnv: opts.nodeEnv,
      formatError: formatClientError({ production: !development }),
      includeStacktraceInErrorResponses: false,
      // our own rule refuses introspection outside development, with its own code (edge/limits.ts)
      introspection: true,
      hideSchemaDetailsFromClientErrors: !development,
      csrfPrevention: true,
      allowBatchedHttpRequests: false,
      persistedQueries: edge.apollo.persistedQueries,
      validationRules: edge.apollo.validationRules,
      parseOptions: edge.apollo.parseOptions,
      stopOnTerminationSignals: false,
      logger: log.child({ component: 'apollo-server' }),
      plugins: [fastifyApolloDrainPlugin(app), ...edge.apollo.plugins, errorLogPlugin(log), ...(development ? [] : [ApolloServerPluginLandingPageDisabled()])],
    });
    await apollo.start();

    const { authenticator } = edge;
    const { internalTokens } = subgraphs;
    await app.register(fastifyApollo(apollo), {
      path: '/graphql',
      // admission verified the caller already; requests it let through without one (no operation
      // in them) are verified here, so nothing runs without a caller
      context: async (req) => {
        const caller = req.gatewayState?.caller ?? (await authenticator.authenticate(req.headers.authorization, req.id));
        return gatewayContext(caller, req.id, internalTokens, req.gatewayState);
      },
    });
    app.decorate('graph', { loaded: () => loaded, stop: () => apollo.stop() });
  },
  { name: 'gateway-graphql', dependencies: ['gateway-edge', 'gateway-transport'] },
);
