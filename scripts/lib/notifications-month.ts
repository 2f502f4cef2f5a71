// The simulated month of npm run eval:notifications: the core simulator's seeded customers (their
// marketing consent) and their card purchases, salaries and incoming transfers, plus what the
// simulator does not have, drawn here from seeded streams: notification settings, low balances,
// expiring points, partner rewards in reach, retention (the simulator's fading persona) and
// staff campaigns (CAMPAIGN triggers). Same seed, same month. docs/engagement.md "Evaluation" lists the shares.
import { Rng } from '../../core-simulator/src/prng';
import type { Dataset } from '../../core-simulator/src/data/dataset';
import { nth } from '../../core-simulator/src/data/nth';
import type { Trigger } from '../../subgraphs/engagement/src/domain/triggers';
import { campaignTriggerId, type CampaignMessage } from '../../subgraphs/engagement/src/domain/campaign';
import type { PreferenceChange } from '../../subgraphs/engagement/src/domain/preferences';
import { DEMO_PARTNERS } from '../../subgraphs/partners/src/db/demo-catalogue';
import { ON_UNTIL_CHOSEN, ORACLE_CHANNELS, type OracleTopic, type SettingsChange, type SimCustomer } from './notifications-oracle';

const DAY_MS = 86_400_000;

const ZONES: ReadonlyArray<[zone: string, weight: number]> = [
  ['Europe/Berlin', 30],
  ['Europe/Vienna', 10],
  ['Europe/Amsterdam', 10],
  ['Asia/Tehran', 15],
  ['America/New_York', 8],
  ['America/Los_Angeles', 5],
  ['Asia/Kolkata', 5],
  ['Asia/Kathmandu', 2],
  ['Asia/Tokyo', 5],
  ['Australia/Sydney', 5],
  ['UTC', 5],
];
const NIGHT_STARTS = ['21:00', '22:00', '22:30', '23:00', '00:00'];
const NIGHT_ENDS = ['06:00', '07:00', '07:30', '08:00', '09:00'];
const CASHBACK_SHARE = 0.3;
const LARGE_CARD_USE_MINOR = 100_000n;
const LOW_BALANCE_PER_DAY = 0.03;

export function settingsOf(seed: number, ds: Dataset, index: number): SimCustomer {
  const c = nth(ds.customers, index, 'customer');
  const rng = Rng.of(seed, 'notify-settings', index);
  const timeZone = rng.pickWeighted(
    ZONES.map(([z]) => z),
    ZONES.map(([, w]) => w),
  );
  const locale = rng.chance(timeZone === 'Asia/Tehran' ? 0.8 : 0.1) ? 'fa' : 'en';
  const q = rng.float();
  // most sleep at night; some want quiet at work; some never set quiet hours
  const quietHours = q < 0.65 ? { start: rng.pick(NIGHT_STARTS), end: rng.pick(NIGHT_ENDS) } : q < 0.75 ? { start: '09:00', end: '12:30' } : undefined;
  const choices = new Map<string, boolean>();
  for (const topic of Object.keys(ON_UNTIL_CHOSEN) as OracleTopic[]) {
    for (const channel of ORACLE_CHANNELS) {
      if (topic === 'SECURITY' && channel === 'IN_APP') continue;
      // a customer flips about one pair in eight away from its default
      if (rng.chance(0.12)) choices.set(`${topic}/${channel}`, !ON_UNTIL_CHOSEN[topic].includes(channel));
    }
  }
  return { customerId: c.customerId, timeZone, ...(quietHours ? { quietHours } : {}), locale, marketingConsent: c.marketingConsent, choices };
}

export function triggersOf(seed: number, ds: Dataset, index: number, startMs: number, endMs: number): Trigger[] {
  const c = nth(ds.customers, index, 'customer');
  const rng = Rng.of(seed, 'notify-triggers', index);
  const out: Trigger[] = [];
  let n = 0;
  const id = (tag: string) => `${tag}-${index}-${++n}`;
  const base = (tag: string, at: number) => ({ id: id(tag), customerId: c.customerId, occurredAt: new Date(at) });
  const anyTime = () => startMs + rng.below(endMs - startMs);
  for (const a of c.accounts.map((i) => nth(ds.accounts, i, 'account'))) {
    for (const t of ds.generator.iterate(a, undefined, startMs)) {
      if (t.bookedAtMs < startMs || t.bookedAtMs >= endMs || t.status === 'REVERSED') continue;
      const amount = { minor: t.amountMinor, currency: t.currency };
      if (t.kind === 'CARD' && t.direction === 'DEBIT') {
        if (rng.chance(CASHBACK_SHARE)) {
          const merchant = t.merchant === undefined ? undefined : nth(ds.merchants.all, t.merchant, 'merchant');
          const back = (t.amountMinor * 2n) / 100n;
          out.push({
            ...base('cb', t.bookedAtMs),
            kind: 'CASHBACK_EARNED',
            amount: { minor: back > 0n ? back : 1n, currency: t.currency },
            merchantName: merchant?.name ?? 'merchant',
          });
        }
        const foreign = t.currency !== 'EUR';
        if (foreign || t.amountMinor >= LARGE_CARD_USE_MINOR) {
          out.push({ ...base('sc', t.bookedAtMs), kind: 'SECURITY_CARD_USE', amount, reason: foreign ? 'FOREIGN' : 'LARGE' });
        }
      } else if (t.direction === 'CREDIT' && (t.kind === 'SALARY' || t.kind === 'TRANSFER')) {
        out.push({ ...base('mr', t.bookedAtMs), kind: 'MONEY_RECEIVED', amount, salary: t.kind === 'SALARY' });
      }
    }
  }
  const days = Math.round((endMs - startMs) / DAY_MS);
  for (let d = 0; d < days; d++) {
    if (!rng.chance(LOW_BALANCE_PER_DAY)) continue;
    const at = startMs + d * DAY_MS + rng.below(DAY_MS);
    out.push({ ...base('lb', at), kind: 'LOW_BALANCE', balance: { minor: rng.minor(0, 4999), currency: 'EUR' }, threshold: { minor: 5000n, currency: 'EUR' } });
  }
  if (rng.chance(0.4)) {
    const at = anyTime();
    const expiresOn = new Date(at + 14 * DAY_MS).toISOString().slice(0, 10);
    out.push({ ...base('pe', at), kind: 'POINTS_EXPIRING', points: BigInt(rng.int(50, 5000)), expiresOn });
  }
  for (let k = rng.int(0, 2); k > 0; k--) {
    const partner = rng.pick(DEMO_PARTNERS);
    out.push({
      ...base('pr', anyTime()),
      kind: 'PARTNER_REWARD_IN_REACH',
      partnerName: partner.name,
      rewardTitle: 'reward',
      pointsShort: BigInt(rng.int(10, 500)),
    });
  }
  const fading = c.accounts.some((i) => nth(ds.accounts, i, 'account').profile.fade !== undefined);
  if (fading || rng.chance(0.03)) out.push({ ...base('rt', anyTime()), kind: 'RETENTION' });
  return out;
}

/** Campaign words: a partner's offer or one of the bank's own, in both locales (a campaign is never half-written). */
const CAMPAIGN_TEXTS: ReadonlyArray<(partner: string) => CampaignMessage> = [
  (partner) => ({
    en: { title: `${partner}: double points this week`, body: `Pay with your card at ${partner} until Sunday and earn double points.` },
    fa: { title: `${partner}: امتیاز دوبرابر این هفته`, body: `تا یکشنبه با کارت خود در ${partner} پرداخت کنید و امتیاز دوبرابر بگیرید.` },
  }),
  () => ({
    en: { title: 'A savings pot that pays you back', body: 'Open a savings pot in the app in two minutes and earn interest from the first day.' },
    fa: { title: 'پس‌اندازی که سود می‌دهد', body: 'در دو دقیقه در برنامه یک حساب پس‌انداز باز کنید و از روز اول سود بگیرید.' },
  }),
  () => ({
    en: { title: 'Travel without card fees', body: 'Switch to the travel card: no foreign-currency fees, wherever you pay.' },
    fa: { title: 'سفر بدون کارمزد کارت', body: 'کارت سفر را فعال کنید: بدون کارمزد ارز خارجی، هر جا که پرداخت کنید.' },
  }),
];

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * Staff campaigns: one every four days at a random hour (night included), each to about 70% of the
 * population at once, as the campaign sender hands them to the engine (CAMPAIGN triggers with the
 * sender's trigger ids). About seven a month against a cap of two per 30 days: the cap has work.
 */
export function campaignsOf(seed: number, customerIds: readonly string[], startMs: number, endMs: number): Trigger[] {
  const rng = Rng.of(seed, 'notify-campaigns');
  const out: Trigger[] = [];
  const count = Math.max(1, Math.floor((endMs - startMs) / (4 * DAY_MS)));
  for (let k = 0; k < count; k++) {
    const at = new Date(startMs + rng.below(endMs - startMs));
    // the shape of the store's ids (CAMPAIGN_ID); k keeps them apart within the run
    const campaignId = `cmp_${hex8(rng.u32())}${hex8(rng.u32())}${hex8(k)}`;
    const message = rng.pick(CAMPAIGN_TEXTS)(rng.pick(DEMO_PARTNERS).name);
    for (const customerId of customerIds) {
      if (!rng.chance(0.7)) continue;
      out.push({ id: campaignTriggerId(campaignId, customerId), customerId, occurredAt: at, kind: 'CAMPAIGN', campaignId, message });
    }
  }
  return out;
}

/**
 * With probability `share`, one change of the customer's settings at a random time of the month:
 * consent withdrawn (or granted), a topic turned off on a channel, or other quiet hours. What the
 * app would send (`change`) and what is in force after it (`settings`, for the oracle).
 */
export function settingsChangeOf(
  seed: number,
  index: number,
  c: SimCustomer,
  startMs: number,
  endMs: number,
  share: number,
): (SettingsChange & { change: PreferenceChange }) | undefined {
  const rng = Rng.of(seed, 'notify-changes', index);
  if (!rng.chance(share)) return undefined;
  const at = new Date(startMs + rng.below(endMs - startMs));
  const what = rng.below(3);
  if (what === 0) {
    return {
      customerId: c.customerId,
      at,
      change: { kind: 'MARKETING_CONSENT', granted: !c.marketingConsent },
      settings: { ...c, marketingConsent: !c.marketingConsent },
    };
  }
  if (what === 1) {
    const topic = rng.pick(['TRANSACTIONS', 'REWARDS', 'SERVICE', 'MARKETING'] as const);
    const channel = rng.pick(ORACLE_CHANNELS);
    return {
      customerId: c.customerId,
      at,
      change: { kind: 'CHANNEL', topic, channel, enabled: false },
      settings: { ...c, choices: new Map(c.choices).set(`${topic}/${channel}`, false) },
    };
  }
  const quietHours = { start: rng.pick(NIGHT_STARTS), end: rng.pick(NIGHT_ENDS) };
  return { customerId: c.customerId, at, change: { kind: 'QUIET_HOURS', quietHours, timeZone: c.timeZone }, settings: { ...c, quietHours } };
}
