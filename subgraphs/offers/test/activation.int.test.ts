// Accepting a partner cash-back offer activates a boost in loyalty through the outbox: loyalty down,
// offers restarted, loyalty back -> delivered exactly once; an answer lost after loyalty stored the
// boost -> resent, still one boost; accepting again -> the same acceptance, nothing resent.
// Runs on PGlite files and, when DATABASE_URL is set, on PostgreSQL in a schema of its own.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { dropSchema } from '../../../test/support/postgres';
import { type Caller, InternalTokenSigner, InternalTokenVerifier, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { registerServiceRoutes } from '../../../lib/subgraph-server';
import type { CoreClientConfig } from '../../../legacy-adapters/soap/src';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../core-simulator/src/server';
import { startOffers, type RunningOffers, type OffersOptions } from '../src/server';
import { staticDirectory } from '../src/adapters/partner-directory';
import type { CashbackBoostRequest } from '../src/domain/activation';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';
import { nth } from '../../../test/support/present';

const DATABASE_URL = process.env.DATABASE_URL;
const NOW = Date.parse('2025-03-15T10:00:00Z');
const STARTED = Date.now();
/** the simulated day, running at real speed (backoff needs time to pass) */
const clock = () => new Date(NOW + (Date.now() - STARTED));
const plus30Days = (iso: string) => new Date(Date.parse(iso) + 30 * 86_400_000).toISOString();
const me: Caller = { subject: 'C-000001', customerId: 'C-000001', channel: 'mobile', scopes: [] };
const PARTNERS = staticDirectory([
  { partnerId: 'P-HARBOURSTAYS', name: 'Harbour Stays', category: 'TRAVEL', merchantIds: ['M-TRAVEL-002', 'M-TRAVEL-003'] },
  { partnerId: 'P-FRESHCART', name: 'FreshCart', category: 'GROCERIES', merchantIds: ['M-GROCERY-001', 'M-GROCERY-002'] },
]);

/** A stand-in for loyalty's POST /internal/cashback-boosts, idempotent by activationId as agreed. */
class FakeLoyalty {
  app: FastifyInstance | null = null;
  readonly boosts = new Map<string, CashbackBoostRequest>();
  requests: string[] = [];
  /** answers 503 to this many requests before storing anything */
  busy = 0;
  /** stores the boost, then "loses" the answer (503) this many times */
  loseAnswers = 0;

  constructor(
    readonly port: number,
    private readonly keys: string,
  ) {}

  async start(): Promise<void> {
    const app = Fastify({ logger: false });
    await registerServiceRoutes(app, await InternalTokenVerifier.fromKeysDir(this.keys), (scope) => {
      scope.post<{ Body: CashbackBoostRequest }>('/cashback-boosts', async (req, reply) => {
        this.requests.push(req.body.activationId);
        if (this.busy > 0) {
          this.busy--;
          return reply.code(503).send({ code: 'BUSY' });
        }
        const known = this.boosts.get(req.body.activationId);
        if (known && JSON.stringify(known) !== JSON.stringify(req.body)) return reply.code(409).send({ code: 'IDEMPOTENCY_KEY_REUSED' });
        this.boosts.set(req.body.activationId, req.body);
        if (this.loseAnswers > 0) {
          this.loseAnswers--;
          return reply.code(503).send({ code: 'ANSWER_LOST' });
        }
        return { activationId: req.body.activationId, status: 'ACTIVE' };
      });
    });
    await app.listen({ port: this.port, host: '127.0.0.1' });
    this.app = app;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = null;
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stores: Array<[string, string | undefined]> = [['PGlite', undefined], ...(DATABASE_URL ? [['PostgreSQL', DATABASE_URL] as [string, string]] : [])];

describe.each(stores)('cash-back activation through the outbox (%s)', (_name, databaseUrl) => {
  let dir: string;
  let signer: InternalTokenSigner;
  let core: RunningCoreSimulator;
  let loyalty: FakeLoyalty;
  let offers: RunningOffers | undefined;
  let base: OffersOptions;
  const schema = `offers_test_${randomBytes(5).toString('hex')}`;

  const ask = async (query: string) => (await gql(offers!.url, query, { headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(me) } })).body;
  const offersQuery = (channel = 'MOBILE') =>
    `{ _entities(representations: [{ __typename: "Customer", id: "C-000001" }]) { ... on Customer { offers(channel: ${channel}, first: 10) { id kind topic partner { id } cashBack { rateBasisPoints validDays } } } } }`;
  const accept = (id: string) =>
    `mutation { respondToOffer(offerId: "${id}", response: ACCEPT) { offerId response replayed activation { id status rateBasisPoints validFrom validUntil partner { id } } } }`;

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'warn';
    dir = tempDir('corebridge-offers-activation-');
    const keys = join(dir, 'keys');
    signer = await InternalTokenSigner.fromKeysDir(keys);
    core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: 20, anchorDate: '2025-03-15' });
    const coreConfig: CoreClientConfig = { wsdlUrl: core.wsdlUrl, timeoutMs: 3000, maxConcurrency: 4, readRetries: 1 };
    loyalty = new FakeLoyalty(await freePort(), keys);
    base = {
      port: 0,
      core: coreConfig,
      keysDir: keys,
      clock,
      dataDir: join(dir, 'data'),
      databaseUrl,
      dbSchema: schema,
      loyaltyUrl: `http://127.0.0.1:${loyalty.port}`,
      partners: PARTNERS,
      dispatchIntervalMs: 50,
      dispatcher: { baseBackoffMs: 20, maxBackoffMs: 100 },
    };
    offers = await startOffers(base);
  }, 120000);

  afterAll(async () => {
    await offers?.close();
    await loyalty?.stop();
    await core?.close();
    if (databaseUrl) await dropSchema(databaseUrl, schema);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('offers C-000001 partner cash back, accepted while loyalty is down, delivered once after a restart', async () => {
    const shown = (await ask(offersQuery())).data._entities[0].offers as Array<{ id: string; kind: string; partner: { id: string } | null }>;
    const travel = shown.find((o) => o.kind === 'CASH_BACK' && o.partner?.id === 'P-HARBOURSTAYS');
    expect(travel).toBeDefined();

    const first = await ask(accept(travel!.id));
    expect(first.errors).toBeUndefined();
    const activation = first.data.respondToOffer.activation;
    expect(activation).toMatchObject({ status: 'PENDING', rateBasisPoints: 500, partner: { id: 'P-HARBOURSTAYS' } });
    expect(activation.validFrom.slice(0, 10)).toBe('2025-03-15');
    expect(activation.validUntil).toBe(plus30Days(activation.validFrom));

    // loyalty is not even listening: the outbox keeps trying
    await waitFor(async () => Number(nth(await offers!.db.query<{ attempts: number }>('SELECT attempts FROM outbox'), 0).attempts) >= 2);
    expect((await offers!.store.activation(activation.id))?.status).toBe('PENDING');

    // offers restarts (nothing in memory survives), loyalty comes back busy, then well
    await offers!.close();
    offers = undefined;
    loyalty.busy = 2;
    await loyalty.start();
    offers = await startOffers(base);
    await waitFor(async () => (await offers!.store.activation(activation.id))?.status === 'ACTIVE');

    expect([...loyalty.boosts.keys()]).toEqual([activation.id]);
    expect(loyalty.boosts.get(activation.id)).toEqual({
      activationId: activation.id,
      customerId: 'C-000001',
      partnerId: 'P-HARBOURSTAYS',
      merchantIds: ['M-TRAVEL-002', 'M-TRAVEL-003'],
      rateBasisPoints: 500,
      validFrom: activation.validFrom,
      validUntil: activation.validUntil,
    });
    expect(loyalty.requests.filter((id) => id === activation.id)).toHaveLength(3); // 2 x busy, then stored

    // accepting again: the same acceptance, already active, and nothing more is sent
    const again = await ask(accept(travel!.id));
    expect(again.data.respondToOffer).toMatchObject({ replayed: true, activation: { id: activation.id, status: 'ACTIVE' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(loyalty.requests.filter((id) => id === activation.id)).toHaveLength(3);
    // an accepted offer is no longer shown
    const after = (await ask(offersQuery())).data._entities[0].offers as Array<{ id: string }>;
    expect(after.map((o) => o.id)).not.toContain(travel!.id);
  }, 60000);

  it('resends when loyalty stored the boost but the answer was lost, and loyalty keeps one boost', async () => {
    // a fresh channel: MOBILE has shown these offers as often as its frequency cap allows today
    const shown = (await ask(offersQuery('WEB'))).data._entities[0].offers as Array<{ id: string; kind: string; partner: { id: string } | null }>;
    const groceries = shown.find((o) => o.kind === 'CASH_BACK' && o.partner?.id === 'P-FRESHCART');
    expect(groceries).toBeDefined();
    loyalty.loseAnswers = 1;
    const res = await ask(accept(groceries!.id));
    const id = res.data.respondToOffer.activation.id as string;
    await waitFor(async () => (await offers!.store.activation(id))?.status === 'ACTIVE');
    expect(loyalty.requests.filter((r) => r === id)).toHaveLength(2);
    expect([...loyalty.boosts.keys()].filter((k) => k === id)).toHaveLength(1);
    expect(loyalty.boosts.size).toBe(2);
  }, 60000);
});
