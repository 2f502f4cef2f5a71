// The way to the next tier in the app's language: loyalty sends it as data (NextTier.ways), the
// app words it, so the Persian screen carries no English sentence from the server.
import { tierWaysText } from '../src/tier-ways';

const FA = 'fa-IR-u-ca-persian';

describe('the way to the next tier, in the app language', () => {
  it('says any one way in English, with plurals', () => {
    expect(tierWaysText('en', 'en-GB', 'Platinum', 20, [{ kind: 'CARD_PURCHASES', count: 20, withinDays: 90 }], false)).toBe(
      '20 more score points for Platinum: for example 20 more card purchases within 90 days',
    );
    expect(
      tierWaysText(
        'en',
        'en-GB',
        'Silver',
        1,
        [
          { kind: 'PRODUCT_TYPES', count: 1, withinDays: null },
          { kind: 'CARD_PURCHASES', count: 1, withinDays: 90 },
          { kind: 'TENURE_YEARS', count: 1, withinDays: null },
        ],
        false,
      ),
    ).toBe('1 more score point for Silver: for example 1 more product type, 1 more card purchase within 90 days or 1 more year with the bank');
  });

  it('joins ways needed together with "and"', () => {
    const ways = [
      { kind: 'PRODUCT_TYPES' as const, count: 1 },
      { kind: 'CARD_PURCHASES' as const, count: 25, withinDays: 90 },
    ];
    expect(tierWaysText('en', 'en-GB', 'Platinum', 35, ways, true)).toBe(
      '35 more score points for Platinum: for example 1 more product type and 25 more card purchases within 90 days',
    );
  });

  it('says it in Persian with Persian digits and no Latin letter', () => {
    const text = tierWaysText(
      'fa',
      FA,
      'پلاتین',
      20,
      [
        { kind: 'CARD_PURCHASES', count: 20, withinDays: 90 },
        { kind: 'TENURE_YEARS', count: 7 },
      ],
      false,
    );
    expect(text).toBe('۲۰ امتیاز دیگر تا سطح پلاتین؛ برای نمونه ۲۰ خرید کارتی دیگر در ۹۰ روز یا ۷ سال دیگر همراهی با بانک');
    expect(text).not.toMatch(/[A-Za-z0-9]/);
  });

  it('says only the gap when no way is given', () => {
    expect(tierWaysText('en', 'en-GB', 'Gold', 5, [], false)).toBe('5 more score points for Gold');
  });
});
