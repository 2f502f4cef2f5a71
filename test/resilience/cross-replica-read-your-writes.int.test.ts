// Read-your-writes across gateway replicas: the whole system as processes (simulator, four
// subgraphs) behind several gateway processes, as on Kubernetes. A customer reads their balances
// through gateway B (B caches them: balances have max-age 15 s), makes a transfer through gateway A,
// then reads through B again.
//
// - A and B share REDIS_URL: B must show the transfer (transport/shared-generations.ts).
// - A0 and B0 without Redis, each told it is the only gateway (GATEWAY_REPLICAS=one, the setting
//   an operator would have to get wrong): B0 shows the balance from before the transfer. This is
//   the failure the Redis sharing prevents, asserted so that the first case is known to be able to fail.
// - C without Redis and GATEWAY_REPLICAS=many (the production default): no cache, so never stale.
//
// Needs a real Redis at REDIS_URL; skipped without it. Not timed: a few sequential requests, well
// within the 15 s the balances may be cached.
import Redis from 'ioredis';
import { freePort, type RunningProcess, startProcess } from '../../scripts/lib/processes';
import { gql, startStack, webToken, type Stack } from '../support/stack';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) {
  console.warn('cross-replica-read-your-writes.int.test.ts skipped: REDIS_URL is not set (the replicas share a real Redis)');
}
const describeWithRedis = REDIS_URL ? describe : describe.skip;

jest.setTimeout(240000);

const BALANCES = `query Balances { me { id accounts { id type currency balance { available { amount currency } asOf } } } }`;
const TRANSFER = `mutation Transfer($input: TransferInput!) { transfer(input: $input) { transactionId status } }`;

interface Balances {
  me: { id: string; accounts: { id: string; type: string; currency: string; balance: { available: { amount: string } } }[] };
}

interface Gateway {
  url: string;
  opsUrl: string;
}

/** available balance in minor units by account id (every simulator currency has 2 decimals) */
const minor = (d: Balances) => new Map(d.me.accounts.map((acc) => [acc.id, BigInt(acc.balance.available.amount.replace('.', ''))]));

describeWithRedis('read-your-writes across gateway replicas', () => {
  const prefix = `test:cross-replica:${process.pid}:${Date.now()}:`;
  let stack: Stack;
  const processes: RunningProcess[] = [];
  const gw: Record<'a' | 'b' | 'a0' | 'b0' | 'c', Gateway> = {} as never;

  async function startGateway(name: string, env: Record<string, string>): Promise<Gateway> {
    const port = await freePort();
    const opsPort = await freePort();
    const partnersBase = stack.subgraphUrls.partners.replace(/\/graphql$/, '');
    processes.push(
      await startProcess(
        name,
        'gateway/src/main.ts',
        {
          KEYS_DIR: stack.keysDir,
          GATEWAY_PORT: String(port),
          GATEWAY_OPS_PORT: String(opsPort),
          ACCOUNTS_URL: stack.subgraphUrls.accounts,
          LOYALTY_URL: stack.subgraphUrls.loyalty,
          OFFERS_URL: stack.subgraphUrls.offers,
          PARTNERS_URL: stack.subgraphUrls.partners,
          PARTNERS_SERVICE_URL: partnersBase,
          ...env,
        },
        `http://127.0.0.1:${opsPort}/ready`,
      ),
    );
    return { url: `http://127.0.0.1:${port}/graphql`, opsUrl: `http://127.0.0.1:${opsPort}` };
  }

  beforeAll(async () => {
    stack = await startStack();
    const shared = { REDIS_URL: REDIS_URL!, REDIS_KEY_PREFIX: prefix };
    // '' removes the variable the test runner passes on
    const alone = { REDIS_URL: '', GATEWAY_REPLICAS: 'one' };
    const [a, b, a0, b0, c] = await Promise.all([
      startGateway('gateway-a', shared),
      startGateway('gateway-b', shared),
      startGateway('gateway-a0', alone),
      startGateway('gateway-b0', alone),
      startGateway('gateway-c', { REDIS_URL: '', GATEWAY_REPLICAS: 'many' }),
    ]);
    Object.assign(gw, { a, b, a0, b0, c });
  }, 240000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await stack?.stop();
    if (REDIS_URL) {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  async function balances(via: Gateway, token: string): Promise<Balances> {
    const { status, body } = await gql(via.url, BALANCES, { token });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    return body.data as Balances;
  }

  async function cacheHits(via: Gateway): Promise<number> {
    const metrics = await (await fetch(`${via.opsUrl}/metrics`)).text();
    return Number(/^gateway_private_cache_hits_total (\d+)$/m.exec(metrics)?.[1] ?? 0);
  }

  async function transfer(via: Gateway, token: string, from: Balances['me']['accounts'][number]): Promise<void> {
    const { status, body } = await gql(via.url, TRANSFER, {
      token,
      variables: {
        input: {
          fromAccountId: from.id,
          to: { iban: 'GB82WEST12345698765432', name: 'Replica Test' },
          amount: { amount: '1.00', currency: from.currency },
          idempotencyKey: `replica-it-${Date.now()}-${Math.random()}`,
        },
      },
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  }

  /** Reads twice through `reader` (the second from its cache when it has one), writes through `writer`, reads through `reader` again. */
  async function readWriteRead(reader: Gateway, writer: Gateway, customerId: string) {
    const token = await webToken(stack.keysDir, customerId);
    const before = await balances(reader, token);
    const hits = await cacheHits(reader);
    expect(minor(await balances(reader, token))).toEqual(minor(before));
    const cachedAgain = (await cacheHits(reader)) > hits;
    const from = before.me.accounts.find((acc) => acc.type === 'CURRENT') ?? before.me.accounts[0];
    if (!from) throw new Error(`${customerId} has no account`);
    await transfer(writer, token, from);
    const after = await balances(reader, token);
    const atWriter = await balances(writer, token);
    return { cachedAgain, was: minor(before).get(from.id)!, now: minor(after).get(from.id)!, atWriter: minor(atWriter).get(from.id)! };
  }

  it('shares write generations through Redis: a transfer through A shows at once in B’s next read', async () => {
    const r = await readWriteRead(gw.b, gw.a, 'C-000003');
    expect(r.cachedAgain).toBe(true); // B did answer from its cache before the write
    expect(r.atWriter).toBe(r.was - 100n);
    expect(r.now).toBe(r.was - 100n);
  });

  it('without the sharing (no Redis, each gateway told it is alone) B answers the balance from before the transfer', async () => {
    const r = await readWriteRead(gw.b0, gw.a0, 'C-000004');
    expect(r.cachedAgain).toBe(true);
    expect(r.atWriter).toBe(r.was - 100n); // the transfer went through
    expect(r.now).toBe(r.was); // ...and B0 still shows the old balance: stale
  });

  it('without Redis and GATEWAY_REPLICAS=many the gateway keeps no cache, so it is never stale', async () => {
    const r = await readWriteRead(gw.c, gw.a0, 'C-000005');
    expect(r.cachedAgain).toBe(false);
    expect(await cacheHits(gw.c)).toBe(0);
    expect(r.now).toBe(r.was - 100n);
  });
});
