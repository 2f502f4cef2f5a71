// The event catalogue: what producers may write and what consumers accept. A payload with a float,
// a field the schema does not know (a PAN would be one), a type or version nobody defined, or the
// wrong producer is refused with a reason that names the field, never its value.
import { randomUUID } from 'node:crypto';
import { CATALOGUE, EVENT_TYPES, EventSchemaError, newEvent, parseEvent, producersOf } from '../../events/catalogue';

const purchase = {
  cardId: 'CARD-1',
  journalId: '42',
  amount: { amountMinor: '12345', currency: 'EUR' },
  merchant: { id: 'M-1', name: 'Corner Shop', mcc: '5411' },
  cashBack: { amountMinor: '247', currency: 'EUR' },
  points: '123',
  purchasedAt: '2026-03-15T10:00:00.000Z',
};

const envelope = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'CardPurchaseRecorded',
  version: 1,
  occurredAt: '2026-03-15T10:00:01.000Z',
  producer: 'loyalty',
  customerId: 'C-1001',
  key: 'card-purchase:k1',
  payload: purchase,
  ...over,
});

describe('event catalogue', () => {
  it('builds a checked envelope at the current version with a fresh id', () => {
    const a = newEvent({
      type: 'CardPurchaseRecorded',
      key: 'card-purchase:k1',
      customerId: 'C-1001',
      occurredAt: new Date('2026-03-15T10:00:01Z'),
      payload: purchase,
    });
    const b = newEvent({
      type: 'CardPurchaseRecorded',
      key: 'card-purchase:k1',
      customerId: 'C-1001',
      occurredAt: new Date('2026-03-15T10:00:01Z'),
      payload: purchase,
    });
    expect(a).toMatchObject({ type: 'CardPurchaseRecorded', version: 1, producer: 'loyalty', occurredAt: '2026-03-15T10:00:01.000Z', payload: purchase });
    expect(a.id).not.toBe(b.id);
    expect(parseEvent(JSON.parse(JSON.stringify(a)))).toEqual(a);
  });

  it('refuses to build an event its consumers would park', () => {
    expect(() =>
      newEvent({ type: 'PointsChanged', key: 'k', occurredAt: new Date(), payload: { journalId: '1', reason: 'CARD_PURCHASE', delta: '1.5', balance: '3' } }),
    ).toThrow(EventSchemaError);
  });

  it.each([
    ['an unknown type', envelope({ type: 'MoneyPrinted' }), /unknown event type/],
    ['an unknown version', envelope({ version: 9 }), /has no version 9/],
    ['the wrong producer', envelope({ producer: 'offers' }), /produced by loyalty/],
    ['an id that is no uuid', envelope({ id: 'abc' }), /envelope: id/],
    ['a float amount', envelope({ payload: { ...purchase, amount: { amountMinor: 123.45, currency: 'EUR' } } }), /amount\.amountMinor/],
    ['a decimal point in minor units', envelope({ payload: { ...purchase, points: '1.5' } }), /points/],
    ['an unknown currency', envelope({ payload: { ...purchase, cashBack: { amountMinor: '1', currency: 'XXQ' } } }), /cashBack\.currency/],
    ['a field the schema does not have (a PAN)', envelope({ payload: { ...purchase, pan: '4111111111111111' } }), /payload/],
    ['a field the envelope does not have', envelope({ extra: 1 }), /envelope/],
    ['a customer id that could carry a path', envelope({ customerId: '../x' }), /customerId/],
  ])('refuses %s', (_what, raw, reason) => {
    let err: unknown;
    try {
      parseEvent(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EventSchemaError);
    expect((err as Error).message).toMatch(reason);
    expect((err as Error).message).not.toContain('4111111111111111');
  });

  it('gives every type a producer and its current version a schema', () => {
    for (const type of EVENT_TYPES) {
      const def = CATALOGUE[type];
      expect(Object.keys(def.versions)).toContain(String(def.current));
    }
    expect(producersOf(['PointsChanged', 'CardPurchaseRecorded', 'OfferActivated'])).toEqual(['loyalty', 'offers']);
  });
});
