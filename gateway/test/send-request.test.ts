// The data source sends each fetch without the node-fetch Request object @apollo/gateway's
// RemoteGraphQLDataSource builds for its hooks (subgraph-data-source.ts, sendWithoutRequestObject):
// the answers, HTTP errors and non-JSON bodies come out as they did, and no Request is built.
import nodeFetch from 'node-fetch';
import pino from 'pino';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GatewayContext } from '../src/context';
import { SubgraphDataSource } from '../src/transport/subgraph-data-source';
import { type FakeAnswer, type FakeSubgraph, startFakeSubgraph } from './support/fake-subgraph';
import { incomingFetch } from './support/incoming-fetch';

const QUERY = 'query Dash__accounts__0 { me { id balance } }';
const context: GatewayContext = {
  caller: { subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: ['customer:read'] },
  requestId: 'send-request-0001',
  internalToken: async () => 'not.a.token',
};

const processOptions = (url: string) => incomingFetch(url, QUERY, context, { first: 2 });

describe.each([
  ['pooled fetcher', true],
  ['default fetcher', false],
])('a subgraph fetch without a node-fetch Request (%s)', (_name, pool) => {
  let fake: FakeSubgraph | undefined;
  let source: SubgraphDataSource | undefined;
  afterEach(async () => {
    source?.pooled?.close();
    await fake?.close();
    jest.restoreAllMocks();
  });

  async function fetchFrom(answer: FakeAnswer) {
    fake = await startFakeSubgraph(() => answer);
    source = new SubgraphDataSource('accounts', fake.url, pino({ level: 'silent' }), { pool, dedup: false });
    return source.process(processOptions(fake.url));
  }

  it('replaces a method the base class still has', () => {
    // an @apollo/gateway that renamed it would silently build the Request again
    expect(typeof (RemoteGraphQLDataSource.prototype as unknown as Record<string, unknown>).sendRequest).toBe('function');
  });

  it('sends the query and variables and returns the answer, building no Request', async () => {
    const built = jest.spyOn(nodeFetch, 'Request');
    const res = await fetchFrom({ body: { data: { me: { id: 'C-000001', balance: 1 } } } });
    expect(res.data).toEqual({ me: { id: 'C-000001', balance: 1 } });
    expect(JSON.parse(fake!.seen.at(-1)!.body)).toEqual({ query: QUERY, variables: { first: 2 } });
    expect(built).not.toHaveBeenCalled();
  });

  it('fails the fields on an HTTP error and on a body that is not JSON', async () => {
    const failed = await fetchFrom({ status: 500, body: { errors: [{ message: 'boom' }] } });
    expect(failed.errors).toEqual([expect.objectContaining({ path: ['me'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } })]);
    await fake?.close();
    const text = await fetchFrom({ headers: { 'content-type': 'text/plain' }, body: 'not json' });
    expect(text.errors).toEqual([expect.objectContaining({ path: ['me'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } })]);
  });
});
