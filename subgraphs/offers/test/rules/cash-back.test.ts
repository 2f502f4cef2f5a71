import type { Category } from '../../../../lib/mcc-categories';
import type { OfferRule } from '../../src/domain/rules/rule';
import {
  cashBackEatingOut,
  cashBackEntertainment,
  cashBackGroceries,
  cashBackTransport,
  cashBackTravel,
  cashBackUncategorised,
  spendCategoryOf,
} from '../../src/domain/rules/cash-back';
import { partner, RECENT, RECENT_FA, signals, spend } from '../support/signals';

const SKYLARK = partner('P-SKYLARK', 'TRAVEL', ['M-TRAVEL-001'], 'Skylark Air');
const HARBOUR = partner('P-HARBOUR', 'TRAVEL', ['M-TRAVEL-003', 'M-TRAVEL-002'], 'Harbour Stays');
const ZIPRIDE = partner('P-ZIPRIDE', 'RIDE_HAILING', ['M-RIDE-001'], 'ZipRide');
const TRAVEL_SPEND = spend([['TRAVEL', 42000, 0]]);

describe('rules cash-back-<category>', () => {
  it("offer the category's best partner on category spend, with the terms loyalty activates", () => {
    expect(cashBackTravel.propose(signals(['CURRENT'], { spend: TRAVEL_SPEND, partners: [SKYLARK, HARBOUR, ZIPRIDE] }))).toEqual([
      {
        title: '5% cash back at Harbour Stays for 30 days',
        reason: `because you spent 420.00 EUR on travel ${RECENT}`,
        fa: { title: '۵٪ بازگشت وجه در Harbour Stays به مدت ۳۰ روز', reason: `چون ۴۲۰٫۰۰ EUR برای سفر ${RECENT_FA} خرج کردید` },
        partnerId: 'P-HARBOUR',
        cashBack: { partnerId: 'P-HARBOUR', merchantIds: ['M-TRAVEL-002', 'M-TRAVEL-003'], rateBasisPoints: 500, validDays: 30 },
        // the category's relevance, plus one: a partner offer edges out the bank's own
        score: 2521,
      },
    ]);
  });

  it('prefer the partner the customer already spends with, naming partner and amount', () => {
    const s = signals(['CURRENT'], {
      spend: TRAVEL_SPEND,
      partners: [SKYLARK, HARBOUR],
      partnerSpend: new Map([['P-SKYLARK', { recentMinor: 3840n, count: 3 }]]),
    });
    expect(cashBackTravel.propose(s)).toEqual([
      expect.objectContaining({ partnerId: 'P-SKYLARK', reason: `because you spent 38.40 EUR at Skylark Air ${RECENT}`, score: 2520 + 100 + 3 * 38 + 1 }),
    ]);
  });

  it('break a tie the way the ranking does, by offer id (P-A- before P-A: "-" sorts before ":")', () => {
    const s = signals(['CURRENT'], { spend: TRAVEL_SPEND, partners: [partner('P-A', 'TRAVEL'), partner('P-A-', 'TRAVEL')] });
    expect(cashBackTravel.propose(s).map((p) => p.partnerId)).toEqual(['P-A-']);
  });

  it.each<[string, Category, OfferRule, number]>([
    ['TRAVEL', 'TRAVEL', cashBackTravel, 1200],
    ['COFFEE', 'EATING_OUT', cashBackEatingOut, 600],
    ['DINING', 'EATING_OUT', cashBackEatingOut, 600],
    ['STREAMING', 'ENTERTAINMENT', cashBackEntertainment, 600],
    ['EVENTS', 'ENTERTAINMENT', cashBackEntertainment, 600],
    ['RIDE_HAILING', 'TRANSPORT', cashBackTransport, 400],
    ['GROCERIES', 'GROCERIES', cashBackGroceries, 200],
  ])('%s partners speak for %s spend', (partnerCategory, category, rule, relevance) => {
    expect(rule.topic).toBe(category);
    const s = signals(['CURRENT'], { spend: spend([[category, 20000, 0]]), partners: [partner('P-X', partnerCategory), partner('P-OTHER', 'BOOKS')] });
    expect(rule.propose(s)).toEqual([expect.objectContaining({ partnerId: 'P-X', score: relevance + 1 })]);
    // spend elsewhere does not speak for them
    expect(rule.propose({ ...s, spend: spend([['SHOPPING', 90000, 0]]) })).toEqual([]);
  });

  it('make one offer per category, not per partner', () => {
    const s = signals(['CURRENT'], { spend: spend([['EATING_OUT', 20000, 0]]), partners: [partner('P-COFFEE', 'COFFEE'), partner('P-DINER', 'DINING')] });
    expect(cashBackEatingOut.propose(s).map((p) => p.partnerId)).toEqual(['P-COFFEE']);
  });

  it('stay silent below the threshold, and for a partner without merchants (nothing to boost)', () => {
    expect(cashBackTravel.propose(signals(['CURRENT'], { spend: spend([['TRAVEL', 4999, 0]]), partners: [SKYLARK] }))).toEqual([]);
    expect(cashBackTravel.propose(signals(['CURRENT'], { spend: TRAVEL_SPEND, partners: [partner('P-EMPTY', 'TRAVEL', [])] }))).toEqual([]);
  });
});

describe('rule cash-back-uncategorised', () => {
  const nocat = partner('P-NOCAT', null);
  const books = partner('P-BOOKS', 'BOOKS', ['M-B-2', 'M-B-1'], 'Book Nook');

  it('offers cash back at a partner without a known category on spend at it alone, one offer per partner', () => {
    const s = signals(['CURRENT'], {
      spend: spend([['SHOPPING', 90000, 0]]),
      partners: [nocat, books, SKYLARK],
      partnerSpend: new Map([
        ['P-BOOKS', { recentMinor: 3840n, count: 3 }],
        ['P-NOCAT', { recentMinor: 100n, count: 1 }],
        ['P-SKYLARK', { recentMinor: 9000n, count: 1 }],
      ]),
    });
    expect(cashBackUncategorised.propose(s)).toEqual([
      expect.objectContaining({ partnerId: 'P-NOCAT', score: 100 + 3 * 1 + 1 }),
      {
        title: '5% cash back at Book Nook for 30 days',
        reason: `because you spent 38.40 EUR at Book Nook ${RECENT}`,
        fa: { title: '۵٪ بازگشت وجه در Book Nook به مدت ۳۰ روز', reason: `چون ۳۸٫۴۰ EUR در Book Nook ${RECENT_FA} خرج کردید` },
        partnerId: 'P-BOOKS',
        cashBack: { partnerId: 'P-BOOKS', merchantIds: ['M-B-1', 'M-B-2'], rateBasisPoints: 500, validDays: 30 },
        score: 100 + 3 * 38 + 1,
      },
    ]);
    expect(cashBackUncategorised.topic).toBe('SHOPPING');
  });

  it('is silent without spend at the partner, whatever the category spend', () => {
    expect(cashBackUncategorised.propose(signals(['CURRENT'], { spend: spend([['SHOPPING', 90000, 0]]), partners: [nocat, books] }))).toEqual([]);
  });
});

describe('spendCategoryOf', () => {
  it("maps partners' categories to spend categories, and nothing else", () => {
    expect(spendCategoryOf({ category: 'COFFEE' })).toBe('EATING_OUT');
    expect(spendCategoryOf({ category: null })).toBeUndefined();
    expect(spendCategoryOf({ category: 'BOOKS' })).toBeUndefined();
    expect(spendCategoryOf({ category: 'constructor' })).toBeUndefined();
  });
});
