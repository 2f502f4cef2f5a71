// Pure parts of loyalty: how ledger figures leave as GraphQL values, tiers, and journal checks.
import { moneyValue, pointsValue } from '../src/graphql/values';
import { DecimalScalar } from '../../../lib/decimal-scalar';
import { signalsFromAccounts, standingFor, wholeYearsSince } from '../src/domain/tier-standing';
import { multiplierText } from '../src/domain/rules';
import { fingerprintOf, type JournalInput, validateJournal } from '../src/domain/ledger/journal';
import { welcomeJournal } from '../src/domain/ledger/loyalty-journals';
import { businessDateOf, monthOf, previousBusinessDate } from '../src/domain/business-day';
import { loadRules, loyaltyConfigFromEnv } from '../src/config';
import { ConfigError } from '../../../lib/config';

describe('cash back as Money', () => {
  it('formats minor units with exactly the currency decimals', () => {
    expect(moneyValue(137n, 'EUR')).toEqual({ amount: '1.37', currency: 'EUR' });
    expect(moneyValue(5n, 'EUR')).toEqual({ amount: '0.05', currency: 'EUR' });
    expect(moneyValue(0n, 'EUR')).toEqual({ amount: '0.00', currency: 'EUR' });
    expect(moneyValue(1250n, 'JPY')).toEqual({ amount: '1250', currency: 'JPY' });
    expect(moneyValue(1250n, 'KWD')).toEqual({ amount: '1.250', currency: 'KWD' });
  });

  it('stays exact beyond float precision', () => {
    expect(moneyValue(9007199254740993n, 'EUR').amount).toBe('90071992547409.93');
  });

  it('refuses a currency the bank does not book in', () => {
    expect(() => moneyValue(1n, 'XXX')).toThrow(/unknown currency/);
  });

  it('lets only decimal strings through the Decimal scalar, never a float', () => {
    expect(DecimalScalar.serialize('12.50')).toBe('12.50');
    expect(() => DecimalScalar.serialize(12.5)).toThrow(/decimal string/);
    expect(() => DecimalScalar.serialize('1e3')).toThrow(/decimal string/);
  });

  it('returns points as Int only while they fit one', () => {
    expect(pointsValue(600n)).toBe(600);
    expect(() => pointsValue(2n ** 31n)).toThrow(/Int range/);
    expect(() => pointsValue(-1n)).toThrow(/Int range/);
  });
});

describe('tiers from the relationship score', () => {
  const rules = loadRules();
  it.each([
    // tenure years, product types, recent purchases -> score, tier
    [0, 0, 0, 0, 'BRONZE'],
    [3, 2, 0, 29, 'BRONZE'],
    [0, 3, 0, 30, 'SILVER'],
    [5, 2, 20, 55, 'GOLD'],
    [13, 4, 40, 100, 'PLATINUM'], // every part capped: 30 + 40 + 30
  ] as const)('%s years, %s product types, %s purchases -> %s -> %s', (tenureYears, productTypes, recentCardPurchases, score, tier) => {
    const s = standingFor({ tenureYears, productTypes, recentCardPurchases }, rules);
    expect(s.score).toBe(score);
    expect(s.tier).toBe(tier);
  });

  it('says what the next tier needs, and nothing above PLATINUM', () => {
    const s = standingFor({ tenureYears: 3, productTypes: 2, recentCardPurchases: 0 }, rules);
    expect(s.next).toMatchObject({ tier: 'SILVER', minScore: 30, scoreNeeded: 1 });
    expect(s.next?.hint).toMatch(/1 more product type/);
    // as data too, for apps that say it in their own language: any one of these is enough
    expect(s.next).toMatchObject({
      allNeeded: false,
      ways: [
        { kind: 'PRODUCT_TYPES', count: 1, withinDays: null },
        { kind: 'CARD_PURCHASES', count: 1, withinDays: 90 },
        { kind: 'TENURE_YEARS', count: 1, withinDays: null },
      ],
    });
    expect(s.multiplierBp).toBe(10000n);
    // products can add only 10 more (4 types at most): the hint names what can get there
    const gold = standingFor({ tenureYears: 13, productTypes: 3, recentCardPurchases: 0 }, rules);
    expect(gold).toMatchObject({ tier: 'GOLD', score: 60, next: { tier: 'PLATINUM', scoreNeeded: 20 } });
    expect(gold.next?.hint).toBe('20 more score point(s) for PLATINUM: for example 20 more card purchase(s) within 90 days');
    expect(gold.next).toMatchObject({ allNeeded: false, ways: [{ kind: 'CARD_PURCHASES', count: 20, withinDays: 90 }] });
    // no part can add 35 alone (products 10, activity 30, tenure 0 left): all that is left of each, together
    const stuck = standingFor(
      { tenureYears: 13, productTypes: 3, recentCardPurchases: 0 },
      { ...rules, tiers: rules.tiers.map((t) => (t.tier === 'PLATINUM' ? { ...t, minScore: 95 } : t)) },
    );
    expect(stuck.next).toMatchObject({
      scoreNeeded: 35,
      allNeeded: true,
      ways: [
        { kind: 'PRODUCT_TYPES', count: 1 },
        { kind: 'CARD_PURCHASES', count: 25 },
      ],
    });
    expect(stuck.next?.hint).toBe('35 more score point(s) for PLATINUM: for example 1 more product type(s) and 25 more card purchase(s) within 90 days');
    const top = standingFor({ tenureYears: 20, productTypes: 4, recentCardPurchases: 99 }, rules);
    expect(top.next).toBeNull();
    expect(multiplierText(top.multiplierBp)).toBe('2');
    expect(multiplierText(standingFor({ tenureYears: 0, productTypes: 3, recentCardPurchases: 0 }, rules).multiplierBp)).toBe('1.25');
  });

  it('counts whole years of tenure from the oldest account and only active product types', () => {
    const now = new Date('2025-03-15T00:00:00Z');
    expect(wholeYearsSince('2020-03-16', now)).toBe(4);
    expect(wholeYearsSince('2020-03-15', now)).toBe(5);
    const acc = (type: string, openedOn: string, status = 'ACTIVE') => ({ type, openedOn, status }) as never;
    expect(signalsFromAccounts([acc('CURRENT', '2019-01-01'), acc('CURRENT', '2022-01-01'), acc('SAVINGS', '2010-05-01', 'CLOSED')], now)).toEqual({
      tenureYears: 14,
      productTypes: 1,
    });
  });
});

describe('journal checks (before any store is touched)', () => {
  const welcome = welcomeJournal({
    customerId: 'C-000001',
    points: 600n,
    cashBack: 137n,
    currency: 'EUR',
    businessDate: '2025-03-15',
    idempotencyKey: 'k',
  });

  it('accepts a journal that balances in every unit', () => {
    expect(() => validateJournal(welcome)).not.toThrow();
  });

  it('refuses a journal that balances in total but not per unit', () => {
    const j: JournalInput = { ...welcome, postings: welcome.postings.map((p, i) => (i === 3 ? { ...p, amount: 136n } : i === 1 ? { ...p, amount: 601n } : p)) };
    expect(() => validateJournal(j)).toThrow(expect.objectContaining({ code: 'UNBALANCED' }));
  });

  it.each<[string, Partial<JournalInput>]>([
    ['an empty key', { idempotencyKey: '' }],
    ['an impossible date', { businessDate: '2025-02-30' }],
    ['a single posting', { postings: welcome.postings.slice(0, 1) }],
    ['a posting for another customer', { customerId: 'C-000002' }],
  ])('refuses %s', (_label, change) => {
    expect(() => validateJournal({ ...welcome, ...change })).toThrow(expect.objectContaining({ code: 'INVALID_JOURNAL' }));
  });

  it('refuses a programme account with a customer on it', () => {
    const j = { ...welcome, postings: welcome.postings.map((p, i) => (i === 0 ? { ...p, customerId: 'C-000001' } : p)) };
    expect(() => validateJournal(j)).toThrow(expect.objectContaining({ code: 'INVALID_JOURNAL' }));
  });

  it('fingerprints content, not the order of postings or the posting time', () => {
    const reordered = { ...welcome, postings: [...welcome.postings].reverse(), postedAt: new Date() };
    expect(fingerprintOf(reordered)).toBe(fingerprintOf(welcome));
    expect(fingerprintOf({ ...welcome, businessDate: '2025-03-16' })).not.toBe(fingerprintOf(welcome));
  });
});

describe('business days (UTC)', () => {
  it('knows today, yesterday across a month end, and the month', () => {
    const at = new Date('2025-03-01T00:30:00Z');
    expect(businessDateOf(at)).toBe('2025-03-01');
    expect(previousBusinessDate(at)).toBe('2025-02-28');
    expect(monthOf(at)).toEqual({ from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z') });
    expect(monthOf(new Date('2025-12-31T23:59:59Z')).to).toEqual(new Date('2026-01-01T00:00:00Z'));
  });
});

describe('loyalty configuration', () => {
  it('uses the embedded store when DATABASE_URL is empty or absent', () => {
    expect(loyaltyConfigFromEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    const cfg = loyaltyConfigFromEnv({});
    expect(cfg).toMatchObject({ LOYALTY_PORT: 4002, DATA_DIR: './data', LOYALTY_DB_SCHEMA: 'loyalty', LOYALTY_CURRENCY: 'EUR', LOYALTY_SEED_DEMO: true });
  });

  it('names every bad setting', () => {
    const bad = () => loyaltyConfigFromEnv({ DATABASE_URL: 'mysql://x', LOYALTY_DB_SCHEMA: 'Loyalty; drop', LOYALTY_CURRENCY: 'XXX', LOYALTY_PORT: 'abc' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/DATABASE_URL[\s\S]*LOYALTY_DB_SCHEMA|LOYALTY_DB_SCHEMA[\s\S]*DATABASE_URL/);
    expect(bad).toThrow(/LOYALTY_CURRENCY/);
    expect(bad).toThrow(/LOYALTY_PORT/);
  });
});
