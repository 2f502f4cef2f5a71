// The event consumer's mapping (adapters/event-consumer.ts triggersOf): which events become which
// triggers, with which ids, amounts and reasons, and which become none.
import { newEvent, type DomainEvent, type EventType, type NewEvent } from '../../../lib/events';
import { triggersOf, type TriggerSettings } from '../src/adapters/event-consumer';
import { engagementConfigFromEnv } from '../src/config';
import { invalidTrigger } from '../src/domain/triggers';

const SETTINGS: TriggerSettings = { homeCurrency: 'EUR', largeCardUse: { minor: 100_000n, currency: 'EUR' } };
const AT = new Date('2026-12-04T10:00:00Z');

function event<T extends EventType>(e: Omit<NewEvent<T>, 'occurredAt' | 'key'> & { customerId?: string }): DomainEvent<T> {
  return newEvent({ key: 'test:1', occurredAt: AT, ...e });
}

const purchase = (
  amountMinor: string,
  currency = 'EUR',
  cashBackMinor = '85',
  name: string | null = 'Test Grocer',
  customerId: string | undefined = 'C-000001',
) =>
  event({
    type: 'CardPurchaseRecorded',
    ...(customerId ? { customerId } : {}),
    payload: {
      cardId: 'K-0000001',
      journalId: 'J-1',
      amount: { amountMinor, currency },
      merchant: { id: 'GROCER-TESTS', ...(name ? { name } : {}), mcc: '5411' },
      cashBack: { amountMinor: cashBackMinor, currency: 'EUR' },
      points: '4',
      purchasedAt: AT.toISOString(),
    },
  });

const booked = (amountMinor: string, bookingCode?: string, customerId: string | undefined = 'C-000001') =>
  event({
    type: 'TransactionBooked',
    ...(customerId ? { customerId } : {}),
    payload: {
      accountId: 'DE89370400440532013000',
      transactionId: 'TX-9001',
      amountMinor,
      currency: 'EUR',
      bookedAt: AT.toISOString(),
      ...(bookingCode ? { bookingCode } : {}),
    },
  });

describe('event triggers', () => {
  it('turns a card purchase that earned cash back into CASHBACK_EARNED with the cash back, under the event id', () => {
    const e = purchase('4250');
    const triggers = triggersOf(e, SETTINGS);
    expect(triggers).toEqual([
      { id: e.id, customerId: 'C-000001', occurredAt: AT, kind: 'CASHBACK_EARNED', amount: { minor: 85n, currency: 'EUR' }, merchantName: 'Test Grocer' },
    ]);
    expect(triggers.map(invalidTrigger)).toEqual([undefined]);
  });

  it('names the merchant by its id when the advice had no name, and gives nothing for a purchase that earned nothing', () => {
    expect(triggersOf(purchase('4250', 'EUR', '85', null), SETTINGS)).toEqual([expect.objectContaining({ merchantName: 'GROCER-TESTS' })]);
    expect(triggersOf(purchase('4250', 'EUR', '0'), SETTINGS)).toEqual([]);
  });

  it('adds a security alert for a large purchase (at the threshold) and for one in a foreign currency, under an id of its own', () => {
    const large = purchase('100000');
    expect(triggersOf(large, SETTINGS).map((t) => [t.id, t.kind, t.kind === 'SECURITY_CARD_USE' ? t.reason : undefined])).toEqual([
      [large.id, 'CASHBACK_EARNED', undefined],
      [`${large.id}:security`, 'SECURITY_CARD_USE', 'LARGE'],
    ]);
    expect(triggersOf(purchase('99999'), SETTINGS).map((t) => t.kind)).toEqual(['CASHBACK_EARNED']);
    const foreign = purchase('1500', 'USD', '0');
    const [alert, ...rest] = triggersOf(foreign, SETTINGS);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ id: `${foreign.id}:security`, kind: 'SECURITY_CARD_USE', reason: 'FOREIGN', amount: { minor: 1500n, currency: 'USD' } });
    expect(alert && invalidTrigger(alert)).toBeUndefined();
  });

  it('turns a received salary or credit transfer into MONEY_RECEIVED, and nothing else that was booked', () => {
    const salary = booked('285000', 'PMNT/RCDT/SALA');
    expect(triggersOf(salary, SETTINGS)).toEqual([
      { id: salary.id, customerId: 'C-000001', occurredAt: AT, kind: 'MONEY_RECEIVED', amount: { minor: 285000n, currency: 'EUR' }, salary: true },
    ]);
    expect(triggersOf(booked('12000', 'PMNT/RCDT/DMCT'), SETTINGS)).toEqual([expect.objectContaining({ kind: 'MONEY_RECEIVED', salary: false })]);
    // money leaving, a card settlement, a fee, no code at all: nothing to tell
    expect(triggersOf(booked('-12000', 'PMNT/ICDT/DMCT'), SETTINGS)).toEqual([]);
    expect(triggersOf(booked('-4250', 'PMNT/CCRD/POSD'), SETTINGS)).toEqual([]);
    expect(triggersOf(booked('500', 'ACMT/MDOP/INTR'), SETTINGS)).toEqual([]);
    expect(triggersOf(booked('500'), SETTINGS)).toEqual([]);
  });

  it('gives nothing for an event that names no customer, or a type it does not map', () => {
    expect(triggersOf(purchase('100000', 'EUR', '85', 'Test Grocer', ''), SETTINGS)).toEqual([]);
    expect(triggersOf(booked('285000', 'PMNT/RCDT/SALA', ''), SETTINGS)).toEqual([]);
    const points = event({ type: 'PointsChanged', customerId: 'C-000001', payload: { journalId: 'J-1', reason: 'CARD_PURCHASE', delta: '4', balance: '104' } });
    expect(triggersOf(points, SETTINGS)).toEqual([]);
  });
});

describe('event trigger settings', () => {
  it('default to EUR and 1000.00, read from the latest event on', () => {
    expect(engagementConfigFromEnv({})).toMatchObject({
      ENGAGEMENT_HOME_CURRENCY: 'EUR',
      ENGAGEMENT_LARGE_CARD_USE: '1000.00',
      ENGAGEMENT_EVENTS_START: 'latest',
    });
  });

  it('stop the start naming the setting when the threshold is no amount of the home currency', () => {
    expect(() => engagementConfigFromEnv({ ENGAGEMENT_LARGE_CARD_USE: '1e3' })).toThrow('ENGAGEMENT_LARGE_CARD_USE');
    expect(() => engagementConfigFromEnv({ ENGAGEMENT_HOME_CURRENCY: 'JPY', ENGAGEMENT_LARGE_CARD_USE: '1000.5' })).toThrow('ENGAGEMENT_LARGE_CARD_USE');
    expect(() => engagementConfigFromEnv({ ENGAGEMENT_HOME_CURRENCY: 'XYZ' })).toThrow('ENGAGEMENT_HOME_CURRENCY');
    expect(engagementConfigFromEnv({ ENGAGEMENT_HOME_CURRENCY: 'JPY', ENGAGEMENT_LARGE_CARD_USE: '150000' }).ENGAGEMENT_LARGE_CARD_USE).toBe('150000');
  });
});
