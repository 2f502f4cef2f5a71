// The month's evaluation (npm run eval:notifications) on a small population: every trigger kind
// plays through the production paths (the event handler, the campaign sender, the retention pass)
// and nothing goes out against a rule while most triggers still reach the customer; the oracle that
// says so counts a message that does break a rule (a doctored delivery list), the 30-day campaign cap
// included, and a run with a rule broken in the engine on purpose fails the evaluation.
import { checkAgainstRules, formatResult, passed, simulate, summarize, type SentMessage, type Trace } from '../../../scripts/eval-notifications';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('notifications evaluation', () => {
  let trace: Trace;

  beforeAll(async () => {
    trace = await simulate({ customers: 40, days: 30, seed: 7, inMemory: true, changeShare: 0.5 });
  }, 120000);

  it('sends nothing against a rule over a simulated month, and delivers most triggers', () => {
    const r = summarize(trace);
    expect(r.againstRule).toEqual({
      channelOff: { numerator: 0, denominator: r.deliveries, rate: 0 },
      marketingWithoutConsent: { numerator: 0, denominator: r.deliveries, rate: 0 },
      quietHours: { numerator: 0, denominator: r.deliveries, rate: 0 },
      frequencyCap: { numerator: 0, denominator: r.deliveries, rate: 0 },
      campaignCap: { numerator: 0, denominator: r.deliveries, rate: 0 },
    });
    expect(passed(r)).toBe(true);
    // not vacuous: the month has every kind of message and the rules had work to do
    expect(Object.keys(r.messagesByTopic).sort()).toEqual(['MARKETING', 'REWARDS', 'SECURITY', 'SERVICE', 'TRANSACTIONS']);
    expect(r.deferredThenDelivered).toBeGreaterThan(0);
    expect(r.notDelivered.MARKETING_CONSENT).toBeGreaterThan(0);
    expect(r.notDelivered.FREQUENCY_CAP).toBeGreaterThan(0);
    // every trigger kind of issue 16 was played, and each reached someone (the kind named in a failure)
    for (const kind of [
      'CASHBACK_EARNED',
      'MONEY_RECEIVED',
      'LOW_BALANCE',
      'SECURITY_CARD_USE',
      'POINTS_EXPIRING',
      'PARTNER_REWARD_IN_REACH',
      'RETENTION',
      'CAMPAIGN',
    ] as const) {
      expect({ kind, delivered: (r.byKind[kind]?.delivered.numerator ?? 0) > 0 }).toEqual({ kind, delivered: true });
    }
    // the sender's campaigns met the campaign cap (three campaigns, a cap of two per 30 days)
    expect(r.byKind.CAMPAIGN?.notDelivered.CAMPAIGN_CAP).toBeGreaterThan(0);
    expect(r.notDelivered.CAMPAIGN_CAP).toBe(r.byKind.CAMPAIGN?.notDelivered.CAMPAIGN_CAP);
    // the production trigger ids: the event handler's, the sender's, the retention pass's
    const ids = [...trace.kinds].map(([id, kind]) => `${kind} ${id}`);
    expect(ids.some((l) => /^CAMPAIGN campaign:cmp_[0-9a-f]{24}:/.test(l))).toBe(true);
    expect(ids.some((l) => /^RETENTION retention:[^:]+:\d{4}-\d{2}-\d{2}$/.test(l))).toBe(true);
    expect(ids.some((l) => /^PARTNER_REWARD_IN_REACH [0-9a-f-]{36}:reward-in-reach$/.test(l))).toBe(true);
    expect(r.triggersDelivered.rate).toBeGreaterThan(0.5);
    expect(r.inboxMatches).toBe(true);
    expect(r.settingsChanges).toBeGreaterThan(0);
    expect(formatResult(r)).toMatch(/marketing sent without consent\s+0\.000/);
    expect(formatResult(r)).toMatch(/campaign sent over the 30-day campaign cap\s+0\.000/);
    expect(formatResult(r)).toMatch(/CAMPAIGN\s+\d\.\d{3} .*CAMPAIGN_CAP \d+/);
  });

  it.each([
    ['CAMPAIGN_CAP', 'campaignCap'],
    ['MARKETING_CONSENT', 'marketingWithoutConsent'],
  ] as const)(
    'fails when the engine does not apply %s',
    async (breakRule, oracleRule) => {
      const r = summarize(await simulate({ customers: 20, days: 30, seed: 7, inMemory: true, breakRule }));
      expect(r.againstRule[oracleRule].numerator).toBeGreaterThan(0);
      expect(passed(r)).toBe(false);
    },
    120000,
  );

  it('counts a message sent against each rule when one is slipped into the list', () => {
    // a customer of the oracle's own: Tehran (UTC+03:30 all year), quiet 22:00-07:00, no consent, no choices
    const customers = new Map(trace.customers).set('C-DOCTORED', {
      customerId: 'C-DOCTORED',
      timeZone: 'Asia/Tehran',
      quietHours: { start: '22:00', end: '07:00' },
      locale: 'fa',
      marketingConsent: false,
      choices: new Map([['TRANSACTIONS/PUSH', false]]),
    });
    const kinds = new Map(trace.kinds).set('doctored-1', 'RETENTION').set('doctored-2', 'MONEY_RECEIVED').set('doctored-3', 'SECURITY_CARD_USE');
    const extra: SentMessage[] = [
      // marketing without consent, at noon in Tehran
      { messageId: 'doctored-1', customerId: 'C-DOCTORED', channel: 'IN_APP', sentAt: new Date('2025-11-10T08:30:00Z') },
      // money received by SMS (off until turned on) at 23:30 in Tehran
      { messageId: 'doctored-2', customerId: 'C-DOCTORED', channel: 'SMS', sentAt: new Date('2025-11-12T20:00:00Z') },
      // ... and on push, which the customer turned off, at 07:00 (quiet hours over)
      { messageId: 'doctored-2', customerId: 'C-DOCTORED', channel: 'PUSH', sentAt: new Date('2025-11-13T03:30:00Z') },
      // a security alert by SMS at 23:30: allowed
      { messageId: 'doctored-3', customerId: 'C-DOCTORED', channel: 'SMS', sentAt: new Date('2025-11-12T20:00:00Z') },
    ];
    // the month's own settings changes too: its deliveries are judged by the settings in force then
    const v = checkAgainstRules(customers, kinds, [...trace.sent, ...extra], trace.changes);
    expect(v.marketingWithoutConsent.map((s) => s.messageId)).toEqual(['doctored-1']);
    expect(v.channelOff.map((s) => `${s.messageId} ${s.channel}`)).toEqual(['doctored-2 SMS', 'doctored-2 PUSH']);
    expect(v.quietHours.map((s) => `${s.messageId} ${s.channel}`)).toEqual(['doctored-2 SMS']);
    expect(v.frequencyCap).toEqual([]);
    expect(v.campaignCap).toEqual([]);

    // a campaign message that went out, and another an hour later: two marketing messages in 24 hours
    const delivered = trace.sent.find((s) => trace.kinds.get(s.messageId) === 'CAMPAIGN')!;
    kinds.set('doctored-4', 'PARTNER_REWARD_IN_REACH');
    const twice = [...trace.sent, { ...delivered, messageId: 'doctored-4', sentAt: new Date(delivered.sentAt.getTime() + HOUR) }];
    const capped = checkAgainstRules(customers, kinds, twice, trace.changes);
    expect(capped.frequencyCap.map((s) => s.messageId)).toContain('doctored-4');
    expect(capped.marketingWithoutConsent).toEqual([]);
  });

  it('counts a campaign over the 30-day campaign cap, each message once whatever its channels', () => {
    // consent, no quiet hours, marketing also on push: only the campaign cap can be broken
    const customers = new Map(trace.customers).set('C-CAMPAIGNED', {
      customerId: 'C-CAMPAIGNED',
      timeZone: 'UTC',
      locale: 'en',
      marketingConsent: true,
      choices: new Map([['MARKETING/PUSH', true]]),
    });
    const kinds = new Map(trace.kinds).set('camp-1', 'CAMPAIGN').set('camp-2', 'CAMPAIGN').set('camp-3', 'CAMPAIGN').set('offer-1', 'RETENTION');
    const at = (day: number) => new Date(Date.UTC(2025, 10, 1, 12) + day * DAY);
    const two: SentMessage[] = [
      // the first campaign on two channels, an hour apart: one campaign message, not two
      { messageId: 'camp-1', customerId: 'C-CAMPAIGNED', channel: 'IN_APP', sentAt: at(0) },
      { messageId: 'camp-1', customerId: 'C-CAMPAIGNED', channel: 'PUSH', sentAt: new Date(at(0).getTime() + HOUR) },
      // other marketing does not count against the campaign cap
      { messageId: 'offer-1', customerId: 'C-CAMPAIGNED', channel: 'IN_APP', sentAt: at(5) },
      { messageId: 'camp-2', customerId: 'C-CAMPAIGNED', channel: 'IN_APP', sentAt: at(10) },
    ];
    const third: SentMessage = { messageId: 'camp-3', customerId: 'C-CAMPAIGNED', channel: 'IN_APP', sentAt: at(20) };
    const ok = checkAgainstRules(customers, kinds, two);
    expect(ok.campaignCap).toEqual([]);
    expect(ok.frequencyCap).toEqual([]);

    // a third within 30 days of the first: over the cap of 2
    const over = checkAgainstRules(customers, kinds, [...two, third]);
    expect(over.campaignCap).toEqual([third]);
    expect([...over.channelOff, ...over.marketingWithoutConsent, ...over.quietHours, ...over.frequencyCap]).toEqual([]);

    // the same third once the first is more than 30 days behind it: the window has rolled on
    const later = { ...third, sentAt: at(31) };
    expect(checkAgainstRules(customers, kinds, [...two, later]).campaignCap).toEqual([]);
  });

  it('judges each message by the settings in force when it went out', () => {
    const before = { customerId: 'C-CHANGING', timeZone: 'UTC', locale: 'en' as const, marketingConsent: true, choices: new Map<string, boolean>() };
    const customers = new Map(trace.customers).set('C-CHANGING', before);
    const kinds = new Map(trace.kinds).set('offer-1', 'RETENTION').set('offer-2', 'RETENTION');
    const withdrawn = { customerId: 'C-CHANGING', at: new Date('2025-11-10T00:00:00Z'), settings: { ...before, marketingConsent: false } };
    const sent: SentMessage[] = [
      { messageId: 'offer-1', customerId: 'C-CHANGING', channel: 'IN_APP', sentAt: new Date('2025-11-05T12:00:00Z') },
      { messageId: 'offer-2', customerId: 'C-CHANGING', channel: 'IN_APP', sentAt: new Date('2025-11-12T12:00:00Z') },
    ];
    expect(checkAgainstRules(customers, kinds, sent, [withdrawn]).marketingWithoutConsent.map((s) => s.messageId)).toEqual(['offer-2']);
    expect(checkAgainstRules(customers, kinds, sent).marketingWithoutConsent).toEqual([]);
  });
});
