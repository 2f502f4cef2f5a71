// The simulated month of npm run eval:notifications: the core simulator's seeded customers (their
// marketing consent) and their card purchases, salaries and incoming transfers as the producers'
// domain events (CardPurchaseRecorded, PointsChanged, TransactionBooked), plus what the simulator
// does not have, drawn here from seeded streams: notification settings, points balances and points
// due to expire (PointsExpiring), low balances (LOW_BALANCE triggers: the events here carry no
// balance after a debit) and the staff's campaigns. Same seed, same month. docs/engagement.md
// "Evaluation" lists the shares.
import { Rng } from '../../core-simulator/src/prng';
import type { Dataset } from '../../core-simulator/src/data/dataset';
import type { Account, Txn } from '../../core-simulator/src/data/types';
import { nth } from '../../core-simulator/src/data/nth';
import type { Trigger } from '../../subgraphs/engagement/src/domain/triggers';
import type { CampaignInput, CampaignMessage } from '../../subgraphs/engagement/src/domain/campaign';
import type { RewardOffer } from '../../subgraphs/engagement/src/domain/reward-in-reach';
import { parseEvent, type DomainEvent, type EventType, type PayloadOf } from '../../lib/events/catalogue';
import type { PreferenceChange } from '../../subgraphs/engagement/src/domain/preferences';
import { DEMO_PARTNERS } from '../../subgraphs/partners/src/db/demo-catalogue';
import { ON_UNTIL_CHOSEN, ORACLE_CHANNELS, type OracleTopic, type SettingsChange, type SimCustomer } from './notifications-oracle';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

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

/** Card purchases earn 1 point per whole euro (foreign ones none); balances start where the catalogue's prices are. */
const POINTS_PER_EUR_MINOR = 100n;
const START_BALANCE_MAX = 6000;
/** share of customers with points due to expire in the month or the 30 days after it */
const POINTS_DUE_SHARE = 0.35;
const TIERS = ['BRONZE', 'SILVER', 'GOLD', 'PLATINUM'] as const;
/** loyalty's daily expiry job and warning pass run at this UTC hour */
const LOYALTY_PASS_HOUR = 2;

/** The month's events of one customer, and those before it that only feed the customer facts. */
export interface CustomerEvents {
  /** from `historyStartMs` to the month's start: applied to the facts only (their messages went before the month) */
  history: DomainEvent[];
  /** in the month: through the consumer's handler, as production reads them */
  month: DomainEvent[];
  /** what the events here do not carry yet (a balance after each debit): LOW_BALANCE handed to the engine directly */
  lowBalance: Trigger[];
}

/** A seeded envelope id (a UUID v4 shape): the trigger ids, and so the run, are the same for the same seed. */
function eventId(rng: Rng): string {
  const hex = [rng.u32(), rng.u32(), rng.u32(), rng.u32()].map((n) => n.toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type MakeEvent = <T extends EventType>(type: T, at: number, key: string, payload: PayloadOf<T>) => DomainEvent<T>;

/** Envelopes of one customer's events, checked against the catalogue as a consumer checks them. */
function eventMaker(seed: number, index: number, customerId: string): MakeEvent {
  const ids = Rng.of(seed, 'notify-event-ids', index);
  return (type, at, key, payload) =>
    parseEvent({
      id: eventId(ids),
      type,
      version: 1,
      occurredAt: new Date(at).toISOString(),
      producer: type === 'TransactionBooked' ? 'accounts' : 'loyalty',
      customerId,
      key,
      payload,
    }) as DomainEvent<typeof type>;
}

/** Something that moves the points balance (or reads it): its events are made once the balance before it is known. */
interface PointsMove {
  at: number;
  make: (balance: bigint) => { delta: bigint; events: DomainEvent[] };
}

/** A card purchase as loyalty records it; with the PointsChanged of what it earned, as a points move. */
function purchaseOf(rng: Rng, ds: Dataset, a: Account, t: Txn, tier: (typeof TIERS)[number], event: MakeEvent): DomainEvent | PointsMove {
  const merchant = t.merchant === undefined ? undefined : nth(ds.merchants.all, t.merchant, 'merchant');
  const back = rng.chance(CASHBACK_SHARE) ? (t.amountMinor * 2n) / 100n || 1n : 0n;
  const points = t.currency === 'EUR' ? t.amountMinor / POINTS_PER_EUR_MINOR : 0n;
  const journalId = `J-${t.txnId}`;
  const purchase = event('CardPurchaseRecorded', t.bookedAtMs, `card-purchase:${t.txnId}`, {
    cardId: `CARD-${a.accountId}`,
    ...(back > 0n || points > 0n ? { journalId } : {}),
    amount: { amountMinor: t.amountMinor.toString(), currency: t.currency },
    merchant: merchant
      ? { id: merchant.merchantId, name: merchant.name.slice(0, 60), mcc: merchant.mcc, city: merchant.city.slice(0, 40), country: merchant.country }
      : { id: 'M-UNKNOWN', mcc: '5999' },
    cashBack: { amountMinor: back.toString(), currency: t.currency },
    points: points.toString(),
    purchasedAt: new Date(t.bookedAtMs).toISOString(),
    tier,
  });
  if (points === 0n) return purchase;
  return {
    at: t.bookedAtMs,
    make: (balance) => ({
      delta: points,
      events: [
        purchase,
        event('PointsChanged', t.bookedAtMs, `points:${journalId}`, {
          journalId,
          reason: 'CARD_PURCHASE',
          delta: points.toString(),
          balance: (balance + points).toString(),
        }),
      ],
    }),
  };
}

/**
 * Points due on a day of the month or the 30 after it: loyalty's warning pass writes PointsExpiring
 * on the first day the date is within 30 days (not before the month), and the expiry books a
 * PointsChanged (POINTS_EXPIRED) on the day itself when that falls in the month.
 */
function expiryMoves(rng: Rng, event: MakeEvent, customerId: string, startMs: number, endMs: number): PointsMove[] {
  const expiresDay = Math.floor(startMs / DAY_MS) + rng.int(1, Math.round((endMs - startMs) / DAY_MS) + 30);
  const expiresOn = new Date(expiresDay * DAY_MS).toISOString().slice(0, 10);
  const due = BigInt(rng.int(50, 1500));
  const dueOf = (balance: bigint) => (due < balance ? due : balance);
  const warnAt = Math.max(startMs, (expiresDay - 30) * DAY_MS) + LOYALTY_PASS_HOUR * HOUR_MS;
  const moves: PointsMove[] = [
    {
      at: warnAt,
      make: (balance) => {
        const points = dueOf(balance);
        const key = `points-expiring:${customerId}:${expiresOn}`;
        return { delta: 0n, events: points > 0n ? [event('PointsExpiring', warnAt, key, { points: points.toString(), expiresOn })] : [] };
      },
    },
  ];
  // the expiry job runs just before the warning pass of the same night
  const expireAt = expiresDay * DAY_MS + LOYALTY_PASS_HOUR * HOUR_MS - 60_000;
  if (expireAt < endMs) {
    moves.push({
      at: expireAt,
      make: (balance) => {
        const points = dueOf(balance);
        if (points === 0n) return { delta: 0n, events: [] };
        const journalId = `J-EXPIRY-${customerId}-${expiresOn}`;
        const payload = { journalId, reason: 'POINTS_EXPIRED', delta: (-points).toString(), balance: (balance - points).toString() };
        return { delta: -points, events: [event('PointsChanged', expireAt, `points:${journalId}`, payload)] };
      },
    });
  }
  return moves;
}

/** Low balances on `LOW_BALANCE_PER_DAY` of the days (the events here carry no balance after a debit). */
function lowBalancesOf(rng: Rng, index: number, customerId: string, startMs: number, endMs: number): Trigger[] {
  const out: Trigger[] = [];
  const days = Math.round((endMs - startMs) / DAY_MS);
  for (let d = 0; d < days; d++) {
    if (!rng.chance(LOW_BALANCE_PER_DAY)) continue;
    const at = startMs + d * DAY_MS + rng.below(DAY_MS);
    out.push({
      id: `lb-${index}-${d}`,
      customerId,
      occurredAt: new Date(at),
      kind: 'LOW_BALANCE',
      balance: { minor: rng.minor(0, 4999), currency: 'EUR' },
      threshold: { minor: 5000n, currency: 'EUR' },
    });
  }
  return out;
}

/** Events in the order they happened (ISO instants of one format compare as text). */
export const byOccurredAt = (x: { occurredAt: string }, y: { occurredAt: string }) => (x.occurredAt < y.occurredAt ? -1 : x.occurredAt > y.occurredAt ? 1 : 0);

/**
 * One customer's events as the producers write them (checked against the event catalogue):
 * - the simulator's card purchases as loyalty's `CardPurchaseRecorded` (30% earn 2% cash back; the
 *   tier, the merchant's MCC and city) and, for one that earned points (1 per whole euro),
 *   `PointsChanged` with the balance after it (a seeded start, so customers cross catalogue prices);
 * - salaries and incoming transfers as accounts' `TransactionBooked` (`PMNT/RCDT/SALA` or `/ESCT`);
 * - for `POINTS_DUE_SHARE` of the customers, points due to expire (`expiryMoves`).
 */
export function eventsOf(seed: number, ds: Dataset, index: number, historyStartMs: number, startMs: number, endMs: number): CustomerEvents {
  const c = nth(ds.customers, index, 'customer');
  const rng = Rng.of(seed, 'notify-events', index);
  const event = eventMaker(seed, index, c.customerId);
  const tier = rng.pickWeighted([...TIERS], [50, 30, 15, 5]);
  const moves: PointsMove[] = [];
  const all: DomainEvent[] = [];
  for (const a of c.accounts.map((i) => nth(ds.accounts, i, 'account'))) {
    for (const t of [...ds.generator.iterate(a, undefined, historyStartMs)].reverse()) {
      if (t.bookedAtMs < historyStartMs || t.bookedAtMs >= endMs || t.status === 'REVERSED') continue;
      if (t.kind === 'CARD' && t.direction === 'DEBIT') {
        const p = purchaseOf(rng, ds, a, t, tier, event);
        if ('make' in p) moves.push(p);
        else all.push(p);
      } else if (t.direction === 'CREDIT' && (t.kind === 'SALARY' || t.kind === 'TRANSFER')) {
        const payload = {
          accountId: a.accountId,
          transactionId: t.txnId,
          amountMinor: t.amountMinor.toString(),
          currency: t.currency,
          bookedAt: new Date(t.bookedAtMs).toISOString(),
          bookingCode: t.kind === 'SALARY' ? 'PMNT/RCDT/SALA' : 'PMNT/RCDT/ESCT',
          accountType: a.type,
        };
        all.push(event('TransactionBooked', t.bookedAtMs, `booking:${t.txnId}`, payload));
      }
    }
  }
  if (rng.chance(POINTS_DUE_SHARE)) moves.push(...expiryMoves(rng, event, c.customerId, startMs, endMs));
  // the balance walks the point moves in time order
  moves.sort((x, y) => x.at - y.at);
  let balance = BigInt(rng.int(0, START_BALANCE_MAX));
  for (const m of moves) {
    const { delta, events } = m.make(balance);
    balance += delta;
    all.push(...events);
  }
  all.sort(byOccurredAt);
  return {
    // what the facts keep (purchases, bookings): points events before the month told their news then
    history: all.filter((e) => Date.parse(e.occurredAt) < startMs && e.type !== 'PointsChanged'),
    month: all.filter((e) => Date.parse(e.occurredAt) >= startMs),
    lowBalance: lowBalancesOf(rng, index, c.customerId, startMs, endMs),
  };
}

/** The partners' demo catalogue as partners' catalogue route gives it: rewards in stock, cheapest first. */
export function demoRewards(): RewardOffer[] {
  return DEMO_PARTNERS.flatMap((p) =>
    p.rewards.filter((r) => r.stock > 0).map((r) => ({ rewardId: r.id, partnerName: p.name, title: r.title, pointsPrice: BigInt(r.pointsPrice) })),
  ).sort((a, b) => (a.pointsPrice < b.pointsPrice ? -1 : a.pointsPrice > b.pointsPrice ? 1 : a.rewardId < b.rewardId ? -1 : 1));
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

/**
 * The staff's campaigns of the month, as staff would send them through `createCampaign` (checked by
 * `checkCampaign`): three, to overlapping segments, about nine days apart at a seeded hour, so a
 * customer in all three meets the campaign cap of two per 30 days at the third.
 */
export function campaignInputsOf(seed: number, startMs: number, endMs: number): CampaignInput[] {
  const rng = Rng.of(seed, 'notify-campaigns');
  const segments: CampaignInput['segment'][] = [
    { activeWithinDays: 30 },
    { spendCategories: ['GROCERIES', 'EATING_OUT'], spendWithinDays: 60 },
    { tiers: ['SILVER', 'GOLD', 'PLATINUM'] },
  ];
  const span = endMs - startMs;
  return segments.map((segment, k) => {
    const at = startMs + Math.floor((span * (2 * k + 1)) / (2 * segments.length)) - 12 * HOUR_MS + rng.below(24) * HOUR_MS;
    return {
      name: `Evaluation campaign ${k + 1}`,
      segment,
      message: rng.pick(CAMPAIGN_TEXTS)(rng.pick(DEMO_PARTNERS).name),
      sendAt: new Date(at).toISOString(),
    };
  });
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
