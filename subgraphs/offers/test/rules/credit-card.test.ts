import fc from 'fast-check';
import type { AccountType } from '../../../../legacy-adapters/soap/src';
import { creditCard, creditCardForTravel } from '../../src/domain/rules/credit-card';
import { RECENT, RECENT_FA, signals, spend } from '../support/signals';

const ABROAD = { recentMinor: 51000n, countries: ['ES'] };

describe('rule credit-card-for-travel', () => {
  it('sells the card on travel spend, scored by its full relevance', () => {
    expect(creditCardForTravel.propose(signals(['CURRENT'], { spend: spend([['TRAVEL', 42000, 0]]) }))).toEqual([
      {
        title: 'A credit card with travel insurance and no foreign fees',
        reason: `because you spent 420.00 EUR on travel ${RECENT}`,
        fa: { title: 'کارت اعتباری با بیمهٔ سفر و بدون کارمزد ارزی', reason: `چون ۴۲۰٫۰۰ EUR برای سفر ${RECENT_FA} خرج کردید` },
        score: 2520,
      },
    ]);
  });

  it('sells it on spend abroad too, adding its whole units', () => {
    expect(creditCardForTravel.propose(signals(['CURRENT'], { abroad: ABROAD }))).toEqual([
      {
        title: 'A credit card with travel insurance and no foreign fees',
        reason: `because you spent 510.00 EUR abroad ${RECENT}`,
        fa: { title: 'کارت اعتباری با بیمهٔ سفر و بدون کارمزد ارزی', reason: `چون ۵۱۰٫۰۰ EUR در خارج از کشور ${RECENT_FA} خرج کردید` },
        score: 510,
      },
    ]);
    const [both] = creditCardForTravel.propose(signals(['CURRENT'], { abroad: ABROAD, spend: spend([['TRAVEL', 42000, 0]]) }));
    expect(both).toMatchObject({ score: 3030, reason: `because you spent 420.00 EUR on travel ${RECENT}` });
  });

  it('never sells a card to a customer who holds one, and is silent without travel', () => {
    expect(creditCardForTravel.propose(signals(['CARD'], { abroad: ABROAD, spend: spend([['TRAVEL', 42000, 0]]) }))).toEqual([]);
    expect(creditCardForTravel.propose(signals(['CURRENT']))).toEqual([]);
  });
});

describe('rule credit-card', () => {
  it('offers a card to a customer without one and without travel', () => {
    expect(creditCard.propose(signals(['CURRENT']))).toEqual([
      {
        title: 'Get a credit card',
        reason: 'because you have a current account but no credit card',
        fa: { title: 'کارت اعتباری بگیرید', reason: 'چون حساب جاری دارید اما کارت اعتباری ندارید' },
        score: 200,
      },
    ]);
    expect(creditCard.propose(signals([]))[0]?.reason).toBe('because you have no credit card with us yet');
  });

  it('is silent for a card holder, and for a traveller (the travel rule speaks then)', () => {
    expect(creditCard.propose(signals(['CURRENT', 'CARD']))).toEqual([]);
    expect(creditCard.propose(signals(['CURRENT'], { abroad: ABROAD }))).toEqual([]);
    expect(creditCard.propose(signals(['CURRENT'], { spend: spend([['TRAVEL', 42000, 0]]) }))).toEqual([]);
  });
});

describe('the two credit-card rules', () => {
  it('share one offer key, and exactly one speaks for any customer without a card (none for a holder)', () => {
    expect(creditCard.offerKey).toBe('credit-card-v1');
    expect(creditCardForTravel.offerKey).toBe('credit-card-v1');
    expect([creditCard.topic, creditCardForTravel.topic]).toEqual(['CREDIT', 'TRAVEL']);
    fc.assert(
      fc.property(fc.subarray<AccountType>(['CURRENT', 'SAVINGS', 'LOAN', 'CARD']), fc.nat(100000), fc.nat(30000), (held, travel, abroad) => {
        const s = signals(held, { spend: spend([['TRAVEL', travel, 0]]), abroad: { recentMinor: BigInt(abroad), countries: ['ES'] } });
        const proposed = creditCard.propose(s).length + creditCardForTravel.propose(s).length;
        expect(proposed).toBe(held.includes('CARD') ? 0 : 1);
      }),
    );
  });
});
