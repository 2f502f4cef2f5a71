// The gateway's edge, in-process, in front of one stub subgraph whose SDL carries @requiresScopes
// and @authenticated like the real ones: every refusal is checked to have reached no subgraph.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logSink } from '../../test/support/log-sink';
import { parse } from 'graphql';
import { createLogger } from '../../lib/logger';
import { type RunningSubgraph, type SubgraphContext } from '../../lib/subgraph-server';
import { clientToken, startStubSubgraph } from './support/gateway-stub';
import { type StaffAuditRecord } from '../src/edge/audit';
import { gatewayOptions } from '../src/config';
import { type RunningGateway, startGateway } from '../src/server';
import { apolloManifest, operationsFromDocument, sha256 } from '../src/edge/persisted/manifest';
import type { Channel } from '../../lib/internal-auth';
import { tempDir } from '../../scripts/lib/processes';

const READ = '@requiresScopes(scopes: [["customer:read"], ["staff:customers:read"]])';
const SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requiresScopes", "@authenticated"])
  type Query {
    me: Customer ${READ}
    customer(id: ID!): Customer ${READ}
    catalogue: [String!]! @authenticated
    "answers after 1.5 s"
    slow: String
    items(first: Int = 10): [Item!]!
  }
  type Mutation { move(amount: String!): String @requiresScopes(scopes: [["customer:write"]]) }
  type Customer @key(fields: "id") { id: ID! displayName: String ${READ} self: Customer }
  type Item { id: ID! children(first: Int = 10): [Item!]! }
`);

const KIOSK_OPS = `query KioskMe { me { id displayName } }`;
const PARTNER_OPS = `query PartnerCatalogue { catalogue }`;
const PARTNER_OTHER_OP = `query PartnerWide { catalogue other: catalogue }`;

const capture = logSink;

describe('gateway edge', () => {
  const keys = tempDir('gateway-edge-keys-');
  const persisted = tempDir('gateway-edge-pq-');
  const calls: string[] = [];
  const audit: StaffAuditRecord[] = [];
  const logs = capture();
  let subgraph: RunningSubgraph;
  let gateway: RunningGateway;
  const kioskOps = operationsFromDocument(KIOSK_OPS, 'kiosk.graphql');

  const token = (sub: string, channel: Exclude<Channel, 'service'>, extra: { scope?: string; clientName?: string; partnerId?: string } = {}) =>
    clientToken(keys, sub, channel, extra);

  async function post(body: unknown, opts: { token?: string; headers?: Record<string, string> } = {}) {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      body: JSON.parse(text) as { data?: any; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> },
    };
  }
  const codeOf = (r: { body: { errors?: Array<{ extensions?: Record<string, unknown> }> } }) => r.body.errors?.[0]?.extensions?.code;

  let web: string;
  let webReadOnly: string;
  let kiosk: string;
  let partner: string;
  let staff: string;

  beforeAll(async () => {
    mkdirSync(join(persisted, 'manifests'));
    writeFileSync(join(persisted, 'manifests/kiosk.json'), JSON.stringify(apolloManifest(kioskOps)));
    // Relay / Codegen style: { id: text }
    writeFileSync(
      join(persisted, 'manifests/partner.json'),
      JSON.stringify({ [sha256(PARTNER_OPS)]: PARTNER_OPS, [sha256(PARTNER_OTHER_OP)]: PARTNER_OTHER_OP }),
    );
    writeFileSync(
      join(persisted, 'clients.json'),
      JSON.stringify({
        clients: [
          { name: 'web-app', channels: ['web'], mode: 'off' },
          { name: 'kiosk', channels: ['kiosk'], mode: 'enforce', manifests: ['manifests/kiosk.json'] },
          { name: 'partner-app', channels: ['partner'], mode: 'enforce', manifests: ['manifests/partner.json'] },
        ],
        channelDefaults: { kiosk: 'kiosk', partner: 'partner-app' },
      }),
    );
    const stub = await startStubSubgraph(
      keys,
      SDL,
      {
        Query: {
          me: (_: unknown, __: unknown, ctx: SubgraphContext) => (ctx.caller.customerId ? { id: ctx.caller.customerId } : null),
          customer: (_: unknown, args: { id: string }) => ({ id: args.id }),
          catalogue: () => ['coffee'],
          slow: () => new Promise((r) => setTimeout(() => r('late'), 1500)),
          items: () => [],
        },
        Mutation: { move: () => 'moved' },
        Customer: { displayName: (c: { id: string }) => `Name of ${c.id}`, self: (c: unknown) => c },
      },
      (caller) => calls.push(caller.requestId ?? '?'),
    );
    subgraph = stub.subgraph;
    gateway = await startGateway(
      gatewayOptions({
        port: 0,
        supergraphSdl: stub.supergraphSdl,
        keysDir: keys,
        nodeEnv: 'production',
        auth: { keysDir: keys },
        persistedDir: persisted,
        rateLimits: { client: { perSecond: 1000, burst: 1000 }, customer: { perSecond: 0.01, burst: 40 } },
        audit: { write: (r) => audit.push(r) },
        subgraphTimeoutMs: 400,
        // the partners service's registry, as GET /internal/partner-apps/:clientId answers it
        partnerApps: {
          lookup: async (clientId) => {
            if (clientId === 'registry-down') throw new Error('connect ECONNREFUSED');
            return clientId === 'partner-app' ? { clientId, partnerId: 'P-001', allowedOperations: ['PartnerCatalogue'] } : null;
          },
        },
        log: createLogger('gateway', logs.stream),
      }),
    );
    [web, webReadOnly, kiosk, partner, staff] = await Promise.all([
      token('C-000001', 'web'),
      token('C-000003', 'web', { scope: 'customer:read' }),
      token('C-000004', 'kiosk', { clientName: 'web-app' }), // names another client: still the kiosk's rules
      token('app-1', 'partner', { partnerId: 'P-001', clientName: 'partner-app' }),
      token('S-0042', 'staff', { clientName: 'call-centre' }),
    ]);
  });

  afterAll(async () => {
    await gateway?.close();
    await subgraph?.close();
  });

  beforeEach(() => {
    calls.length = 0;
  });

  describe('authorization from @requiresScopes / @authenticated', () => {
    it('lets a customer with customer:read read their own data', async () => {
      const r = await post({ query: '{ me { id displayName } }' }, { token: web });
      expect(r.body).toEqual({ data: { me: { id: 'C-000001', displayName: 'Name of C-000001' } } });
      expect(calls).toHaveLength(1);
    });

    it("refuses a field outside the caller's scopes with FORBIDDEN, calling no subgraph", async () => {
      const r = await post({ query: 'mutation { move(amount: "10.00") }' }, { token: webReadOnly });
      expect(r.status).toBe(403);
      expect(codeOf(r)).toBe('FORBIDDEN');
      expect(r.body.data).toBeUndefined();
      expect(calls).toHaveLength(0);
      // the same operation with the write scope goes through
      expect((await post({ query: 'mutation { move(amount: "10.00") }' }, { token: web })).body).toEqual({ data: { move: 'moved' } });
    });

    it('refuses the whole operation when one nested field is forbidden', async () => {
      const r = await post({ query: 'query { catalogue ...F } fragment F on Query { me { id } }' }, { token: partner });
      // a partner's unregistered text is stopped by its safelist first
      expect(codeOf(r)).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');
      const s = await post({ query: '{ catalogue me { self { displayName } } }' }, { token: await token('S-1', 'staff', { scope: 'something:else' }) });
      expect(codeOf(s)).toBe('FORBIDDEN');
      expect(s.body.errors!.at(0)!.message).toContain('Customer.displayName');
      expect(calls).toHaveLength(0);
    });

    it('staff with the staff scope read any customer, and each read is audited without personal data', async () => {
      audit.length = 0;
      const r = await post(
        { query: 'query Look($id: ID!) { customer(id: $id) { id displayName } }', variables: { id: 'C-000777' } },
        { token: staff, headers: { 'x-request-id': 'audit-test-0001' } },
      );
      expect(r.body.data.customer).toEqual({ id: 'C-000777', displayName: 'Name of C-000777' });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        staff: 'S-0042',
        client: 'call-centre',
        customerIds: ['C-000777'],
        operationName: 'Look',
        requestId: 'audit-test-0001',
      });
      expect(audit.at(0)!.operationHash).toBe(sha256('query Look($id: ID!) { customer(id: $id) { id displayName } }'));
      expect(JSON.stringify(audit[0])).not.toContain('Name of');
      // customers are not audited
      await post({ query: '{ me { id } }' }, { token: web });
      expect(audit).toHaveLength(1);
    });

    it("_entities and _service are not part of the gateway's API: refused before any subgraph call", async () => {
      for (const query of [
        '{ _entities(representations: [{ __typename: "Customer", id: "C-000002" }]) { ... on Customer { displayName } } }',
        '{ _service { sdl } }',
      ]) {
        const r = await post({ query }, { token: web });
        expect(r.status).toBe(400);
        expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
      }
      expect(calls).toHaveLength(0);
    });
  });

  describe('limits and hardening', () => {
    const nested = (depth: number) => `{ me { ${'self { '.repeat(depth)}id${' }'.repeat(depth)} } }`;

    it.each([
      ['depth 50', () => ({ query: nested(50) }), 400, 'QUERY_TOO_DEEP'],
      ['1,000 aliases', () => ({ query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: catalogue`).join(' ')} }` }), 400, 'TOO_MANY_ALIASES'],
      ['100,000 tokens', () => ({ query: `{ me { ${'id '.repeat(100_000)}} }` }), 400, 'TOO_MANY_TOKENS'],
      ['a costly list', () => ({ query: '{ items(first: 100) { children(first: 100) { children(first: 100) { id } } } }' }), 400, 'QUERY_TOO_COMPLEX'],
      ['21 directives', () => ({ query: `{ me { id ${'@include(if: true) '.repeat(21)} } }` }), 400, 'TOO_MANY_DIRECTIVES'],
      ['introspection in production', () => ({ query: '{ __schema { types { name } } }' }), 400, 'INTROSPECTION_DISABLED'],
      ['a batched array', () => [{ query: '{ me { id } }' }, { query: '{ me { id } }' }], 400, 'BATCHING_NOT_SUPPORTED'],
      ['a 5 MB body', () => JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(5 * 1024 * 1024)}` }), 413, 'REQUEST_TOO_LARGE'],
    ])('refuses %s with its code and no subgraph call', async (_name, body, status, code) => {
      const r = await post(body(), { token: web });
      expect(r.status).toBe(status);
      expect(codeOf(r)).toBe(code);
      expect(r.body.data).toBeUndefined();
      expect(calls).toHaveLength(0);
    });

    it('counts root fields beyond aliases too', async () => {
      const r = await post({ query: `{ ${Array.from({ length: 11 }, (_, i) => `c${i}: catalogue`).join(' ')} }` }, { token: web });
      expect(codeOf(r)).toBe('TOO_MANY_ROOT_FIELDS');
    });

    it('drops field suggestions and never leaks a stack trace in production', async () => {
      const r = await post({ query: '{ me { displayNam } }' }, { token: web });
      expect(codeOf(r)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.text).not.toMatch(/Did you mean|displayName|stacktrace/);
    });

    it('a slow subgraph times out into partial data with a masked error', async () => {
      const started = Date.now();
      const r = await post({ query: '{ slow }' }, { token: web });
      expect(Date.now() - started).toBeLessThan(1400);
      expect(r.body.data).toEqual({ slow: null });
      expect(r.body.errors!.at(0)!.extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR' });
      expect(r.text).not.toMatch(/timeout|127\.0\.0\.1|network/i);
    });
  });

  describe('persisted queries', () => {
    const query = '{ me { id } }';
    const hash = sha256(query);
    const apq = (h: string, q?: string) => ({ ...(q ? { query: q } : {}), extensions: { persistedQuery: { version: 1, sha256Hash: h } } });

    it('APQ: unknown hash -> PERSISTED_QUERY_NOT_FOUND; hash + query registers; then the hash alone runs', async () => {
      const unique = `{ me { id } } # ${Date.now()}`;
      const h = sha256(unique);
      const miss = await post(apq(h), { token: web });
      expect(miss.status).toBe(200);
      expect(codeOf(miss)).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(calls).toHaveLength(0);
      expect((await post(apq(h, unique), { token: web })).body).toEqual({ data: { me: { id: 'C-000001' } } });
      expect((await post(apq(h), { token: web })).body).toEqual({ data: { me: { id: 'C-000001' } } });
    });

    it('APQ: a hash that does not match the query is refused with a stable code', async () => {
      const r = await post(apq(sha256('something else'), query), { token: web });
      expect(r.status).toBe(400);
      expect(codeOf(r)).toBe('PERSISTED_QUERY_HASH_MISMATCH');
      expect(calls).toHaveLength(0);
    });

    it('a kiosk runs its registered operation by id (on a fresh cache) and by text', async () => {
      const op = kioskOps.at(0)!;
      expect((await post(apq(op.id), { token: kiosk })).body).toEqual({ data: { me: { id: 'C-000004', displayName: 'Name of C-000004' } } });
      expect((await post({ query: op.body }, { token: kiosk })).body.data.me.id).toBe('C-000004');
      // re-formatted text of the same operation is the same operation
      expect((await post({ query: 'query KioskMe{me{id displayName}}' }, { token: kiosk })).body.data.me.id).toBe('C-000004');
    });

    it('a kiosk cannot run anything else, by text or by id, even one a web client registered', async () => {
      await post(apq(hash, query), { token: web }); // now in the shared APQ cache
      for (const body of [{ query }, apq(hash), apq(hash, query), { query: 'query KioskMe { me { id displayName self { id } } }' }]) {
        const r = await post(body, { token: kiosk });
        expect(r.status).toBe(400);
        expect(codeOf(r)).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');
      }
      expect(calls.length).toBe(1); // the web registration only
    });

    it('a partner app runs only its { id: text } manifest', async () => {
      expect((await post(apq(sha256(PARTNER_OPS)), { token: partner })).body).toEqual({ data: { catalogue: ['coffee'] } });
      expect(codeOf(await post({ query: '{ catalogue }' }, { token: partner }))).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');
    });

    it('a partner app runs only the operations the partner registry allows it, as the partner it is registered for', async () => {
      // in the partner manifest, but not in this app's list
      expect(codeOf(await post(apq(sha256(PARTNER_OTHER_OP)), { token: partner }))).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');
      const cases: Array<[string, number, string]> = [
        [await token('app-x', 'partner', { partnerId: 'P-001', clientName: 'unregistered-app' }), 403, 'PARTNER_APP_NOT_REGISTERED'],
        [await token('app-x', 'partner', { partnerId: 'P-999', clientName: 'partner-app' }), 403, 'PARTNER_APP_NOT_REGISTERED'],
        [await token('app-x', 'partner', { partnerId: 'P-001', clientName: 'registry-down' }), 503, 'PARTNER_REGISTRY_UNAVAILABLE'],
      ];
      for (const [t, status, code] of cases) {
        const r = await post(apq(sha256(PARTNER_OPS)), { token: t });
        expect([r.status, codeOf(r)]).toEqual([status, code]);
      }
      expect(calls).toHaveLength(0);
    });
  });

  describe('rate limits, metrics and logs', () => {
    it("answers 429 with Retry-After once a customer's bucket is empty, without calling a subgraph", async () => {
      const t = await token('C-000099', 'web');
      let refused: Awaited<ReturnType<typeof post>> | undefined;
      for (let i = 0; i < 45 && !refused; i++) {
        const r = await post({ query: '{ catalogue }' }, { token: t });
        if (r.status === 429) refused = r;
      }
      expect(refused).toBeDefined();
      expect(codeOf(refused!)).toBe('RATE_LIMITED');
      expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const before = calls.length;
      expect((await post({ query: '{ catalogue }' }, { token: t })).status).toBe(429);
      expect(calls.length).toBe(before);
      // another customer of the same client is unaffected
      expect((await post({ query: '{ catalogue }' }, { token: web })).status).toBe(200);
    });

    it('/metrics counts requests per operation and client, errors by code, refusals and subgraph fetches', async () => {
      await post({ query: 'query Dash { me { id } }' }, { token: web });
      const text = await (await fetch(new URL('/metrics', gateway.opsUrl))).text();
      expect(text).toMatch(/gateway_requests_total\{operation="Dash",client="\(web\)",status="200"\} [1-9]/);
      expect(text).toMatch(/gateway_request_duration_seconds_bucket\{le="[^"]+",operation="Dash",client="\(web\)"\}/);
      expect(text).toMatch(/gateway_errors_total\{[^}]*code="FORBIDDEN"\} [1-9]/);
      expect(text).toMatch(/gateway_errors_total\{[^}]*code="PERSISTED_QUERY_NOT_IN_SAFELIST"\} [1-9]/);
      expect(text).toMatch(/gateway_rate_limited_total\{client="\(web\)",bucket="customer"\} [1-9]/);
      expect(text).toMatch(/gateway_subgraph_fetches_total\{subgraph="accounts",outcome="ok"\} [1-9]/);
      expect(text).toMatch(/gateway_subgraph_fetches_total\{subgraph="accounts",outcome="timeout"\} 1/);
      expect(text).toMatch(/gateway_errors_total\{operation="\(anonymous\)",client="\(unauthenticated\)",code="REQUEST_TOO_LARGE"\} 1/);
    });

    it('writes structured logs with request id, client and operation, and no token, PAN or personal data', async () => {
      await post(
        { query: 'query Card($pan: ID!) { customer(id: $pan) { id } }', variables: { pan: '4111111111111111' } },
        { token: web, headers: { 'x-request-id': 'log-test-00000001' } },
      );
      await post({ query: '{ me { id } }' }, { token: `${web}x` }); // a broken token: refused and logged
      const text = logs.text();
      const line = text.split('\n').find((l) => l.includes('log-test-00000001') && l.includes('"request"'));
      expect(JSON.parse(line!)).toMatchObject({ reqId: 'log-test-00000001', status: 200, client: '(web)', operation: 'Card' });
      for (const secret of [web.split('.')[2], staff.split('.')[2], '4111111111111111', 'Name of C-0']) expect(text).not.toContain(secret);
    });
  });
});
