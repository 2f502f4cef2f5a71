// GraphQL over HTTP conformance: graphql-http's server audits against the gateway (in production
// mode, as deployed), with a customer's token added to every request. MUST audits: no failure
// allowed. SHOULD / MAY results are pinned here and explained in docs/gateway.md, so a change in
// them is noticed.
import { parse } from 'graphql';
import { serverAudits } from 'graphql-http';
import pino from 'pino';
import { type RunningSubgraph } from '../../lib/subgraph-server';
import { clientToken, startStubSubgraph } from './support/gateway-stub';
import { gatewayOptions } from '../src/config';
import { type RunningGateway, startGateway } from '../src/server';
import { tempDir } from '../../scripts/lib/processes';

const SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query { hello(name: String): String }
`);

/** Audits that do not pass, each explained in docs/gateway.md ("GraphQL over HTTP"). */
const BY_DESIGN: Record<string, string> = {
  // Apollo Server answers request errors with 400 whatever the accepted media type
  '572B': 'SHOULD use 200 status code on document parsing failure when accepting application/json',
  FDE2: 'SHOULD use 200 status code on document validation failure when accepting application/json',
  '7B9B': 'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
  // CSRF prevention: a GET without a preflight-forcing header is refused
  '5A70': 'MAY accept application/x-www-form-urlencoded formatted GET requests',
  '6A70': 'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
  D6D5: 'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
};
const NODE_ENVS = ['development', 'production'] as const;
const KNOWN_NON_PASSING: Record<(typeof NODE_ENVS)[number], Record<string, string>> = {
  development: BY_DESIGN,
  // these audits send `__type(...)` introspection, which production refuses by policy
  production: {
    ...BY_DESIGN,
    BF61: 'MUST accept utf-8 encoded request',
    '28B9': 'MUST allow map {variables} parameter when accepting application/json',
    '2EA1': 'SHOULD allow map {variables} parameter when accepting application/graphql-response+json',
  },
};

describe.each(NODE_ENVS)('graphql-http server audits against the gateway (%s)', (nodeEnv) => {
  const keys = tempDir('gateway-audit-keys-');
  let subgraph: RunningSubgraph;
  let gateway: RunningGateway;
  let token: string;

  beforeAll(async () => {
    const stub = await startStubSubgraph(keys, SDL, { Query: { hello: (_: unknown, a: { name?: string }) => `hello ${a.name ?? 'world'}` } });
    subgraph = stub.subgraph;
    gateway = await startGateway(
      gatewayOptions({
        port: 0,
        supergraphSdl: stub.supergraphSdl,
        keysDir: keys,
        nodeEnv,
        auth: { keysDir: keys },
        rateLimits: false,
        log: pino({ level: 'silent' }),
      }),
    );
    // a mobile-app token: in production the web client may run only its app's manifest (schema/persisted/clients.json)
    token = await clientToken(keys, 'C-000001', 'mobile');
  });

  afterAll(async () => {
    await gateway?.close();
    await subgraph?.close();
  });

  it('passes every MUST audit (but the documented introspection ones in production); the others are as documented', async () => {
    const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    const audits = serverAudits({ url: gateway.url, fetchFn });
    const results = [];
    for (const audit of audits) results.push(await audit.fn());
    const failed = results.filter((r) => r.status !== 'ok');
    const known = KNOWN_NON_PASSING[nodeEnv];
    const mustFailures = failed.filter((r) => r.name.startsWith('MUST') && !known[r.id]).map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(mustFailures).toEqual([]);
    const others = Object.fromEntries(failed.map((r) => [r.id, r.name]));
    expect(others).toEqual(known);
    expect(results.length).toBeGreaterThan(20);
  });
});
