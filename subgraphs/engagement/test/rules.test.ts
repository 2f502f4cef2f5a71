// The rules on their own: preferences, consent, the marketing caps and quiet hours (in the
// customer's time zone) each stop or defer what they must, and security goes through all of them.
import { decide, DEFAULT_FREQUENCY_CAPS, type RuleInputs } from '../src/domain/rules';
import { defaultPreferences, pairKey, type Preferences } from '../src/domain/preferences';
import { quietUntil } from '../src/domain/quiet-hours';
import type { Trigger } from '../src/domain/triggers';
import { CHANNELS, type Channel } from '../src/domain/topics';

const NOW = new Date('2025-03-15T10:00:00Z');
const EUR = (minor: bigint) => ({ minor, currency: 'EUR' });
const received: Trigger = { id: 't-1', customerId: 'C-000001', occurredAt: NOW, kind: 'MONEY_RECEIVED', amount: EUR(12_50n), salary: true };
const security: Trigger = {
  id: 't-2',
  customerId: 'C-000001',
  occurredAt: NOW,
  kind: 'SECURITY_CARD_USE',
  amount: EUR(900_00n),
  cardLast4: '0042',
  reason: 'FOREIGN',
  country: 'BR',
};
const reward: Trigger = {
  id: 't-3',
  customerId: 'C-000001',
  occurredAt: NOW,
  kind: 'PARTNER_REWARD_IN_REACH',
  partnerName: 'Skylark',
  rewardTitle: 'Lounge pass',
  pointsShort: 120n,
};

function inputs(trigger: Trigger, prefs: Partial<Preferences> = {}, extra: Partial<RuleInputs> = {}): RuleInputs {
  return {
    trigger,
    preferences: { ...defaultPreferences('C-000001'), ...prefs },
    now: NOW,
    recentMarketing: { lastDay: 0, lastWeek: 0 },
    caps: DEFAULT_FREQUENCY_CAPS,
    available: new Set<Channel>(CHANNELS),
    ...extra,
  };
}

const on = (v: ReturnType<typeof decide>, channel: Channel) => v.decisions.find((d) => d.channel === channel);

describe('preferences', () => {
  it('sends on the channels a topic is on by default and suppresses the rest, naming the rule', () => {
    const v = decide(inputs(received));
    expect(v).toMatchObject({ topic: 'TRANSACTIONS', class: 'SERVICE' });
    expect(on(v, 'IN_APP')).toEqual({ channel: 'IN_APP', outcome: 'SENT', deliverAt: NOW });
    expect(on(v, 'PUSH')?.outcome).toBe('SENT');
    expect(on(v, 'EMAIL')).toEqual({ channel: 'EMAIL', outcome: 'SUPPRESSED', rule: 'PREFERENCE' });
  });

  it("follows the customer's own choice over the default", () => {
    const channels = new Map([
      [pairKey('TRANSACTIONS', 'PUSH'), false],
      [pairKey('TRANSACTIONS', 'EMAIL'), true],
    ]);
    const v = decide(inputs(received, { channels }));
    expect(on(v, 'PUSH')).toMatchObject({ outcome: 'SUPPRESSED', rule: 'PREFERENCE' });
    expect(on(v, 'EMAIL')?.outcome).toBe('SENT');
  });

  it('keeps security alerts in the inbox even when a stored choice says off', () => {
    const v = decide(inputs(security, { channels: new Map([[pairKey('SECURITY', 'IN_APP'), false]]) }));
    expect(on(v, 'IN_APP')?.outcome).toBe('SENT');
  });

  it('records a channel nothing delivers to yet as unavailable, not as sent', () => {
    const v = decide(inputs(received, {}, { available: new Set<Channel>(['IN_APP']) }));
    expect(on(v, 'PUSH')).toEqual({ channel: 'PUSH', outcome: 'SUPPRESSED', rule: 'CHANNEL_UNAVAILABLE' });
  });
});

describe('marketing consent and frequency cap', () => {
  it('sends no marketing on any channel without consent', () => {
    const v = decide(inputs(reward));
    expect(v.class).toBe('MARKETING');
    expect(v.decisions.every((d) => d.outcome === 'SUPPRESSED' && d.rule === 'MARKETING_CONSENT')).toBe(true);
  });

  it('sends marketing with consent, service messages without it', () => {
    expect(on(decide(inputs(reward, { marketingConsent: true })), 'IN_APP')?.outcome).toBe('SENT');
    expect(on(decide(inputs(received, { marketingConsent: false })), 'IN_APP')?.outcome).toBe('SENT');
  });

  it.each([
    [{ lastDay: 1, lastWeek: 1 }, 'per day'],
    [{ lastDay: 0, lastWeek: 3 }, 'per week'],
  ])('stops marketing at the cap (%j, %s) and never a service message', (recentMarketing) => {
    const capped = decide(inputs(reward, { marketingConsent: true }, { recentMarketing }));
    expect(capped.decisions.every((d) => d.outcome === 'SUPPRESSED' && d.rule === 'FREQUENCY_CAP')).toBe(true);
    expect(on(decide(inputs(received, {}, { recentMarketing })), 'IN_APP')?.outcome).toBe('SENT');
  });

  const campaign: Trigger = {
    id: 'campaign:cmp_0123456789abcdef01234567:C-000001',
    customerId: 'C-000001',
    occurredAt: NOW,
    kind: 'CAMPAIGN',
    campaignId: 'cmp_0123456789abcdef01234567',
    message: { en: { title: 'Hi', body: 'Offer' }, fa: { title: 'سلام', body: 'پیشنهاد' } },
  };

  it('stops a campaign at the campaign cap (2 per 30 days by default) and other marketing not', () => {
    const atCap = { lastDay: 0, lastWeek: 1, campaignsLast30Days: 2 };
    const capped = decide(inputs(campaign, { marketingConsent: true }, { recentMarketing: atCap }));
    expect(capped.topic).toBe('MARKETING');
    expect(capped.decisions.every((d) => d.outcome === 'SUPPRESSED' && d.rule === 'CAMPAIGN_CAP')).toBe(true);
    expect(on(decide(inputs(reward, { marketingConsent: true }, { recentMarketing: atCap })), 'IN_APP')?.outcome).toBe('SENT');
    const below = { ...atCap, campaignsLast30Days: 1 };
    expect(on(decide(inputs(campaign, { marketingConsent: true }, { recentMarketing: below })), 'IN_APP')?.outcome).toBe('SENT');
    // the cap is a setting; consent comes first, then the campaign cap, then the marketing caps
    expect(
      on(decide(inputs(campaign, { marketingConsent: true }, { recentMarketing: below, caps: { ...DEFAULT_FREQUENCY_CAPS, campaignsPer30Days: 1 } })), 'IN_APP')
        ?.rule,
    ).toBe('CAMPAIGN_CAP');
    expect(on(decide(inputs(campaign, { marketingConsent: false }, { recentMarketing: atCap })), 'IN_APP')?.rule).toBe('MARKETING_CONSENT');
    expect(on(decide(inputs(campaign, { marketingConsent: true }, { recentMarketing: { ...below, lastDay: 1 } })), 'IN_APP')?.rule).toBe('FREQUENCY_CAP');
  });
});

describe('quiet hours in the customer time zone', () => {
  // 10:00 UTC is 13:30 in Tehran (UTC+3:30, no daylight saving since 2022)
  const tehran = { quietHours: { start: '13:00', end: '14:00' }, timeZone: 'Asia/Tehran' };

  it('defers a service message to the end of the quiet hours, on every channel it goes on', () => {
    const v = decide(inputs(received, tehran));
    expect(on(v, 'IN_APP')).toEqual({ channel: 'IN_APP', outcome: 'DEFERRED', rule: 'QUIET_HOURS', deliverAt: new Date('2025-03-15T10:30:00Z') });
    expect(on(v, 'EMAIL')?.rule).toBe('PREFERENCE');
  });

  it('lets a security alert through at once', () => {
    expect(on(decide(inputs(security, tehran)), 'IN_APP')).toEqual({ channel: 'IN_APP', outcome: 'SENT', deliverAt: NOW });
  });

  it('reads the hours in the time zone: the same window in UTC is not quiet at 10:00', () => {
    expect(on(decide(inputs(received, { ...tehran, timeZone: 'UTC' })), 'IN_APP')?.outcome).toBe('SENT');
  });

  it('handles windows over midnight and a daylight-saving change inside them', () => {
    const night = { start: '22:00', end: '07:00' };
    // 23:30 in New York on 8 March 2025 (EST, UTC-5); the clocks go forward at 02:00: 07:00 EDT is 11:00 UTC
    expect(quietUntil(new Date('2025-03-09T04:30:00Z'), night, 'America/New_York')).toEqual(new Date('2025-03-09T11:00:00Z'));
    // 06:59:30 local: half a minute left
    expect(quietUntil(new Date('2025-03-15T03:29:30Z'), night, 'Asia/Tehran')).toEqual(new Date('2025-03-15T03:30:00Z'));
    // 07:00 local is already outside
    expect(quietUntil(new Date('2025-03-15T03:30:00Z'), night, 'Asia/Tehran')).toBeUndefined();
  });
});
