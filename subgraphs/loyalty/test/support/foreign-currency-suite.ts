// Issue 13, item 3 as one suite, run on PGlite (test/security/foreign-currency-earning.test.ts) and
// on PostgreSQL (foreign-currency-earning-postgres.int.test.ts): a purchase in another currency
// earns on its amount in the programme currency (EUR here), converted with the cardholder billing
// amount when the network billed in EUR, otherwise at the core's rate of the purchase day; the
// journal records the rate; no rate, nothing stored. The fake core's table is per EUR: JPY 161.35,
// BHD 0.3917, KWD 0.3205.
import type { Database } from '../../../../lib/db/database';
import { CoreError } from '../../../../legacy-adapters/soap/src';
import { advice, completing, useProgramme } from './programme';
import { POINTS_UNIT } from '../../src/domain/ledger/chart';
import type { CardAdvice } from '../../src/domain/card-advice';
import { FxUnavailableError } from '../../src/domain/earn-basis';

export function foreignCurrencySuite(name: string, open: () => Promise<Database>, after?: () => Promise<void>): void {
  const p = useProgramme(open, after);
  let n = 0;
  const fresh = () => `SEC-FX-${++n}`;
  const standing = async (c: string) => ({
    cashBack: await p.ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', 'EUR', c),
    points: await p.ledger.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, c),
  });
  const inPurchaseCurrency = async (c: string, currency: string) => ({
    cashBack: await p.ledger.balanceOf('CUSTOMER_CASHBACK_PENDING', currency, c),
    onHold: await p.ledger.balanceOf('CUSTOMER_CASHBACK_ON_HOLD', currency, c),
  });
  const eventCount = async () => Number((await p.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM card_events`))[0]?.n);
  const conversionOf = (a: CardAdvice, what = 'earn') => p.ledger.conversionOf(p.db, `card:${a.key}:${what}`);

  describe(`a purchase in another currency earns on its programme-currency amount (${name})`, () => {
    it('earns on 10,000 JPY what its EUR equivalent earns, not a hundred times 100 EUR', async () => {
      const yen = fresh();
      const euro = fresh();
      expect(await p.sink.apply(advice({ customerId: yen, amountMinor: 10000n, currency: 'JPY' }))).toBe('APPLIED');
      // 10,000 / 161.35 = 61.98 EUR
      expect(await p.sink.apply(advice({ customerId: euro, amountMinor: 6198n, currency: 'EUR' }))).toBe('APPLIED');
      expect(await standing(yen)).toEqual({ cashBack: 61n, points: 61n });
      expect(await standing(yen)).toEqual(await standing(euro));
      // nothing accrues in yen any more
      expect(await inPurchaseCurrency(yen, 'JPY')).toEqual({ cashBack: 0n, onHold: 0n });
    });

    it('earns on a BHD purchase (three decimals) at its EUR value, and records the rate used on the journal', async () => {
      const c = fresh();
      const bhd = advice({ customerId: c, amountMinor: 10000n, currency: 'BHD', occurredAt: new Date('2025-03-14T16:00:00Z') });
      await p.sink.apply(bhd);
      // 10.000 BHD / 0.3917 = 25.53 EUR: 1 % cash back 0.25, 25 points (not 10 points and 0.100 BHD)
      expect(await standing(c)).toEqual({ cashBack: 25n, points: 25n });
      expect(await conversionOf(bhd)).toEqual({
        rate: '2.55297421496',
        source: 'CORE_FX',
        rateDate: '2025-03-14',
        originalMinor: 10000n,
        originalCurrency: 'BHD',
      });
    });

    it('records on the journal the core rate, its date and the amount before conversion (JPY)', async () => {
      const c = fresh();
      const jpy = advice({ customerId: c, amountMinor: 10000n, currency: 'JPY' });
      await p.sink.apply(jpy);
      expect(await conversionOf(jpy)).toEqual({
        rate: '0.006197706848',
        source: 'CORE_FX',
        rateDate: '2025-03-15',
        originalMinor: 10000n,
        originalCurrency: 'JPY',
      });
      // a purchase in the programme currency records no conversion
      const eur = advice({ customerId: c, amountMinor: 10000n });
      await p.sink.apply(eur);
      expect(await conversionOf(eur)).toBeUndefined();
    });

    it('uses the cardholder billing amount (fields 6/51) when the network billed in EUR, with its rate (field 10) or the implied one', async () => {
      const c = fresh();
      const withRate = advice({ customerId: c, amountMinor: 10000n, currency: 'JPY', billing: { amountMinor: 6350n, currency: 'EUR', rate: '0.00635' } });
      await p.sink.apply(withRate);
      expect(await standing(c)).toEqual({ cashBack: 63n, points: 63n });
      expect(await conversionOf(withRate)).toEqual({
        rate: '0.00635',
        source: 'CARDHOLDER_BILLING',
        rateDate: '2025-03-15',
        originalMinor: 10000n,
        originalCurrency: 'JPY',
      });

      const d = fresh();
      const implied = advice({ customerId: d, amountMinor: 1500n, currency: 'KWD', billing: { amountMinor: 470n, currency: 'EUR' } });
      const asked = p.core.fxAsked.length;
      await p.sink.apply(implied);
      // 4.70 EUR for 1.500 KWD: 3.1333... EUR per KWD, and the core was not asked
      expect(await conversionOf(implied)).toMatchObject({
        rate: '3.133333333333',
        source: 'CARDHOLDER_BILLING',
        originalMinor: 1500n,
        originalCurrency: 'KWD',
      });
      expect(await standing(d)).toEqual({ cashBack: 4n, points: 4n });
      expect(p.core.fxAsked.length).toBe(asked);
    });

    it('converts with the core rate when the network billed in another currency than the programme’s', async () => {
      const c = fresh();
      const a = advice({ customerId: c, amountMinor: 10000n, currency: 'JPY', billing: { amountMinor: 6400n, currency: 'USD' } });
      await p.sink.apply(a);
      expect(await conversionOf(a)).toMatchObject({ source: 'CORE_FX', rate: '0.006197706848' });
      expect(await standing(c)).toEqual({ cashBack: 61n, points: 61n });
    });

    it('holds an authorisation’s cash back in EUR, and ends that hold when the purchase comes', async () => {
      const c = fresh();
      const auth = advice({ customerId: c, kind: 'AUTHORISATION', amountMinor: 20000n, currency: 'JPY', mcc: '5812' });
      await p.sink.apply(auth);
      // 20,000 JPY = 123.95 EUR; 2 % = 2.47
      expect(await p.ledger.balanceOf('CUSTOMER_CASHBACK_ON_HOLD', 'EUR', c)).toBe(247n);
      expect(await conversionOf(auth, 'hold')).toMatchObject({ source: 'CORE_FX', originalMinor: 20000n, originalCurrency: 'JPY' });
      await p.sink.apply(completing(auth));
      expect(await p.ledger.balanceOf('CUSTOMER_CASHBACK_ON_HOLD', 'EUR', c)).toBe(0n);
      expect(await standing(c)).toEqual({ cashBack: 247n, points: 123n });
    });

    it('reverses a foreign purchase by its share of the EUR journal, matched in the purchase currency', async () => {
      const c = fresh();
      const purchase = advice({ customerId: c, amountMinor: 10000n, currency: 'JPY' });
      await p.sink.apply(purchase);
      const reversal = (over: Partial<CardAdvice>) =>
        advice({ customerId: c, kind: 'REVERSAL', originalKey: purchase.key, amountMinor: 10000n, currency: 'JPY', ...over });
      // the reversal's currency (field 49) is the original's purchase currency, not the journal's
      expect(await p.sink.apply(reversal({ currency: 'EUR', amountMinor: 6198n }))).toBe('UNMATCHED');
      expect(await p.sink.apply(reversal({ replacementAmountMinor: 5000n }))).toBe('APPLIED');
      expect(await standing(c)).toEqual({ cashBack: 30n, points: 30n });
      expect(await p.sink.apply(reversal({ amountMinor: 5000n }))).toBe('APPLIED');
      expect(await standing(c)).toEqual({ cashBack: 0n, points: 0n });
    });

    it('stores nothing and earns nothing when the core has no rate; the re-send earns once the core answers', async () => {
      const c = fresh();
      const a = advice({ customerId: c, amountMinor: 10000n, currency: 'JPY', occurredAt: new Date('2025-03-10T09:00:00Z') });
      const events = await eventCount();
      const journals = await p.ledger.journalCount();
      p.core.fxFails = new CoreError('CORE_UNAVAILABLE', 'GetExchangeRates', 'the core is down', { retryable: true });
      try {
        await expect(p.sink.apply(a)).rejects.toBeInstanceOf(FxUnavailableError);
        await expect(p.sink.apply({ ...a, kind: 'AUTHORISATION', key: `${a.key}A` })).rejects.toBeInstanceOf(FxUnavailableError);
      } finally {
        p.core.fxFails = undefined;
      }
      expect(await eventCount()).toBe(events);
      expect(await p.ledger.journalCount()).toBe(journals);
      expect(await standing(c)).toEqual({ cashBack: 0n, points: 0n });
      expect(await p.sink.apply({ ...a, repeat: true })).toBe('APPLIED');
      expect(await standing(c)).toEqual({ cashBack: 61n, points: 61n });
      expect(await conversionOf(a)).toMatchObject({ rateDate: '2025-03-10' });
    });

    it('asks the core once per purchase day, however many advices of that day arrive', async () => {
      const c = fresh();
      const day = new Date('2025-03-11T09:00:00Z');
      const before = p.core.fxAsked.filter((d) => d === '2025-03-11').length;
      await Promise.all([1000n, 2000n, 3000n].map((amountMinor) => p.sink.apply(advice({ customerId: c, amountMinor, currency: 'JPY', occurredAt: day }))));
      expect(p.core.fxAsked.filter((d) => d === '2025-03-11').length - before).toBe(1);
    });
  });
}
