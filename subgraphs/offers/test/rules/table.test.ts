// The table as a whole: which rules run, under which offer keys (stored answers are keyed by
// them, so renaming one would forget every customer's dismissals), on which channels.
import { OFFER_CHANNELS } from '../../src/domain/offer';
import { PARTNER_CATEGORY_SPEND } from '../../src/domain/rules/cash-back';
import { OFFER_RULES } from '../../src/domain/rules/table';

describe('the offer rule table', () => {
  it('holds these rules, each once', () => {
    expect(OFFER_RULES.map((r) => r.id)).toEqual([
      'retention-fee-waiver',
      'travel-card-abroad',
      'travel-lounge',
      'credit-card-for-travel',
      'credit-card',
      'savings-account',
      'cash-back-travel',
      'cash-back-eating-out',
      'cash-back-entertainment',
      'cash-back-transport',
      'cash-back-groceries',
      'cash-back-uncategorised',
      'tenure-thanks',
    ]);
  });

  it('keeps the offer keys answers are stored under', () => {
    expect([...new Set(OFFER_RULES.map((r) => r.offerKey))].sort()).toEqual([
      'cashback-v1',
      'credit-card-v1',
      'retention-fee-waiver-v1',
      'savings-account-v1',
      'tenure-thanks-v1',
      'travel-card-abroad-v1',
      'travel-lounge-v1',
    ]);
  });

  it('has a cash-back rule for every spend category a partner category maps to', () => {
    const cashBackTopics = OFFER_RULES.filter((r) => r.kind === 'CASH_BACK').map((r) => r.topic);
    for (const category of new Set(Object.values(PARTNER_CATEGORY_SPEND))) expect(cashBackTopics.filter((t) => t === category)).toHaveLength(1);
  });

  it("makes nothing for partner apps, and runs every rule on the bank's own channels", () => {
    for (const rule of OFFER_RULES) {
      expect(rule.channels).not.toContain('PARTNER');
      expect([...rule.channels].sort()).toEqual(OFFER_CHANNELS.filter((c) => c !== 'PARTNER').sort());
    }
  });
});
