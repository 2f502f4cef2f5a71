// The next-best-offer engine without a core: pure signals in, ranked offers out.
import fc from 'fast-check';
import type { AccountType, CoreAccount, CoreTransaction } from '../../../legacy-adapters/soap/src';
import type { Category } from '../../../lib/mcc-categories';
import { channelHasOffers, nextBestOffers, rankOffers } from '../src/domain/engine';
import { type Offer, type OfferChannel, OFFER_CHANNELS, SERVICE_KINDS } from '../src/domain/offer';
import { isActivityFalling } from '../src/domain/rules/measures';
import { type OfferSignals, type PartnerInfo, productsHeld, signalsFrom, type SpendTrend } from '../src/domain/signals';
import { checkFirst, effectiveChannel } from '../src/graphql/arguments';
import { signals as quietSignals, TODAY } from './support/signals';
import { missing, nth } from '../../../test/support/present';

const ALL_TYPES: AccountType[] = ['CURRENT', 'SAVINGS', 'LOAN', 'CARD'];
/** which product a cross-sell offer sells, by the rule id at the front of the offer id */
const PRODUCT_OF_RULE: Record<string, AccountType> = {
  'savings-account-v1': 'SAVINGS',
  'credit-card-v1': 'CARD',
};
const PARTNERS: PartnerInfo[] = [
  { partnerId: 'P-SKYLARK', name: 'Skylark Air', category: 'TRAVEL', merchantIds: ['M-TRAVEL-001'] },
  { partnerId: 'P-HARBOUR', name: 'Harbour Stays', category: 'TRAVEL', merchantIds: ['M-TRAVEL-002', 'M-TRAVEL-003'] },
  { partnerId: 'P-ZIPRIDE', name: 'ZipRide', category: 'RIDE_HAILING', merchantIds: ['M-RIDE-001'] },
  { partnerId: 'P-FRESH', name: 'FreshCart', category: 'GROCERIES', merchantIds: ['M-GROCERY-001'] },
  { partnerId: 'P-NOCAT', name: 'P-NOCAT', category: null, merchantIds: ['M-X-1'] },
];

/** the shared quiet customer (test/support/signals), with this suite's partners */
const signals = (held: AccountType[], overrides: Partial<OfferSignals> = {}): OfferSignals => quietSignals(held, { partners: PARTNERS, ...overrides });

const spend = (entries: Array<[Category, number, number]>): Map<Category, SpendTrend> =>
  new Map(entries.map(([c, recent, previous]) => [c, { recentMinor: BigInt(recent), previousMinor: BigInt(previous) }]));

const product = (o: Offer) => PRODUCT_OF_RULE[nth(o.id.split(':'), 0)];

const arbSignals = fc
  .record({
    held: fc.subarray(ALL_TYPES),
    consent: fc.boolean(),
    channel: fc.constantFrom(...OFFER_CHANNELS),
    travel: fc.tuple(fc.nat(200000), fc.nat(200000)),
    eating: fc.tuple(fc.nat(80000), fc.nat(80000)),
    groceries: fc.tuple(fc.nat(150000), fc.nat(150000)),
    purchases: fc.tuple(fc.nat(60), fc.nat(60)),
    abroad: fc.nat(100000),
    salary: fc.boolean(),
    tenure: fc.nat(12000),
    ride: fc.nat(20000),
  })
  .map((a) =>
    signals(a.held, {
      marketingConsent: a.consent,
      channel: a.channel,
      spend: spend([
        ['TRAVEL', ...a.travel],
        ['EATING_OUT', ...a.eating],
        ['GROCERIES', ...a.groceries],
      ]),
      cardPurchases: { recent: a.purchases[0], previous: a.purchases[1] },
      abroad: { recentMinor: BigInt(a.abroad), countries: a.abroad > 0 ? ['ES'] : [] },
      salary: a.salary ? { amountMinor: 320000n, currency: 'EUR', on: '2025-02-27' } : null,
      tenureDays: a.tenure,
      partnerSpend: a.ride > 0 ? new Map([['P-ZIPRIDE', { recentMinor: BigInt(a.ride), count: 2 }]]) : new Map(),
    }),
  );

describe('offers engine: rules that must always hold', () => {
  it('makes no marketing offer without marketing consent, whatever the signals', () => {
    fc.assert(
      fc.property(arbSignals, (s) => {
        const offers = rankOffers({ ...s, marketingConsent: false });
        for (const o of offers) {
          expect(o.marketing).toBe(false);
          expect(SERVICE_KINDS.has(o.kind)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never offers a product the customer already holds', () => {
    expect(rankOffers(signals(['CURRENT', 'SAVINGS', 'CARD', 'LOAN'])).filter((o) => o.kind === 'CROSS_SELL')).toEqual([]);
    fc.assert(
      fc.property(arbSignals, (s) => {
        for (const o of rankOffers(s)) {
          if (o.kind !== 'CROSS_SELL') continue;
          const offered = product(o);
          expect(offered).toBeDefined();
          expect(s.productsHeld.has(offered ?? missing(`the product ${o.id} offers`))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic, gives unique ids and never more than the limit', () => {
    fc.assert(
      fc.property(arbSignals, fc.integer({ min: 1, max: 10 }), (s, limit) => {
        const a = nextBestOffers(s, limit);
        const b = nextBestOffers({ ...s, productsHeld: new Set([...s.productsHeld].reverse()), partners: [...s.partners].reverse() }, limit);
        expect(b).toEqual(a);
        expect(a.length).toBeLessThanOrEqual(limit);
        expect(new Set(a.map((o) => o.id)).size).toBe(a.length);
        for (const o of a) expect(o.id.endsWith(':C-000001')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('makes nothing on the PARTNER channel', () => {
    expect(channelHasOffers('PARTNER')).toBe(false);
    expect(rankOffers(signals(['CURRENT'], { channel: 'PARTNER', cardPurchases: { recent: 1, previous: 30 } }))).toEqual([]);
    for (const channel of ['WEB', 'MOBILE', 'KIOSK', 'STAFF'] as OfferChannel[]) {
      expect(rankOffers(signals(['CURRENT'], { channel })).length).toBeGreaterThan(0);
    }
  });

  it('skips suppressed offers and fills up with the next best', () => {
    const s = signals(['CURRENT']);
    const all = rankOffers(s);
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(nextBestOffers(s, 1, new Set([nth(all, 0).id]))).toEqual([all[1]]);
  });
});

describe('offers engine: signals and reasons', () => {
  it('cross-sells what a current-account customer lacks, with a reason naming the signal', () => {
    const offers = nextBestOffers(signals(['CURRENT']), 3);
    expect(offers.map((o) => [o.id, o.kind, o.reason])).toEqual([
      ['savings-account-v1:C-000001', 'CROSS_SELL', 'because you have a current account but no savings account'],
      ['credit-card-v1:C-000001', 'CROSS_SELL', 'because you have a current account but no credit card'],
    ]);
    expect(offers[0]?.expiresAt).toBe('2025-04-14T23:59:59Z');
  });

  it('ranks travel first for a heavy travel spender, naming the amount and the period', () => {
    const s = signals(['CURRENT', 'SAVINGS', 'CARD'], {
      spend: spend([
        ['TRAVEL', 42000, 0],
        ['GROCERIES', 90000, 85000],
        ['EATING_OUT', 30000, 25000],
      ]),
      salary: { amountMinor: 320000n, currency: 'EUR', on: '2025-02-27' },
    });
    const [first, second] = nextBestOffers(s, 3);
    expect(first).toMatchObject({ kind: 'CASH_BACK', topic: 'TRAVEL', partnerId: 'P-HARBOUR', title: '5% cash back at Harbour Stays for 30 days' });
    expect(first?.reason).toBe('because you spent 420.00 EUR on travel between 14 February and 15 March');
    expect(first?.cashBack).toEqual({ partnerId: 'P-HARBOUR', merchantIds: ['M-TRAVEL-002', 'M-TRAVEL-003'], rateBasisPoints: 500, validDays: 30 });
    expect(second?.topic).toBe('TRAVEL');
    // only one partner per category: Skylark (also TRAVEL) loses the tie to the smaller id
    expect(rankOffers(s).filter((o) => o.partnerId === 'P-SKYLARK')).toEqual([]);
  });

  it('gives a heavy travel spender without consent the travel service offer first', () => {
    const s = signals(['CURRENT', 'CARD'], {
      marketingConsent: false,
      spend: spend([['TRAVEL', 42000, 0]]),
      abroad: { recentMinor: 51000n, countries: ['ES', 'FR'] },
    });
    const offers = nextBestOffers(s, 3);
    expect(offers.map((o) => o.id)).toEqual(['travel-card-abroad-v1:C-000001']);
    expect(offers[0]).toMatchObject({ kind: 'SERVICE', marketing: false, topic: 'TRAVEL' });
    expect(offers[0]?.reason).toBe('because you spent 510.00 EUR abroad (ES, FR) between 14 February and 15 March');
  });

  it('puts a retention offer first when card activity halves, with the counts in the reason, even without consent', () => {
    for (const consent of [true, false]) {
      // even against a very large travel spend
      const s = signals(['CURRENT', 'SAVINGS'], {
        marketingConsent: consent,
        cardPurchases: { recent: 6, previous: 21 },
        spend: spend([['TRAVEL', 900000, 0]]),
      });
      const [first] = nextBestOffers(s, 1);
      expect(first).toMatchObject({ id: 'retention-fee-waiver-v1:C-000001', kind: 'RETENTION', marketing: false, title: 'Three months without account fees' });
      expect(first?.reason).toBe('because you made 6 card purchases between 14 February and 15 March, down from 21 in the 30 days before');
    }
  });

  it('calls activity falling only from enough previous activity and at most half of it now', () => {
    expect(isActivityFalling({ cardPurchases: { recent: 4, previous: 8 } })).toBe(true);
    expect(isActivityFalling({ cardPurchases: { recent: 5, previous: 8 } })).toBe(false);
    expect(isActivityFalling({ cardPurchases: { recent: 0, previous: 7 } })).toBe(false);
    expect(rankOffers(signals(['CURRENT'], { cardPurchases: { recent: 12, previous: 20 } })).some((o) => o.kind === 'RETENTION')).toBe(false);
  });

  it('turns a salary credit into a payday savings offer for a customer without savings', () => {
    const [first] = nextBestOffers(signals(['CURRENT', 'CARD'], { salary: { amountMinor: 320000n, currency: 'EUR', on: '2025-02-27' } }), 1);
    expect(first).toMatchObject({ id: 'savings-account-v1:C-000001', title: 'Save on payday with a savings account' });
    expect(first?.reason).toBe('because your salary of 3200.00 EUR was credited on 27 February and you have no savings account');
  });

  it('offers cash back at a partner the customer already spends with, naming partner and amount', () => {
    const s = signals(['CURRENT', 'SAVINGS', 'CARD'], { partnerSpend: new Map([['P-NOCAT', { recentMinor: 3840n, count: 3 }]]) });
    const [first] = nextBestOffers(s, 1);
    expect(first).toMatchObject({ id: 'cashback-v1.P-NOCAT:C-000001', kind: 'CASH_BACK', partnerId: 'P-NOCAT' });
    expect(first?.reason).toBe('because you spent 38.40 EUR at P-NOCAT between 14 February and 15 March');
  });

  it('thanks long-standing customers, naming the years', () => {
    const offers = rankOffers(signals(['CURRENT', 'SAVINGS', 'CARD'], { tenureDays: 13 * 365 + 20 }));
    expect(offers.map((o) => [o.id, o.reason])).toEqual([['tenure-thanks-v1:C-000001', 'because you have banked with us for 13 years']]);
  });
});

const txn = (over: Partial<CoreTransaction> & { day: string }): CoreTransaction => {
  const { day, ...rest } = over;
  return {
    txnId: `T-${Math.random()}`,
    accountId: 'A-1',
    bookedAt: `${day}T10:00:00Z`,
    valueDate: day,
    amount: '10.00',
    currency: 'EUR',
    direction: 'DEBIT',
    status: 'BOOKED',
    kind: 'CARD',
    description: 'x',
    merchant: { merchantId: 'M-00001', name: 'Shop', mcc: '5411', city: 'Berlin', country: 'DE', latitude: '0', longitude: '0' },
    ...rest,
  };
};
const merchant = (merchantId: string, mcc: string, country = 'DE') => ({
  merchantId,
  name: merchantId,
  mcc,
  city: 'X',
  country,
  latitude: '0',
  longitude: '0',
});

function account(type: AccountType, status: CoreAccount['status'] = 'ACTIVE', id = `A-${type}`): CoreAccount {
  return {
    accountId: id,
    customerId: 'C-000001',
    accountNumber: '1',
    iban: 'X',
    type,
    productCode: type,
    productName: type,
    currency: 'EUR',
    status,
    openedOn: '2020-01-01',
  };
}

describe('signals from core records', () => {
  it('does not count a closed account as a product held', () => {
    expect([...productsHeld([account('CURRENT'), account('SAVINGS', 'CLOSED'), account('CARD', 'BLOCKED')])].sort()).toEqual(['CARD', 'CURRENT']);
  });

  it('treats anything but an explicit true as no consent', () => {
    const s = signalsFrom({
      customer: { customerId: 'C-000001', marketingConsent: undefined as unknown as boolean },
      accounts: [account('CURRENT')],
      transactions: [],
      partners: [],
      channel: 'WEB',
      today: TODAY,
    });
    expect(s.marketingConsent).toBe(false);
  });

  it('sums card spend by category and window, counts purchases, and finds salary, spend abroad and partner spend', () => {
    const s = signalsFrom({
      customer: { customerId: 'C-000001', marketingConsent: true, customerSince: '2012-03-15', country: 'DE' },
      accounts: [account('CURRENT')],
      partners: PARTNERS,
      channel: 'WEB',
      today: TODAY,
      transactions: [
        txn({ day: '2025-03-15', amount: '250.00', merchant: merchant('M-00002', '7011', 'ES'), status: 'PENDING' }),
        txn({ day: '2025-02-14', amount: '170.00', merchant: merchant('M-00003', '4511', 'DE') }),
        txn({ day: '2025-02-13', amount: '99.00', merchant: merchant('M-00003', '4511', 'DE') }), // previous window
        txn({ day: '2025-01-14', amount: '1000.00', merchant: merchant('M-00003', '4511', 'DE') }), // before both windows
        txn({ day: '2025-03-01', amount: '80.00', status: 'REVERSED' }),
        txn({ day: '2025-03-02', amount: '12.30', merchant: merchant('M-RIDE-001', '4121') }),
        txn({ day: '2025-03-03', amount: '40.00', currency: 'GBP', merchant: merchant('M-00009', '5411', 'GB') }),
        txn({ day: '2025-03-04', amount: '200.00', kind: 'ATM', merchant: merchant('M-00010', '6011') }),
        txn({ day: '2025-02-27', amount: '3200.00', kind: 'SALARY', direction: 'CREDIT', merchant: undefined }),
        txn({ day: '2025-01-30', amount: '3100.00', kind: 'SALARY', direction: 'CREDIT', merchant: undefined }),
      ],
    });
    expect(s.spend.get('TRAVEL')).toEqual({ recentMinor: 42000n, previousMinor: 9900n });
    expect(s.spend.get('TRANSPORT')).toEqual({ recentMinor: 1230n, previousMinor: 0n });
    expect(s.spend.has('GROCERIES')).toBe(false); // the GBP purchase is counted, not summed
    expect(s.cardPurchases).toEqual({ recent: 4, previous: 1 });
    expect(s.salary).toEqual({ amountMinor: 320000n, currency: 'EUR', on: '2025-02-27' });
    expect(s.abroad).toEqual({ recentMinor: 25000n, countries: ['ES'] });
    expect(s.partnerSpend.get('P-ZIPRIDE')).toEqual({ recentMinor: 1230n, count: 1 });
    expect(s.tenureDays).toBe(4748);
    expect(s.recent).toEqual({ from: '2025-02-14', to: '2025-03-15' });
    expect(s.previous).toEqual({ from: '2025-01-15', to: '2025-02-13' });
  });
});

describe('offers arguments', () => {
  it('accepts first 1..10 and defaults to 3', () => {
    expect(checkFirst(undefined)).toBe(3);
    expect(checkFirst(null)).toBe(3);
    expect(checkFirst(1)).toBe(1);
    expect(checkFirst(10)).toBe(10);
  });

  it.each([0, -1, 11, 1000])('refuses first = %s with BAD_USER_INPUT', (first) => {
    expect(() => checkFirst(first)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });

  it('pins partner apps to the PARTNER channel', () => {
    expect(effectiveChannel({ subject: 'app', channel: 'partner', scopes: [] }, 'WEB')).toBe('PARTNER');
    expect(effectiveChannel({ subject: 'C-1', customerId: 'C-1', channel: 'mobile', scopes: [] }, 'KIOSK')).toBe('KIOSK');
    expect(effectiveChannel({ subject: 'C-1', customerId: 'C-1', channel: 'mobile', scopes: [] }, undefined)).toBe('WEB');
  });
});
