// What @apollo/gateway's executor hands a data source for one fetch of a client operation: for
// tests that drive SubgraphDataSource.process directly, without a gateway around it.
import { parse } from 'graphql';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayContext } from '../../src/context';
import type { SubgraphDataSource } from '../../src/transport/subgraph-data-source';

export function incomingFetch(url: string, query: string, context: GatewayContext, variables: Record<string, unknown> = {}) {
  return {
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query, variables, http: { url, method: 'POST', headers: new Headers() } },
    document: parse(query),
    context,
  } as unknown as Parameters<SubgraphDataSource['process']>[0];
}
