// The events of the card path (docs/events.md): a card advice writes exactly one
// CardPurchaseRecorded with what it earned and a PointsChanged, in the transaction of its journal;
// a repeat or re-sent advice writes none; a reversal writes what it took back.
import { advice, useMemoryProgramme } from './support/programme';
import { parseEvent, type DomainEvent } from '../../../lib/events';
import { nth } from '../../../test/support/present';
import { CoreError } from '../../../legacy-adapters/soap/src';

jest.setTimeout(60000);

const p = useMemoryProgramme();
let n = 0;
const fresh = () => `EV-${++n}`;

/** The customer's events in outbox order, checked against the catalogue as a consumer would. */
async function eventsOf(customerId: string): Promise<DomainEvent[]> {
  const rows = await p.db.query<{ envelope: string }>(`SELECT envelope FROM event_outbox ORDER BY seq`);
  return rows.map((r) => parseEvent(JSON.parse(r.envelope))).filter((e) => e.customerId === customerId);
}

describe('card advice events', () => {
  it('a purchase writes one CardPurchaseRecorded with its cash back and points, and one PointsChanged', async () => {
    const c = fresh();
    const a = advice({ customerId: c, amountMinor: 12399n, mcc: '5411' });
    expect(await p.sink.apply(a)).toBe('APPLIED');
    const events = await eventsOf(c);
    expect(events.map((e) => e.type).sort()).toEqual(['CardPurchaseRecorded', 'PointsChanged']);
    const purchase = events.find((e) => e.type === 'CardPurchaseRecorded') as DomainEvent<'CardPurchaseRecorded'>;
    expect(purchase).toMatchObject({
      producer: 'loyalty',
      version: 1,
      customerId: c,
      key: `card-purchase:${a.key}`,
      payload: {
        cardId: `CARD-${c}`,
        amount: { amountMinor: '12399', currency: 'EUR' },
        merchant: { id: 'M-SHOP-1', name: 'Corner Shop', mcc: '5411' },
        // 2% at a grocer, a point per whole euro
        cashBack: { amountMinor: '247', currency: 'EUR' },
        points: '123',
        purchasedAt: '2025-03-15T09:00:00.000Z',
      },
    });
    expect(purchase.payload.journalId).toMatch(/^\d+$/);
    const points = events.find((e) => e.type === 'PointsChanged') as DomainEvent<'PointsChanged'>;
    expect(points.payload).toEqual({ journalId: purchase.payload.journalId, reason: 'CARD_PURCHASE', delta: '123', balance: '123' });
  });

  it("carries the tier behind the multiplier and the merchant's city and country when they are known (optional v1 fields)", async () => {
    const known = fresh();
    p.tierName.set(known, 'GOLD');
    p.tierBp.set(known, 12500n);
    await p.sink.apply(advice({ customerId: known, merchantName: 'Corner Shop', merchantCity: 'Berlin', merchantCountry: 'DE' }));
    const [withAll] = (await eventsOf(known)).filter((e) => e.type === 'CardPurchaseRecorded') as DomainEvent<'CardPurchaseRecorded'>[];
    expect(withAll?.payload).toMatchObject({ tier: 'GOLD', merchant: { id: 'M-SHOP-1', name: 'Corner Shop', mcc: '5999', city: 'Berlin', country: 'DE' } });
    const unknown = fresh();
    await p.sink.apply(advice({ customerId: unknown }));
    const [without] = (await eventsOf(unknown)).filter((e) => e.type === 'CardPurchaseRecorded') as DomainEvent<'CardPurchaseRecorded'>[];
    expect(without?.payload.tier).toBeUndefined();
    expect(without?.payload.merchant).toEqual({ id: 'M-SHOP-1', name: 'Corner Shop', mcc: '5999' });
  });

  it('a repeat or re-sent advice writes no event', async () => {
    const c = fresh();
    const a = advice({ customerId: c, amountMinor: 10000n });
    await p.sink.apply(a);
    const before = (await eventsOf(c)).length;
    expect(await p.sink.apply({ ...a, repeat: true })).toBe('DUPLICATE');
    expect(await p.sink.apply(a)).toBe('DUPLICATE');
    expect(await eventsOf(c)).toHaveLength(before);
    expect((await eventsOf(c)).filter((e) => e.type === 'CardPurchaseRecorded')).toHaveLength(1);
  });

  it('a reversal writes what it took back, and the points going down', async () => {
    const c = fresh();
    const a = advice({ customerId: c, amountMinor: 25000n, mcc: '5812' });
    await p.sink.apply(a);
    const r = advice({ customerId: c, kind: 'REVERSAL', originalKey: a.key, amountMinor: 25000n, replacementAmountMinor: 15000n });
    expect(await p.sink.apply(r)).toBe('APPLIED');
    const events = await eventsOf(c);
    const reversed = events.filter((e) => e.type === 'CardPurchaseReversed') as DomainEvent<'CardPurchaseReversed'>[];
    expect(reversed).toHaveLength(1);
    // 100.00 of 250.00 undone: 2/5 of 500 cash back and of 250 points
    expect(nth(reversed, 0).payload).toMatchObject({
      cardId: `CARD-${c}`,
      amount: { amountMinor: '10000', currency: 'EUR' },
      cashBackTakenBack: { amountMinor: '200', currency: 'EUR' },
      pointsTakenBack: '100',
      complete: false,
      // the purchase it takes back from, by the purchase event's key (engagement's customer facts take its spend back)
      purchaseKey: `card-purchase:${a.key}`,
    });
    const pointChanges = events.filter((e) => e.type === 'PointsChanged').map((e) => (e as DomainEvent<'PointsChanged'>).payload);
    expect(pointChanges.map((x) => [x.reason, x.delta, x.balance])).toEqual([
      ['CARD_PURCHASE', '250', '250'],
      ['CARD_PURCHASE_REVERSED', '-100', '150'],
    ]);
    // the same reversal re-sent takes nothing more and says nothing more
    expect(await p.sink.apply(r)).toBe('DUPLICATE');
    expect(await eventsOf(c)).toHaveLength(events.length);
  });

  it('an advice that is not applied (no FX rate: the feed asks for a re-send) leaves no event', async () => {
    const c = fresh();
    p.core.fxFails = new CoreError('CORE_UNAVAILABLE', 'GetExchangeRates', 'the core is down', { retryable: true });
    try {
      await expect(
        p.sink.apply(advice({ customerId: c, currency: 'USD', amountMinor: 1000n, occurredAt: new Date('2025-02-01T09:00:00Z') })),
      ).rejects.toThrow();
    } finally {
      p.core.fxFails = undefined;
    }
    expect(await eventsOf(c)).toEqual([]);
  });
});
