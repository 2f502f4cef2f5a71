import { CustomerCache } from '../src/adapters/customer-cache';
import { maskEmail, maskPhone } from '../src/domain/masking';
import { resolvePeriod, parseDay } from '../src/domain/period';
import { coreFilter, filterKey } from '../src/domain/transaction-filter';
import { callerReferenceOf } from '../src/domain/transfer';
import { Converter } from '../src/domain/fx';
import { referenceRates } from '../src/adapters/reference-rates';
import { money } from '../../../lib/money';

describe('contact masks', () => {
  it('keeps only what recognises the detail', () => {
    expect(maskEmail('mia.hoffmann@example.com')).toBe('m***@example.com');
    expect(maskEmail('not-an-address')).toBeNull();
    expect(maskPhone('+49 151 23456789')).toBe('+49 ••• •••• 789');
    expect(maskPhone('0151-23456789')).toBe('••• •••• 789');
    expect(maskPhone('12')).toBeNull();
  });
});

describe('periods', () => {
  const today = new Date('2025-03-10T08:00:00Z');
  it('a month against the month before, across a year end and a leap February', () => {
    expect(resolvePeriod({ month: '2025-01' }, today)).toEqual({
      current: { from: '2025-01-01', to: '2025-01-31' },
      previous: { from: '2024-12-01', to: '2024-12-31' },
    });
    expect(resolvePeriod({ month: '2024-03' }, today).previous).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(resolvePeriod(undefined, today).current).toEqual({ from: '2025-03-01', to: '2025-03-31' });
  });
  it('a range against the same number of days before it', () => {
    expect(resolvePeriod({ from: '2025-03-01', to: '2025-03-10' }, today)).toEqual({
      current: { from: '2025-03-01', to: '2025-03-10' },
      previous: { from: '2025-02-19', to: '2025-02-28' },
    });
  });
  it.each([
    [{ month: '2025-1' }],
    [{ month: '2025-00' }],
    [{ from: '2025-01-01' }],
    [{ from: '2025-02-01', to: '2025-01-01' }],
    [{ from: '2024-01-01', to: '2025-01-02' }],
    [{ month: '2025-01', to: '2025-01-02' }],
  ])('refuses %j with BAD_USER_INPUT', (p) => {
    expect(() => resolvePeriod(p, today)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });
  it('knows real calendar days only', () => {
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    expect(parseDay('2025-02-29')).toBeUndefined();
    expect(parseDay('2025-1-01')).toBeUndefined();
  });
});

describe('transaction filters', () => {
  it('become the core query fields, amounts normalised to the currency', () => {
    const f = coreFilter(
      { from: '2025-01-01', to: '2025-01-31', direction: 'DEBIT', category: 'FUEL', minAmount: '5', maxAmount: '80.5', text: '  Tank ' },
      'EUR',
    );
    expect(f).toMatchObject({ fromDate: '2025-01-01', toDate: '2025-01-31', direction: 'DEBIT', minAmount: '5.00', maxAmount: '80.50', text: 'Tank' });
    expect(f.mccs).toEqual(expect.arrayContaining(['5541', '5542']));
    expect(filterKey({})).toBeUndefined();
    expect(filterKey(f)).toBe(
      filterKey(
        coreFilter({ from: '2025-01-01', to: '2025-01-31', direction: 'DEBIT', category: 'FUEL', minAmount: '5.00', maxAmount: '80.50', text: 'Tank' }, 'EUR'),
      ),
    );
    expect(filterKey(f)).not.toBe(filterKey(coreFilter({ direction: 'DEBIT' }, 'EUR')));
  });
  it('refuses a JPY bound with decimals and an unknown category', () => {
    expect(() => coreFilter({ minAmount: '1.5' }, 'JPY')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ argumentName: 'filter.minAmount' }) }),
    );
    expect(() => coreFilter({ category: 'CRYPTO' }, 'EUR')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ argumentName: 'filter.category' }) }),
    );
  });
});

describe('per-customer cache', () => {
  it('serves within the TTL, per customer and kind, drops failures and invalidated customers', async () => {
    let t = 0;
    const cache = new CustomerCache({ ttlMs: 100, now: () => t });
    let loads = 0;
    const load = (v: string) => async () => {
      loads++;
      return v;
    };
    expect(await cache.get('C-1', 'profile', load('a'))).toBe('a');
    expect(await cache.get('C-1', 'profile', load('x'))).toBe('a');
    expect(await cache.get('C-2', 'profile', load('b'))).toBe('b');
    expect(await cache.get('C-1', 'cards', load('c'))).toBe('c');
    expect(loads).toBe(3);
    t = 150;
    expect(await cache.get('C-1', 'profile', load('a2'))).toBe('a2');
    cache.invalidate('C-1');
    expect(await cache.get('C-1', 'profile', load('a3'))).toBe('a3');
    await expect(cache.get('C-3', 'profile', () => Promise.reject(new Error('core down')))).rejects.toThrow('core down');
    expect(await cache.get('C-3', 'profile', load('d'))).toBe('d');
  });
  it('TTL 0 always loads', async () => {
    const cache = new CustomerCache({ ttlMs: 0 });
    let loads = 0;
    await cache.get('C-1', 'profile', async () => ++loads);
    await cache.get('C-1', 'profile', async () => ++loads);
    expect(loads).toBe(2);
  });
});

describe('transfers and FX helpers', () => {
  it('scopes idempotency keys to the customer, in the SEPA character set', () => {
    const a = callerReferenceOf('C-000001', 'key-00000001');
    expect(a).toBe(callerReferenceOf('C-000001', 'key-00000001'));
    expect(a).not.toBe(callerReferenceOf('C-000002', 'key-00000001'));
    expect(a).toMatch(/^CB[0-9a-f]{40}$/);
  });
  it('converts through EUR with the dated reference table and states the rates used', () => {
    expect(referenceRates().date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const usd = new Converter('USD', referenceRates());
    // 100.00 GBP -> EUR (÷0.83605) -> USD (×1.0393) = 124.3107...
    expect(usd.convert(money(10000n, 'GBP'))).toEqual({ minor: 12431n, currency: 'USD' });
    expect(usd.convert(money(500n, 'USD'))).toEqual({ minor: 500n, currency: 'USD' });
    expect(usd.description().rates.map((r) => r.currency)).toEqual(['GBP', 'USD']);
    expect(() => new Converter('XXX', referenceRates())).toThrow();
  });
});
