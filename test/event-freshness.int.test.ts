// Fresh reads after money moves outside the gateway (issue 16, item 3): a card purchase goes from
// the card switch straight to loyalty's feed, never through the gateway, and loyalty's answers may
// be cached for 30 s. The purchase's CardPurchaseRecorded event moves the customer's write
// generation in the gateway (transport/event-freshness.ts), so the next read shows it within a
// second of the feed's acknowledgement. A second gateway on the same subgraphs with
// GATEWAY_EVENT_FRESHNESS=off keeps answering the cached figure: what the events are for.
//
// Over the embedded bus (each producer's /internal/events log) and, when REDIS_URL is set, over
// Redis Streams.
import { freePort, type RunningProcess, startProcess } from '../scripts/lib/processes';
import { purchaseThroughFeed } from './support/card-feed';
import { gql, startStack, webToken, type Stack } from './support/stack';

jest.setTimeout(240_000);

const POINTS = `query Points { me { id loyalty { points } } }`;

const BUSES: Array<[string, Record<string, string>]> = [['the embedded bus', { REDIS_URL: '' }]];
if (process.env.REDIS_URL) BUSES.push(['Redis Streams', { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `test:freshness:${process.pid}:` }]);
else console.warn('event-freshness.int.test.ts: the Redis variant is left out (REDIS_URL not set)');

describe.each(BUSES)('a card purchase ends the cached reads of its customer, over %s', (_name, busEnv) => {
  let stack: Stack;
  let stale: RunningProcess;
  let staleUrl: string;

  beforeAll(async () => {
    // one gateway, so that every read after the first is answered from its private cache
    stack = await startStack({ ...busEnv, GATEWAY_REPLICAS: 'one' });
    const port = await freePort();
    const opsPort = await freePort();
    stale = await startProcess(
      'gateway-no-events',
      'gateway/src/main.ts',
      {
        // no Redis either: with it, the shared generations the other gateway bumps would end this one's cached reads too
        REDIS_URL: '',
        GATEWAY_REPLICAS: 'one',
        GATEWAY_EVENT_FRESHNESS: 'off',
        KEYS_DIR: stack.keysDir,
        GATEWAY_PORT: String(port),
        GATEWAY_OPS_PORT: String(opsPort),
        ...Object.fromEntries(Object.entries(stack.subgraphUrls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])),
        PARTNERS_SERVICE_URL: stack.subgraphUrls.partners.replace(/\/graphql$/, ''),
      },
      `http://127.0.0.1:${opsPort}/ready`,
    );
    staleUrl = `http://127.0.0.1:${port}/graphql`;
  }, 240_000);

  afterAll(async () => {
    await stale?.stop();
    await stack?.stop();
  });

  const points = async (url: string, token: string): Promise<bigint> => {
    const { body } = await gql(url, POINTS, { token });
    expect(body.errors).toBeUndefined();
    return BigInt(body.data.me.loyalty.points);
  };

  const cacheHits = async (opsUrl: string) =>
    Number(/^gateway_private_cache_hits_total (\d+)$/m.exec(await (await fetch(`${opsUrl}/metrics`)).text())?.[1] ?? 0);

  it('shows the purchase on the next read within a second of the acknowledgement; without the events the cache answers the old points', async () => {
    const customerId = 'C-000007';
    const token = await webToken(stack.keysDir, customerId);
    const before = await points(stack.gatewayUrl, token);
    const hits = await cacheHits(stack.gatewayOpsUrl);
    expect(await points(stack.gatewayUrl, token)).toBe(before);
    expect(await cacheHits(stack.gatewayOpsUrl)).toBeGreaterThan(hits); // cached: 30 s unless something ends it
    expect(await points(staleUrl, token)).toBe(before);
    expect(await points(staleUrl, token)).toBe(before);

    const { answer } = await purchaseThroughFeed(stack, customerId, 700_000 + (process.pid % 100_000));
    expect(answer.fields.get(39)).toBe('00');
    const ackedAt = Date.now();
    let now = before;
    while (now === before && Date.now() - ackedAt < 5000) {
      now = await points(stack.gatewayUrl, token);
      if (now === before) await new Promise((r) => setTimeout(r, 50));
    }
    const freshAfterMs = Date.now() - ackedAt;
    process.stderr.write(`[event-freshness] ${_name}: the purchase showed ${freshAfterMs} ms after the acknowledgement\n`);
    expect(now).toBeGreaterThan(before); // 42.50 EUR earns points
    expect(freshAfterMs).toBeLessThanOrEqual(1000);
    // the gateway that does not follow the events still answers from its cache
    expect(await points(staleUrl, token)).toBe(before);
  });
});
