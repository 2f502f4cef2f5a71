// The gateway in-process in front of two small stub subgraphs (accounts-like and loyalty-like),
// composed here from their own SDLs, so these checks do not depend on the real subgraphs.
import { execFile } from 'node:child_process';
import { type IncomingHttpHeaders } from 'node:http';
import { resolve } from 'node:path';
import { logSink } from '../../test/support/log-sink';
import { promisify } from 'node:util';
import { type DocumentNode, GraphQLError, parse } from 'graphql';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import pino from 'pino';
import { type Caller, INTERNAL_TOKEN_HEADER } from '../../lib/internal-auth';
import { ensureKeyPair, jwksOf, privateKeyOf } from '../../lib/keys';
import { type RunningSubgraph, type SubgraphContext } from '../../lib/subgraph-server';
import { gatewayOptions } from '../src/config';
import { type RunningGateway, startGateway } from '../src/server';
import { ROOT, tempDir } from '../../scripts/lib/processes';
import { composeStubs, startStubService, startStubSubgraph } from './support/gateway-stub';
import * as apolloTelemetry from '@apollo/gateway/dist/utilities/opentelemetry';

const run = promisify(execFile);

const ACCOUNTS_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query {
    me: Customer
    "throws an unexpected error with internals in it"
    boom: String
    "throws an error with a code the gateway does not know, and SOAP details"
    coreFault: String
  }
  type Customer @key(fields: "id") { id: ID! displayName: String channel: String }
`);

const LOYALTY_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Customer @key(fields: "id") { id: ID! loyalty: Loyalty }
  type Loyalty { tier: String! points: Int! }
`);

interface Seen {
  callers: Caller[];
  headers: IncomingHttpHeaders[];
}

/** A stub subgraph behind the internal-token guard of `keysDir`, recording what it sees in `seen`. */
function stubSubgraph(keysDir: string, name: string, typeDefs: DocumentNode, resolvers: Record<string, unknown>, seen: Seen): Promise<RunningSubgraph> {
  return startStubService(keysDir, typeDefs, resolvers, { name, onCall: (c) => seen.callers.push(c), onRequest: (h) => seen.headers.push(h) });
}

function captureLog() {
  const sink = logSink();
  return { log: pino({ level: 'debug' }, sink.stream), text: sink.text };
}

describe('gateway', () => {
  const keys = tempDir('gateway-it-keys-');
  const accountsSeen: Seen = { callers: [], headers: [] };
  const loyaltySeen: Seen = { callers: [], headers: [] };
  let accounts: RunningSubgraph;
  let loyalty: RunningSubgraph;
  let gateway: RunningGateway;
  let gatewayLog: ReturnType<typeof captureLog>;
  let token: string;
  let internalToken: string | undefined;

  const reset = () => {
    for (const s of [accountsSeen, loyaltySeen]) {
      s.callers.length = 0;
      s.headers.length = 0;
    }
  };

  async function gql(query: string, opts: { token?: string | null; headers?: Record<string, string>; url?: string } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
    const t = opts.token === undefined ? token : opts.token;
    if (t) headers.authorization = `Bearer ${t}`;
    const res = await fetch(opts.url ?? gateway.url, { method: 'POST', headers, body: JSON.stringify({ query }) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as { data?: any; errors?: any[] } };
  }

  // @apollo/gateway's own report to Apollo (host metrics, cloud metadata probes) is built here
  const apolloDataCollection = jest.spyOn(apolloTelemetry, 'createDataCollectionExporter');

  beforeAll(async () => {
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    accounts = await stubSubgraph(
      keys,
      'accounts',
      ACCOUNTS_SDL,
      {
        Query: {
          me: (_: unknown, __: unknown, ctx: SubgraphContext) =>
            ctx.caller.customerId ? { id: ctx.caller.customerId, displayName: 'Anna K.', channel: ctx.caller.channel } : null,
          boom: () => {
            throw new Error('ECONNRESET talking to core-db.internal:1521 as svc_corebridge');
          },
          coreFault: () => {
            throw new GraphQLError('soap:Server ORA-00942: table or view does not exist', {
              extensions: { code: 'soap:Server', faultDetail: '<soap:Fault><faultstring>ORA-00942</faultstring></soap:Fault>' },
            });
          },
        },
      },
      accountsSeen,
    );
    loyalty = await stubSubgraph(
      keys,
      'loyalty',
      LOYALTY_SDL,
      {
        Customer: {
          __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
          loyalty: () => ({ tier: 'GOLD', points: 1250 }),
        },
      },
      loyaltySeen,
    );

    // routing URLs in the supergraph point nowhere; the overrides are what the gateway must use
    const supergraphSdl = composeStubs([
      { name: 'accounts', url: 'http://127.0.0.1:9/graphql', typeDefs: ACCOUNTS_SDL },
      { name: 'loyalty', url: 'http://127.0.0.1:9/graphql', typeDefs: LOYALTY_SDL },
    ]);

    gatewayLog = captureLog();
    gateway = await startGateway(
      gatewayOptions({
        port: 0,
        supergraphSdl,
        subgraphUrls: { accounts: accounts.url, loyalty: loyalty.url },
        keysDir: keys,
        nodeEnv: 'development',
        readyTimeoutMs: 1000,
        // budgets have their own suite; here a loaded CI machine's slow first plan must not turn an
        // answer into a timeout (the default 3 s once did: `me` came back null)
        requestBudgetMs: 30_000,
        log: gatewayLog.log,
      }),
    );

    // the dev token comes from the real script, as a developer would get it
    const out = await run(
      process.execPath,
      ['--import', 'tsx', resolve(ROOT, 'scripts/token.ts'), '--sub', 'C-000001', '--channel', 'mobile', '--scope', 'offers:read loyalty:read'],
      {
        cwd: ROOT,
        env: { ...process.env, KEYS_DIR: keys },
      },
    );
    token = out.stdout.trim();
  });

  afterAll(async () => {
    await gateway?.close();
    await accounts?.close();
    await loyalty?.close();
  });

  beforeEach(reset);

  it('sends nothing to Apollo: no metadata probes at start, no host report while running or at stop', () => {
    expect(apolloDataCollection).not.toHaveBeenCalled();
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('uses the routing URL overrides', () => {
    expect(Object.fromEntries(gateway.subgraphUrls)).toEqual({ accounts: accounts.url, loyalty: loyalty.url });
  });

  it('answers a query across two subgraphs with a dev token, forwarding the caller as one internal token', async () => {
    const res = await gql('{ me { id displayName channel loyalty { tier points } } }', { headers: { 'x-request-id': 'it-request-0001' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { me: { id: 'C-000001', displayName: 'Anna K.', channel: 'mobile', loyalty: { tier: 'GOLD', points: 1250 } } } });
    expect(res.headers.get('x-request-id')).toBe('it-request-0001');

    // both subgraphs verified the internal token and saw the same caller and request id
    for (const seen of [accountsSeen, loyaltySeen]) {
      expect(seen.callers).toHaveLength(1);
      expect(seen.callers[0]).toMatchObject({
        subject: 'C-000001',
        customerId: 'C-000001',
        channel: 'mobile',
        scopes: ['offers:read', 'loyalty:read'],
        requestId: 'it-request-0001',
      });
      expect(seen.headers.at(0)!['x-request-id']).toBe('it-request-0001');
      expect(seen.headers.at(0)!.authorization).toBeUndefined();
    }
    // signed once per request, not per fetch
    expect(accountsSeen.headers.at(0)![INTERNAL_TOKEN_HEADER]).toBeDefined();
    expect(accountsSeen.headers.at(0)![INTERNAL_TOKEN_HEADER]).toBe(loyaltySeen.headers.at(0)![INTERNAL_TOKEN_HEADER]);
    expect(accountsSeen.headers.at(0)![INTERNAL_TOKEN_HEADER]).not.toBe(token);
    internalToken = accountsSeen.headers.at(0)![INTERNAL_TOKEN_HEADER] as string;
  });

  it('makes up a request id when the client sends none, or a silly one', async () => {
    for (const sent of [undefined, 'bad id with spaces']) {
      reset();
      const res = await gql('{ me { id } }', { headers: sent ? { 'x-request-id': sent } : {} });
      expect(res.body.data.me.id).toBe('C-000001');
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(accountsSeen.headers.at(0)!['x-request-id']).toBe(id);
      expect(accountsSeen.callers.at(0)!.requestId).toBe(id);
    }
  });

  it('refuses a request without a token: 401 UNAUTHENTICATED and no subgraph is called', async () => {
    const res = await gql('{ me { id loyalty { tier } } }', { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(accountsSeen.headers).toHaveLength(0);
    expect(loyaltySeen.headers).toHaveLength(0);
  });

  it('refuses an expired or foreign token the same way', async () => {
    const pair = await ensureKeyPair(keys, 'dev-user');
    const expired = await new SignJWT({ channel: 'web' })
      .setProtectedHeader({ alg: 'ES256', kid: pair.privateJwk.kid })
      .setSubject('C-000001')
      .setIssuer('corebridge-dev')
      .setAudience('corebridge')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(await privateKeyOf(pair));
    // the internal token is no client token either: other issuer, audience and key
    for (const bad of [expired, 'e30.e30.', internalToken!]) {
      const res = await gql('{ me { id } }', { token: bad });
      expect(res.status).toBe(401);
      expect(res.body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect(accountsSeen.headers).toHaveLength(0);
  });

  it('masks an unexpected subgraph error: no internals, no stack trace, no subgraph name', async () => {
    const res = await gql('{ boom coreFault me { id } }');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ boom: null, coreFault: null, me: { id: 'C-000001' } });
    expect(res.body.errors).toHaveLength(2);
    for (const err of res.body.errors!) {
      expect(err.message).toBe('Internal error');
      expect(err.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    }
    expect(res.body.errors!.map((e) => e.path[0]).sort()).toEqual(['boom', 'coreFault']);
    for (const leak of ['ECONNRESET', 'core-db', 'ORA-', 'soap:', 'Fault>', 'faultDetail', 'stacktrace', 'serviceName', 'accounts', 'at ']) {
      expect(res.text).not.toContain(leak);
    }
    // the cause stays findable in the gateway's own log
    expect(gatewayLog.text()).toContain('masked error');
  });

  it('answers client mistakes with their own code, including field suggestions outside production', async () => {
    const res = await gql('{ me { displayNam } }');
    expect(res.status).toBe(400);
    expect(res.body.errors![0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(res.body.errors![0].message).toContain('Did you mean');
    expect(accountsSeen.headers).toHaveLength(0);
  });

  it('keeps CSRF prevention on: a simple GET without a preflight header is refused', async () => {
    const url = `${gateway.url}?query=${encodeURIComponent('{ me { id } }')}`;
    const blocked = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(blocked.status).toBe(400);
    await blocked.text();
    expect(accountsSeen.headers).toHaveLength(0);
    const allowed = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ data: { me: { id: 'C-000001' } } });
  });

  it('allows introspection outside production', async () => {
    const res = await gql('{ __schema { queryType { name } } }');
    expect(res.body.data.__schema.queryType.name).toBe('Query');
  });

  it('/health answers 200', async () => {
    const res = await fetch(new URL('/health', gateway.url));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('/ready answers 200; /ready?verbose adds every subgraph up', async () => {
    const res = await fetch(new URL('/ready', gateway.opsUrl));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
    const verbose = await fetch(new URL('/ready?verbose', gateway.opsUrl));
    expect(await verbose.json()).toEqual({ status: 'ready', subgraphs: { accounts: 'ok', loyalty: 'ok' } });
  });

  it('never writes a token to its log', () => {
    const log = gatewayLog.text();
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(token);
    expect(log).not.toContain(token.split('.')[2]);
    expect(internalToken).toBeDefined();
    expect(log).not.toContain(internalToken!.split('.')[2]);
  });

  // keep last: stops the loyalty stub
  describe('with one subgraph down', () => {
    beforeAll(async () => {
      await loyalty.close();
    });

    // the gateway still serves (partial answers): readiness is its own, the verbose view names the subgraph
    it('/ready stays 200; /ready?verbose names the subgraph that is down', async () => {
      const res = await fetch(new URL('/ready?verbose', gateway.opsUrl));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; subgraphs: Record<string, string> };
      expect(body).toEqual({ status: 'ready', subgraphs: { accounts: 'ok', loyalty: 'unreachable' } });
    });

    it('returns partial data: the nullable loyalty field is null with a masked error at its path', async () => {
      const res = await gql('{ me { id displayName loyalty { tier } } }');
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ me: { id: 'C-000001', displayName: 'Anna K.', loyalty: null } });
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0].path).toEqual(['me', 'loyalty']);
      expect(res.body.errors![0].extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR' });
      expect(res.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|loyalty subgraph|serviceName/);
    });
  });
});

describe('gateway in production mode', () => {
  const keys = tempDir('gateway-it-prod-');
  let accounts: RunningSubgraph;
  let gateway: RunningGateway;
  let token: string;

  beforeAll(async () => {
    const stub = await startStubSubgraph(keys, ACCOUNTS_SDL, {
      Query: { me: (_: unknown, __: unknown, ctx: SubgraphContext) => ({ id: ctx.caller.customerId }) },
    });
    accounts = stub.subgraph;
    // production trusts an explicit key set only; the test plays the IdP
    const idp = await ensureKeyPair(tempDir('gateway-it-idp-'), 'dev-user');
    gateway = await startGateway(
      gatewayOptions({
        port: 0,
        supergraphSdl: stub.supergraphSdl,
        keysDir: keys,
        nodeEnv: 'production',
        auth: { jwks: jwksOf(idp), issuer: 'https://idp.bank.example', audience: 'corebridge-api' },
        log: pino({ level: 'silent' }),
      }),
    );
    token = await new SignJWT({ channel: 'web' })
      .setProtectedHeader({ alg: 'ES256', kid: idp.privateJwk.kid })
      .setSubject('C-000002')
      .setIssuer('https://idp.bank.example')
      .setAudience('corebridge-api')
      .setExpirationTime('5m')
      .sign(await privateKeyOf(idp));
    // sanity: the token verifies against the key set the gateway was given
    await jwtVerify(token, createLocalJWKSet(jwksOf(idp)));
  });

  afterAll(async () => {
    await gateway?.close();
    await accounts?.close();
  });

  const post = async (query: string) => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
  };

  it('serves queries with the IdP token', async () => {
    expect((await post('{ me { id } }')).body).toEqual({ data: { me: { id: 'C-000002' } } });
  });

  it('refuses introspection', async () => {
    const res = await post('{ __schema { types { name } } }');
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors![0].extensions.code).toBe('INTROSPECTION_DISABLED');
  });

  it('drops field suggestions', async () => {
    const res = await post('{ me { displayNam } }');
    expect(res.body.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors![0].message).not.toContain('Did you mean');
    expect(res.body.errors![0].message).not.toContain('displayName');
  });
});
