// The words of a notification: English and Persian (right-to-left, Persian digits, values
// isolated), amounts with the currency's exponent and every digit, never through a float.
import { formatAmount, localDigits, render } from '../src/domain/templates';
import { TRIGGER_KINDS, type Trigger } from '../src/domain/triggers';

const NOW = new Date('2025-03-15T10:00:00Z');
const base = { id: 't-1', customerId: 'C-000001', occurredAt: NOW };
const PERSIAN_DIGITS = /[۰-۹]/;
const ASCII_DIGITS = /[0-9]/;

const samples: Trigger[] = [
  { ...base, kind: 'CASHBACK_EARNED', amount: { minor: 250n, currency: 'EUR' }, merchantName: 'FreshMart' },
  { ...base, kind: 'MONEY_RECEIVED', amount: { minor: 1_500n, currency: 'JPY' }, fromName: 'Ana Silva', salary: false },
  { ...base, kind: 'LOW_BALANCE', balance: { minor: 12_345n, currency: 'BHD' }, threshold: { minor: 50_000n, currency: 'BHD' } },
  { ...base, kind: 'SECURITY_CARD_USE', amount: { minor: 90_000n, currency: 'EUR' }, cardLast4: '0042', reason: 'FOREIGN', country: 'BR' },
  { ...base, kind: 'POINTS_EXPIRING', points: 1_250n, expiresOn: '2025-04-30' },
  { ...base, kind: 'PARTNER_REWARD_IN_REACH', partnerName: 'Skylark', rewardTitle: 'Lounge pass', pointsShort: 120n },
  { ...base, kind: 'RETENTION' },
  {
    ...base,
    kind: 'CAMPAIGN',
    campaignId: 'cmp_0123456789abcdef01234567',
    message: { en: { title: 'Spring bonus', body: 'A higher rate on savings.' }, fa: { title: 'پاداش بهاری', body: 'نرخ بالاتر برای پس‌انداز.' } },
  },
  { ...base, kind: 'FEEDBACK_REQUEST', feedbackKind: 'CSAT', moment: 'CONTACT' },
];

describe('amounts', () => {
  it.each([
    [1_500n, 'JPY', 'en', 'JP¥1,500'],
    // en-GB puts a no-break space after a currency code
    [12_345n, 'BHD', 'en', 'BHD\u00a012.345'],
    [250n, 'EUR', 'en', '€2.50'],
  ])('%s minor units of %s in %s read %s', (minor, currency, locale, text) => {
    expect(formatAmount({ minor, currency }, locale as 'en')).toBe(text);
  });

  it('keeps every digit of an amount no float could hold', () => {
    expect(formatAmount({ minor: 12_345_678_901_234_567n, currency: 'BHD' }, 'en')).toBe('BHD\u00a012,345,678,901,234.567');
  });

  it('writes Persian digits with the exponent of the currency', () => {
    const jpy = formatAmount({ minor: 1_500n, currency: 'JPY' }, 'fa');
    const bhd = formatAmount({ minor: 12_345n, currency: 'BHD' }, 'fa');
    expect(jpy).toContain('۱٬۵۰۰');
    expect(jpy).not.toMatch(/٫/); // no decimals in yen
    expect(bhd).toContain('۱۲٫۳۴۵');
    expect(`${jpy}${bhd}`).not.toMatch(ASCII_DIGITS);
  });

  it('turns the digits of a card ending into Persian ones, leading zero kept', () => {
    expect(localDigits('0042', 'fa')).toBe('۰۰۴۲');
    expect(localDigits('0042', 'en')).toBe('0042');
  });
});

describe('templates', () => {
  it('has both locales for every trigger kind', () => {
    expect(samples.map((s) => s.kind).sort()).toEqual([...TRIGGER_KINDS].sort());
  });

  it.each(samples.map((s) => [s.kind, s] as const))('%s: English left-to-right, Persian right-to-left with Persian digits only', (_kind, trigger) => {
    const en = render(trigger, 'en');
    const fa = render(trigger, 'fa');
    expect(en).toMatchObject({ locale: 'en', direction: 'LTR' });
    expect(fa).toMatchObject({ locale: 'fa', direction: 'RTL' });
    expect(en.title.length).toBeGreaterThan(0);
    expect(fa.body).not.toBe(en.body);
    expect(fa.body).toMatch(/[\u0600-\u06ff]/);
    expect(fa.body).not.toMatch(ASCII_DIGITS);
    if (ASCII_DIGITS.test(en.body)) expect(fa.body).toMatch(PERSIAN_DIGITS);
  });

  it('isolates inserted values in right-to-left text, and only there', () => {
    const [cash] = samples;
    expect(render(cash!, 'fa').body).toContain('\u2068FreshMart\u2069');
    expect(render(cash!, 'en').body).toBe('You earned €2.50 cash back on your purchase at FreshMart.');
  });

  it("puts a campaign's own words in each locale as staff wrote them", () => {
    const campaign = samples.find((s) => s.kind === 'CAMPAIGN')!;
    expect(render(campaign, 'en')).toEqual({ title: 'Spring bonus', body: 'A higher rate on savings.', locale: 'en', direction: 'LTR' });
    expect(render(campaign, 'fa')).toEqual({ title: 'پاداش بهاری', body: 'نرخ بالاتر برای پس‌انداز.', locale: 'fa', direction: 'RTL' });
  });

  it('names the country of a foreign card use in the locale', () => {
    const sec = samples.find((s) => s.kind === 'SECURITY_CARD_USE')!;
    expect(render(sec, 'en').body).toBe('Your card ending 0042 was used for €900.00 in Brazil. If it was not you, freeze the card in the app.');
    expect(render(sec, 'fa').body).toContain('برزیل');
  });
});
