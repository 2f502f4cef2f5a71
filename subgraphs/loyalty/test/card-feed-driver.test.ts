// The simulated card switch against the feed (in-memory sink): the planned traffic mix, totals
// per customer equal to the oracle's, and re-sending after a dropped feed with nothing lost or
// counted twice.
import { startCardFeed, type RunningCardFeed } from '../src/adapters/card-feed/card-feed';
import { CardSwitchDriver } from '../../../core-simulator/src/card-switch/driver';
import { planTraffic, type SwitchCard, type Purchase } from '../../../core-simulator/src/card-switch/traffic';
import { expectedTotals } from '../../../core-simulator/src/card-switch/expected';
import { captureLog, ListDirectory, MemorySink } from './support/card-feed';
import { nth } from '../../../test/support/present';

// real sockets and thousands of runs: give a loaded machine room
jest.setTimeout(30000);

const CARDS: SwitchCard[] = Array.from({ length: 12 }, (_, i) => ({
  pan: `41659800000${String(i).padStart(5, '0')}`,
  cardId: `K-${String(i + 1).padStart(7, '0')}`,
  customerId: `C-${String((i % 6) + 1).padStart(6, '0')}`,
}));
const directory = () => new ListDirectory(new Map(CARDS.map((c) => [c.pan, { cardId: c.cardId, customerId: c.customerId }])));

/** what the sink holds, as purchases the oracle can total */
function purchasesIn(sink: MemorySink, plan: Purchase[]): Purchase[] {
  const byPan = new Map(plan.map((p) => [`${p.card.cardId}|${p.amountMinor}|${p.merchantId}`, p]));
  return sink.netFinancial().map((a) => {
    const p = byPan.get(`${a.cardId}|${a.amountMinor}|${a.merchantId}`);
    return { ...(p as Purchase), amountMinor: a.amountMinor, mcc: a.mcc, reversed: false };
  });
}

const totalsText = (m: Map<string, { cashBackMinor: bigint; points: bigint }>) =>
  [...m.entries()].sort().map(([id, t]) => `${id} ${t.cashBackMinor} ${t.points}`);

describe('card switch driver', () => {
  let feed: RunningCardFeed | undefined;
  afterEach(async () => feed?.close());

  it('plans the requested mix: authorisations, reversals (some before their original), repeats, 2 % MCCs, partners', () => {
    const plan = planTraffic({
      cards: CARDS,
      count: 400,
      seed: 7,
      authShare: 0.3,
      reversalShare: 0.2,
      earlyReversalShare: 0.5,
      repeatShare: 0.1,
      partnerMerchantIds: ['M-00010'],
      partnerShare: 0.25,
    });
    const kinds = (k: string) => plan.messages.filter((m) => m.kind === k && m.msg.mti.endsWith('0')).length;
    expect(kinds('FINANCIAL')).toBe(400);
    expect(kinds('AUTHORISATION')).toBeGreaterThan(80);
    expect(kinds('REVERSAL')).toBeGreaterThan(50);
    const repeats = plan.messages.filter((m) => m.msg.mti.endsWith('1'));
    expect(repeats.length).toBeGreaterThan(40);
    const seqOf = (purchase: number, kind: string) => plan.messages.find((m) => m.purchase === purchase && m.kind === kind)?.seq ?? -1;
    const reversedIds = plan.purchases.filter((p) => p.reversed).map((p) => p.id);
    const early = reversedIds.filter((id) => seqOf(id, 'REVERSAL') < seqOf(id, 'FINANCIAL'));
    expect(early.length).toBeGreaterThan(10);
    expect(early.length).toBeLessThan(reversedIds.length);
    const mccs = new Set(plan.purchases.map((p) => p.mcc));
    expect(mccs.has('5411') && mccs.has('5812')).toBe(true);
    expect(plan.purchases.filter((p) => p.partner).every((p) => p.merchantId === 'M-00010')).toBe(true);
    expect(plan.purchases.filter((p) => p.partner).length).toBeGreaterThan(60);
    // the same seed, the same traffic
    const again = planTraffic({
      cards: CARDS,
      count: 400,
      seed: 7,
      authShare: 0.3,
      reversalShare: 0.2,
      earlyReversalShare: 0.5,
      repeatShare: 0.1,
      partnerMerchantIds: ['M-00010'],
      partnerShare: 0.25,
      now: new Date(0),
    });
    expect(again.purchases.map((p) => `${p.amountMinor}${p.merchantId}`)).toEqual(plan.purchases.map((p) => `${p.amountMinor}${p.merchantId}`));
  });

  it('the oracle: 1 % / 2 % cash back rounded down per purchase, points per whole unit, x3 at partners, reversed earn nothing', () => {
    const card = nth(CARDS, 0);
    const p = (amountMinor: bigint, mcc: string, partner = false, reversed = false): Purchase => ({
      id: 0,
      card,
      amountMinor,
      currency: 'EUR',
      mcc,
      merchantId: 'M',
      partner,
      authorised: false,
      reversed,
    });
    const t = expectedTotals([p(1999n, '5411'), p(1999n, '5999'), p(250n, '5812', true), p(10000n, '5411', false, true)]).get(card.customerId);
    // 39 + 19 + 5 cents; 19 + 19 + 2 x 3 points
    expect(t).toMatchObject({ cashBackMinor: 63n, points: 44n, purchases: 3, reversed: 1 });
    expect(expectedTotals([p(1999n, '5411')], () => 12500n).get(card.customerId)?.points).toBe(23n);

    // issue 13: a purchase in another currency earns on its programme-currency amount
    const programme = { currency: 'EUR', ratesPerEur: { EUR: '1', JPY: '161.35', BHD: '0.3917' } };
    const inCurrency = (amountMinor: bigint, currency: string) => ({ ...p(amountMinor, '5999'), currency });
    // 10,000 JPY = 61.98 EUR and 10.000 BHD = 25.53 EUR: not 10,000 and 10 points
    expect(expectedTotals([inCurrency(10000n, 'JPY')], undefined, programme).get(card.customerId)).toMatchObject({
      currency: 'EUR',
      cashBackMinor: 61n,
      points: 61n,
    });
    expect(expectedTotals([inCurrency(10000n, 'BHD')], undefined, programme).get(card.customerId)).toMatchObject({
      currency: 'EUR',
      cashBackMinor: 25n,
      points: 25n,
    });
    expect(expectedTotals([inCurrency(10000n, 'JPY')]).get(card.customerId)).toMatchObject({ currency: 'JPY', cashBackMinor: 100n, points: 10000n });
  });

  it('delivers every advice once: the sink ends with exactly the expected totals', async () => {
    const sink = new MemorySink();
    feed = await startCardFeed({ port: 0, sink, cards: directory(), log: captureLog().log });
    const plan = planTraffic({ cards: CARDS, count: 300, seed: 11, reversalShare: 0.15, earlyReversalShare: 0.4 });
    const driver = new CardSwitchDriver({ host: '127.0.0.1', port: feed.port, ratePerSecond: 3000, connections: 3 });
    const report = await driver.run(plan.messages);
    await driver.close();
    expect(report).toMatchObject({ planned: plan.messages.length, acknowledged: plan.messages.length, unanswered: 0, declined: {} });
    expect(sink.held.size).toBe(0);
    expect(totalsText(expectedTotals(purchasesIn(sink, plan.purchases)))).toEqual(totalsText(expectedTotals(plan.purchases)));
  });

  it('keeps unacknowledged advices and re-sends them (as repeats) after the feed comes back', async () => {
    const sink = new MemorySink();
    const log = captureLog().log;
    // drainTimeoutMs 1: the feed goes away without waiting for the store, like a crash
    feed = await startCardFeed({ port: 0, sink, cards: directory(), log, drainTimeoutMs: 1 });
    const port = feed.port;
    // a slow store: advices are in flight when the feed goes away, some stored but never acknowledged
    sink.gate = () => new Promise((r) => setTimeout(r, 5));
    const plan = planTraffic({ cards: CARDS, count: 250, seed: 12, reversalShare: 0.2, earlyReversalShare: 0.5 });
    const driver = new CardSwitchDriver({ host: '127.0.0.1', port, ratePerSecond: 400, connections: 2, ackTimeoutMs: 2000, reconnectDelayMs: 50 });
    const running = driver.run(plan.messages);
    while (sink.calls.length < 40) await new Promise((r) => setTimeout(r, 10));
    const down = feed;
    feed = undefined;
    await down.close();
    await new Promise((r) => setTimeout(r, 200));
    feed = await startCardFeed({ port, sink, cards: directory(), log });
    const report = await running;
    await driver.close();
    expect(report.disconnects).toBeGreaterThanOrEqual(2);
    expect(report.resent).toBeGreaterThan(0);
    expect(report).toMatchObject({ acknowledged: plan.messages.length, unanswered: 0 });
    expect(totalsText(expectedTotals(purchasesIn(sink, plan.purchases)))).toEqual(totalsText(expectedTotals(plan.purchases)));
  });

  it('settles a refusal for good: unsigned advices to a feed that requires a MAC are answered 63 once, never re-sent', async () => {
    const sink = new MemorySink();
    feed = await startCardFeed({ port: 0, sink, cards: directory(), log: captureLog().log, macKey: new Uint8Array(32).fill(7) });
    const plan = planTraffic({ cards: CARDS, count: 20, seed: 13, reversalShare: 0, earlyReversalShare: 0 });
    const driver = new CardSwitchDriver({ host: '127.0.0.1', port: feed.port, ratePerSecond: 1000, connections: 1 });
    const report = await driver.run(plan.messages);
    await driver.close();
    expect(report).toMatchObject({ planned: plan.messages.length, resent: 0, unanswered: 0, declined: { '63': plan.messages.length } });
    expect(sink.calls).toHaveLength(0);
  });
});
