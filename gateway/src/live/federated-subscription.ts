// Subscriptions over the federated graph, as Apollo Router runs them: the query planner splits a
// subscription into its primary fetch (the Subscription field, at the subgraph that owns it) and
// the rest (fields of the event that other subgraphs own). The primary is opened once, upstream, as
// a subscription of its own (upstream.ts); for each event it sends, the rest of the plan runs with
// the gateway's ordinary data sources (caller's internal token, budget, private cache), the
// primary's part answered from the event itself. @apollo/gateway plans subscriptions but refuses to
// execute them; executeQueryPlan runs the per-event plan.
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceEndpointDefinition } from '@apollo/gateway';
import { operationFromDocument, type Schema, Supergraph } from '@apollo/federation-internals';
import { type FetchNode, type PlanNode, type QueryPlan, QueryPlanner, type SubscriptionNode } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from '../../../lib/logger';
import type { GatewayContext } from '../context';

/** The primary fetch, renamed so the per-event plan reads it from the event and not from the subgraph. */
const EVENT_SOURCE = '__subscription_event__';

export interface PlannedSubscription {
  /** the subgraph that owns the Subscription field */
  subgraph: string;
  /** what is sent upstream: the primary fetch's operation and the variables it uses */
  upstream: { query: string; operationName?: string; variables: Record<string, unknown> };
  /** runs the rest of the plan over one upstream event */
  resolveEvent(event: ExecutionResult, context: GatewayContext): Promise<ExecutionResult>;
}

/** A data source that answers the renamed primary fetch with the event the subgraph sent. */
function eventSource(event: ExecutionResult): GraphQLDataSource<GatewayContext> {
  return { process: async () => event };
}

function perEventPlan(node: SubscriptionNode): QueryPlan {
  const primary: FetchNode = { ...node.primary, serviceName: EVENT_SOURCE };
  const nodes: PlanNode[] = node.rest ? [primary, node.rest] : [primary];
  return { kind: 'QueryPlan', node: { kind: 'Sequence', nodes } };
}

export class FederatedSubscriptions {
  private readonly supergraph: Supergraph;
  private readonly planner: QueryPlanner;
  private readonly api: Schema;
  /** the API schema clients validate against */
  readonly schema: GraphQLSchema;
  private readonly supergraphSchema: GraphQLSchema;
  private readonly services: Record<string, GraphQLDataSource<GatewayContext>>;
  /** subgraph name -> its URL (the same routing as queries) */
  readonly urls: ReadonlyMap<string, string>;

  constructor(
    supergraphSdl: string,
    buildService: (definition: ServiceEndpointDefinition) => GraphQLDataSource<GatewayContext> & { url?: string },
    routing: () => ReadonlyMap<string, string>,
    private readonly log: Logger,
  ) {
    this.supergraph = Supergraph.build(supergraphSdl);
    this.planner = new QueryPlanner(this.supergraph);
    this.api = this.supergraph.apiSchema();
    this.schema = this.api.toGraphQLJSSchema();
    this.supergraphSchema = this.supergraph.schema.toGraphQLJSSchema();
    this.services = {};
    for (const { name, url } of this.supergraph.subgraphsMetadata()) this.services[name] = buildService({ name, url });
    this.urls = routing();
  }

  /** Plans a validated subscription operation; throws a GraphQLError the client may see. */
  plan(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): PlannedSubscription {
    const operation = operationFromDocument(this.api, document, { operationName, validate: false });
    const plan = this.planner.buildQueryPlan(operation);
    const node = plan.node;
    if (!node || node.kind !== 'Subscription') {
      throw new GraphQLError('Only subscriptions are streamed; send queries and mutations as plain requests.', {
        extensions: { code: 'SUBSCRIPTION_REQUIRED', http: { status: 400 } },
      });
    }
    const perEvent = perEventPlan(node);
    const operationContext = buildOperationContext({ schema: this.schema, operationDocument: document, operationName });
    const upstreamVariables: Record<string, unknown> = {};
    for (const name of node.primary.variableUsages ?? []) if (name in variables) upstreamVariables[name] = variables[name];
    const subgraph = node.primary.serviceName;
    return {
      subgraph,
      upstream: {
        query: node.primary.operation,
        ...(node.primary.operationName ? { operationName: node.primary.operationName } : {}),
        variables: upstreamVariables,
      },
      resolveEvent: async (event, context) => {
        const requestContext = {
          request: { query: undefined, operationName, variables },
          context,
          logger: this.log,
          metrics: {},
          cache: undefined,
          overallCachePolicy: undefined,
        } as unknown as GatewayGraphQLRequestContext<GatewayContext>;
        const services = { ...this.services, [EVENT_SOURCE]: eventSource(event) };
        const result = await executeQueryPlan(perEvent, services, requestContext, operationContext, this.supergraphSchema, this.api);
        return { ...(result.data !== undefined ? { data: result.data } : {}), ...(result.errors?.length ? { errors: result.errors } : {}) };
      },
    };
  }
}
