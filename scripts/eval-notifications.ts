// Offline evaluation of the notification engine over a simulated month:
//   npm run eval:notifications [-- --json] [--customers 150] [--days 30] [--seed 42] [--anchor 2025-11-20] [--changes 0]
// The population and its card purchases, salaries and transfers come from the core simulator's
// seeded dataset (no server: buildDataset directly); lib/notifications-month.ts turns them into the
// producers' domain events (with points balances, points due to expire and the staff's campaigns
// drawn from seeded streams) and draws the notification settings. Every trigger comes the way it
// does in production, on the real store (PGlite in a temp dir, production migrations) with a clock
// this file moves: events through the event consumer's handler (customer facts, then triggersOf
// with the partners' demo catalogue), campaigns through CampaignStore and the CampaignSender over
// the facts, RETENTION through the daily RetentionPass; all of them decided by the real
// NotificationEngine. Deferred messages are released when the clock passes their time. Then an
// oracle written apart from the engine (lib/notifications-oracle.ts: its own tables, fed the
// settings chosen here, not the store's) checks every message that went out. Exit code 1 when
// anything went out against a rule.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDataset } from '../core-simulator/src/data/dataset';
import { toDate, type Database } from '../lib/db/database';
import { migrate } from '../lib/db/migrate';
import { openPglite } from '../lib/db/pglite-database';
import { MIGRATIONS } from '../subgraphs/engagement/src/db/migrations';
import { MessageStore } from '../subgraphs/engagement/src/db/message-store';
import { PreferencesStore } from '../subgraphs/engagement/src/db/preferences-store';
import { InboxDelivery } from '../subgraphs/engagement/src/adapters/inbox-delivery';
import { NotificationEngine, type ChannelDelivery, type Message } from '../subgraphs/engagement/src/domain/engine';
import type { DecisionRule } from '../subgraphs/engagement/src/domain/rules';
import { TRIGGER_KINDS, type Trigger, type TriggerKind } from '../subgraphs/engagement/src/domain/triggers';
import { CustomerFactsStore } from '../subgraphs/engagement/src/db/customer-facts';
import { CampaignStore } from '../subgraphs/engagement/src/db/campaign-store';
import { checkCampaign } from '../subgraphs/engagement/src/domain/campaign';
import { DEFAULT_RETENTION_RULE } from '../subgraphs/engagement/src/domain/retention';
import { eventHandler } from '../subgraphs/engagement/src/adapters/event-consumer';
import { CampaignSender } from '../subgraphs/engagement/src/adapters/campaign-sender';
import { RetentionPass } from '../subgraphs/engagement/src/adapters/retention-pass';
import type { DomainEvent } from '../lib/events/catalogue';
import { money } from '../lib/money';
import type { PreferenceChange } from '../subgraphs/engagement/src/domain/preferences';
import {
  checkAgainstRules,
  EVAL_CAPS,
  ORACLE_RULES,
  TOPIC_OF,
  type OracleChannel,
  type OracleRule,
  type OracleTopic,
  type SentMessage,
  type SettingsChange,
  type SimCustomer,
} from './lib/notifications-oracle';
import { byOccurredAt, campaignInputsOf, demoRewards, eventsOf, settingsChangeOf, settingsOf } from './lib/notifications-month';
import { argValue, percentile, positiveIntArg, rate, round3, runMain, type Rate } from './lib/evaluation';

export { checkAgainstRules, type SentMessage, type SimCustomer } from './lib/notifications-oracle';

const DAY_MS = 86_400_000;
/** the documented defaults: ENGAGEMENT_HOME_CURRENCY, ENGAGEMENT_LARGE_CARD_USE (1000.00), ENGAGEMENT_RETENTION_HOUR */
const HOME_CURRENCY = 'EUR';
const LARGE_CARD_USE_MINOR = 100_000n;
const RETENTION_HOUR = 9;
const HOUR_MS = 3_600_000;

// ---- the run ----

export interface EvaluationOptions {
  seed?: number;
  customers?: number;
  days?: number;
  /** YYYY-MM-DD: the month ends with this day (the simulator's anchor) */
  anchorDate?: string;
  /** PGlite in memory instead of a temp dir: the same store, without initdb's seconds (tests) */
  inMemory?: boolean;
  /** share of customers who change one setting at a random time during the month (default 0) */
  changeShare?: number;
  /**
   * Tests only: a rule broken on purpose, to show the oracle catches it. CAMPAIGN_CAP: the engine
   * runs without the campaign cap; MARKETING_CONSENT: the store is told everyone consented. The
   * oracle still judges by the settings chosen here and the documented caps.
   */
  breakRule?: 'CAMPAIGN_CAP' | 'MARKETING_CONSENT';
}

interface Delivered {
  messageId: string;
  customerId: string;
  channel: OracleChannel;
  decidedAt: number;
  deliverAt: number;
}

/** Everything a run produced: the oracle's inputs and the engine's own answers. */
export interface Trace {
  seed: number;
  anchorDate: string;
  days: number;
  customers: Map<string, SimCustomer>;
  /** settings changed during the month (none unless `changeShare`) */
  changes: SettingsChange[];
  kinds: Map<string, TriggerKind>;
  /** deliveries that reached the customer within the month */
  sent: SentMessage[];
  /** deliveries deferred past the end of the month */
  pending: Delivered[];
  /** per trigger id, the rules of its suppressed decisions (from the engine) */
  suppressedBy: Map<string, DecisionRule[]>;
  deferredThenDelivered: number;
  /** IN_APP deliveries released in the month against what the store's inbox shows at its end */
  inbox: { released: number; visible: number };
  elapsedMs: number;
}

/** Each customer's settings as they would have set them in the app before the month starts. */
async function applySettings(prefs: PreferencesStore, customers: Iterable<SimCustomer>, consentForAll = false): Promise<void> {
  for (const c of customers) {
    if (c.quietHours || c.timeZone !== 'UTC')
      await prefs.change(c.customerId, { kind: 'QUIET_HOURS', quietHours: c.quietHours ?? null, timeZone: c.timeZone }, 'eval');
    if (c.locale !== 'en') await prefs.change(c.customerId, { kind: 'LOCALE', locale: c.locale }, 'eval');
    if (c.marketingConsent || consentForAll) await prefs.change(c.customerId, { kind: 'MARKETING_CONSENT', granted: true }, 'eval');
    for (const [pair, enabled] of c.choices) {
      const [topic, channel] = pair.split('/') as [OracleTopic, OracleChannel];
      await prefs.change(c.customerId, { kind: 'CHANNEL', topic, channel, enabled }, 'eval');
    }
  }
}

/** What the month plays, in time order: the population's settings, its events, the staff's campaigns. */
function monthOf(seed: number, population: number, days: number, anchorDate: string, changeShare: number) {
  const ds = buildDataset({ seed, customers: population, anchorDate });
  const endMs = (ds.anchorDay + 1) * DAY_MS;
  const startMs = endMs - days * DAY_MS;
  // the month's last RETENTION pass compares the month with the 60 days before it: the facts need those
  const historyStartMs = startMs - (DEFAULT_RETENTION_RULE.recentDays + DEFAULT_RETENTION_RULE.baselineDays - days) * DAY_MS;
  const customers = new Map<string, SimCustomer>();
  const history: DomainEvent[] = [];
  const events: DomainEvent[] = [];
  const lowBalance: Trigger[] = [];
  const changes: Array<SettingsChange & { change: PreferenceChange }> = [];
  for (let i = 0; i < population; i++) {
    const s = settingsOf(seed, ds, i);
    customers.set(s.customerId, s);
    const e = eventsOf(seed, ds, i, Math.min(historyStartMs, startMs), startMs, endMs);
    history.push(...e.history);
    events.push(...e.month);
    lowBalance.push(...e.lowBalance);
    const change = settingsChangeOf(seed, i, s, startMs, endMs, changeShare);
    if (change) changes.push(change);
  }
  history.sort(byOccurredAt);
  events.sort(byOccurredAt);
  changes.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { startMs, endMs, customers, history, events, lowBalance, changes, campaigns: campaignInputsOf(seed, startMs, endMs) };
}

/** One thing that happens at a moment of the month; at the same moment, in `order` (settings first, then events, then passes). */
interface Step {
  at: number;
  order: number;
  run: () => Promise<unknown>;
}

/**
 * The deliveries and suppressions as the store's records have them after release: an in-app
 * message held by quiet hours was decided again when they ended, suppressed (with its rule) or
 * held longer by the settings in force then.
 */
async function fromRecords(db: Database, handedOver: readonly Delivered[], suppressedBy: Map<string, DecisionRule[]>): Promise<Delivered[]> {
  const decided = await db.query<{ message_id: string; channel: string; outcome: string; rule: string | null; deliver_at: unknown }>(
    'SELECT message_id, channel, outcome, rule, deliver_at FROM decisions',
  );
  const record = new Map(decided.map((r) => [`${r.message_id}/${r.channel}`, r]));
  for (const id of suppressedBy.keys()) suppressedBy.set(id, []);
  for (const r of decided) if (r.outcome === 'SUPPRESSED' && r.rule) suppressedBy.get(r.message_id)?.push(r.rule as DecisionRule);
  return handedOver.flatMap((d): Delivered[] => {
    const r = record.get(`${d.messageId}/${d.channel}`);
    if (!r || r.outcome === 'SUPPRESSED') return [];
    return [r.deliver_at ? { ...d, deliverAt: toDate(r.deliver_at).getTime() } : d];
  });
}

type Month = ReturnType<typeof monthOf>;

/**
 * The engagement service as production wires it, on one store and the evaluation's clock: the
 * engine (the inbox plus recording push, email and SMS deliveries), the event consumer's handler,
 * the campaign sender and the retention pass, all handing their triggers to the engine through a
 * wrapper that notes each trigger's kind and the rules that suppressed it.
 */
async function engagementOf(db: Database, clock: () => Date, month: Month, breakRule: EvaluationOptions['breakRule']) {
  const prefs = new PreferencesStore(db, clock);
  await applySettings(prefs, month.customers.values(), breakRule === 'MARKETING_CONSENT');
  const messages = new MessageStore(db);
  const handedOver: Delivered[] = [];
  // the inbox is the production delivery; push, email and SMS go to the outbox in production, so
  // the evaluation plugs in recording ones to exercise the per-channel rules on every channel
  const recording = (channel: OracleChannel, inner?: ChannelDelivery): ChannelDelivery => ({
    channel,
    async deliver(message: Message, deliverAt: Date) {
      await inner?.deliver(message, deliverAt);
      handedOver.push({ messageId: message.id, customerId: message.customerId, channel, decidedAt: clock().getTime(), deliverAt: deliverAt.getTime() });
    },
  });
  const engine = new NotificationEngine({
    store: messages,
    deliveries: [recording('IN_APP', new InboxDelivery(messages)), recording('PUSH'), recording('EMAIL'), recording('SMS')],
    clock,
    // the documented defaults, the campaign cap included: the oracle checks against the same numbers
    caps: breakRule === 'CAMPAIGN_CAP' ? { ...EVAL_CAPS, campaignsPer30Days: Number.MAX_SAFE_INTEGER } : EVAL_CAPS,
  });
  const kinds = new Map<string, TriggerKind>();
  const suppressedBy = new Map<string, DecisionRule[]>();
  const recorded: Pick<NotificationEngine, 'handle'> = {
    async handle(t) {
      const handled = await engine.handle(t);
      kinds.set(t.id, t.kind);
      suppressedBy.set(
        t.id,
        handled.decisions.flatMap((d) => (d.outcome === 'SUPPRESSED' && d.rule ? [d.rule] : [])),
      );
      return handled;
    },
  };
  const facts = new CustomerFactsStore(db, { homeCurrency: HOME_CURRENCY });
  const handleEvent = eventHandler({
    engine: recorded,
    preferences: prefs,
    facts,
    settings: { homeCurrency: HOME_CURRENCY, largeCardUse: money(LARGE_CARD_USE_MINOR, HOME_CURRENCY) },
    rewards: { rewards: async () => demoRewards() },
    clock,
  });
  const campaigns = new CampaignStore(db);
  // staff scheduled the month's campaigns before it began, through the mutation's own checks
  for (const input of month.campaigns) await campaigns.create(checkCampaign(input, clock()), 'eval-staff', clock());
  const sender = new CampaignSender(campaigns, facts, recorded, { clock, owner: 'eval' });
  const retention = new RetentionPass(facts, recorded, { clock, hour: RETENTION_HOUR });
  return { prefs, messages, handedOver, kinds, suppressedBy, facts, handleEvent, recorded, sender, retention };
}

/** The month as one list of steps in time order. */
function stepsOf(month: Month, days: number, e: Awaited<ReturnType<typeof engagementOf>>): Step[] {
  const steps: Step[] = [
    // a change made at or before a trigger's time is in force when it is decided; what the inbox
    // held back is released (and checked again) by the settings in force until then
    ...month.changes.map((ch) => ({
      at: ch.at.getTime(),
      order: 0,
      run: async () => {
        await e.messages.release(ch.customerId, ch.at);
        await e.prefs.change(ch.customerId, ch.change, 'eval');
      },
    })),
    ...month.events.map((ev) => ({ at: Date.parse(ev.occurredAt), order: 1, run: () => e.handleEvent(ev) })),
    ...month.lowBalance.map((t) => ({ at: t.occurredAt.getTime(), order: 1, run: () => e.recorded.handle(t) })),
    // the campaign sender's poll finds a campaign due as soon as its time has come
    ...month.campaigns.map((c) => ({ at: Date.parse(c.sendAt), order: 2, run: () => e.sender.runOnce() })),
    // the retention timer: the day's pass once its hour has come
    ...Array.from({ length: days }, (_, d) => ({ at: month.startMs + d * DAY_MS + RETENTION_HOUR * HOUR_MS, order: 2, run: () => e.retention.runOnce() })),
  ];
  return steps.sort((a, b) => a.at - b.at || a.order - b.order);
}

export async function simulate(opts: EvaluationOptions = {}): Promise<Trace> {
  const seed = opts.seed ?? 42;
  const days = opts.days ?? 30;
  const anchorDate = opts.anchorDate ?? '2025-11-20';
  const t0 = performance.now();
  const month = monthOf(seed, opts.customers ?? 150, days, anchorDate, opts.changeShare ?? 0);
  const { endMs, customers, changes } = month;

  const dir = opts.inMemory ? undefined : await mkdtemp(join(tmpdir(), 'eval-notifications-'));
  const db = await openPglite(dir ?? 'memory://', 'engagement');
  try {
    await migrate(db, MIGRATIONS);
    let now = month.startMs - DAY_MS;
    const clock = () => new Date(now);
    const e = await engagementOf(db, clock, month, opts.breakRule);
    // what the consumer had applied before the month: the facts only (those events' messages went earlier)
    for (const ev of month.history) await e.facts.apply(ev, new Date(ev.occurredAt));
    for (const step of stepsOf(month, days, e)) {
      now = step.at;
      await step.run();
    }
    now = endMs;
    let visible = 0;
    for (const id of customers.keys()) visible += await e.messages.unreadCount(id, new Date(endMs - 1));
    const released = await fromRecords(db, e.handedOver, e.suppressedBy);
    // released when the clock passes their time: within the month they went out, after it they wait
    const sent: SentMessage[] = [];
    const pending: Delivered[] = [];
    for (const d of released) {
      if (d.deliverAt < endMs) sent.push({ messageId: d.messageId, customerId: d.customerId, channel: d.channel, sentAt: new Date(d.deliverAt) });
      else pending.push(d);
    }
    return {
      seed,
      anchorDate,
      days,
      customers,
      changes,
      kinds: e.kinds,
      sent,
      pending,
      suppressedBy: e.suppressedBy,
      deferredThenDelivered: new Set(released.filter((d) => d.deliverAt > d.decidedAt && d.deliverAt < endMs).map((d) => d.messageId)).size,
      inbox: { released: sent.filter((s) => s.channel === 'IN_APP').length, visible },
      elapsedMs: Math.round(performance.now() - t0),
    };
  } finally {
    await db.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

export interface EvaluationResult {
  seed: number;
  anchorDate: string;
  days: number;
  customers: number;
  settingsChanges: number;
  triggers: number;
  messagesSent: number;
  deliveries: number;
  messagesPerCustomer: { mean: number; p50: number; p90: number; max: number };
  messagesByTopic: Record<string, number>;
  deliveriesByChannel: Record<string, number>;
  /** deliveries against each rule over all deliveries: must be 0 each */
  againstRule: Record<OracleRule, Rate>;
  triggersDelivered: Rate;
  /** why the other triggers reached nobody: the engine's rules, or still deferred at month end */
  notDelivered: Record<string, number>;
  /** the same per trigger kind (CAMPAIGN_CAP shows under CAMPAIGN) */
  byKind: Partial<Record<TriggerKind, KindFigures>>;
  deferredThenDelivered: number;
  pendingAtEnd: number;
  inboxMatches: boolean;
  elapsedMs: number;
}

export interface KindFigures {
  triggers: number;
  delivered: Rate;
  notDelivered: Record<string, number>;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export function summarize(trace: Trace): EvaluationResult {
  const violations = checkAgainstRules(trace.customers, trace.kinds, trace.sent, trace.changes);
  const messageIds = new Set(trace.sent.map((s) => s.messageId));
  const perCustomer = new Map<string, Set<string>>([...trace.customers.keys()].map((id) => [id, new Set<string>()]));
  for (const s of trace.sent) perCustomer.get(s.customerId)?.add(s.messageId);
  const counts = [...perCustomer.values()].map((s) => s.size).sort((a, b) => a - b);
  const byTopic: Record<string, number> = {};
  for (const id of messageIds) increment(byTopic, TOPIC_OF[trace.kinds.get(id) ?? 'RETENTION']);
  const byChannel: Record<string, number> = {};
  for (const s of trace.sent) increment(byChannel, s.channel);
  const pendingIds = new Set(trace.pending.map((p) => p.messageId));
  const notDelivered: Record<string, number> = {};
  const kindCounts = new Map<TriggerKind, { triggers: number; delivered: number; notDelivered: Record<string, number> }>();
  for (const [id, kind] of trace.kinds) {
    let k = kindCounts.get(kind);
    if (!k) kindCounts.set(kind, (k = { triggers: 0, delivered: 0, notDelivered: {} }));
    k.triggers++;
    if (messageIds.has(id)) {
      k.delivered++;
      continue;
    }
    const why = pendingIds.has(id) ? 'DEFERRED_PAST_MONTH_END' : [...new Set(trace.suppressedBy.get(id) ?? [])].sort().join('+') || 'NONE';
    increment(notDelivered, why);
    increment(k.notDelivered, why);
  }
  const byKind: Partial<Record<TriggerKind, KindFigures>> = {};
  for (const kind of TRIGGER_KINDS) {
    const k = kindCounts.get(kind);
    if (k) byKind[kind] = { triggers: k.triggers, delivered: rate(k.delivered, k.triggers), notDelivered: k.notDelivered };
  }
  const againstRule = Object.fromEntries(ORACLE_RULES.map((r) => [r, rate(violations[r].length, trace.sent.length)])) as Record<OracleRule, Rate>;
  return {
    seed: trace.seed,
    anchorDate: trace.anchorDate,
    days: trace.days,
    customers: trace.customers.size,
    settingsChanges: trace.changes.length,
    triggers: trace.kinds.size,
    messagesSent: messageIds.size,
    deliveries: trace.sent.length,
    messagesPerCustomer: {
      mean: round3(counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length)),
      p50: percentile(counts, 50),
      p90: percentile(counts, 90),
      max: counts[counts.length - 1] ?? 0,
    },
    messagesByTopic: byTopic,
    deliveriesByChannel: byChannel,
    againstRule,
    triggersDelivered: rate(messageIds.size, trace.kinds.size),
    notDelivered,
    byKind,
    deferredThenDelivered: trace.deferredThenDelivered,
    pendingAtEnd: trace.pending.length,
    inboxMatches: trace.inbox.released === trace.inbox.visible,
    elapsedMs: trace.elapsedMs,
  };
}

export async function runEvaluation(opts: EvaluationOptions = {}): Promise<EvaluationResult> {
  return summarize(await simulate(opts));
}

/** Nothing went out against a rule, and the store's inbox holds what the deliveries released. */
export function passed(r: EvaluationResult): boolean {
  return ORACLE_RULES.every((rule) => r.againstRule[rule].numerator === 0) && r.inboxMatches;
}

const RULE_LABEL: Record<OracleRule, string> = {
  channelOff: 'sent on a channel the customer turned off',
  marketingWithoutConsent: 'marketing sent without consent',
  quietHours: 'non-security message sent inside quiet hours',
  frequencyCap: 'marketing sent over the frequency cap',
  campaignCap: 'campaign sent over the 30-day campaign cap',
};

function showRate(r: Rate): string {
  return `${(r.rate === null ? 'n/a' : r.rate.toFixed(3)).padStart(6)}  (${r.numerator}/${r.denominator})`;
}

const listing = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

export function formatResult(r: EvaluationResult): string {
  const m = r.messagesPerCustomer;
  return [
    `notifications evaluation: seed ${r.seed}, ${r.days} days to ${r.anchorDate}, ${r.customers} customers (${r.settingsChanges} changed a setting mid-month), ${r.triggers} triggers (${r.elapsedMs} ms)`,
    `messages sent ${r.messagesSent} (${r.deliveries} deliveries); per customer mean ${m.mean}, p50 ${m.p50}, p90 ${m.p90}, max ${m.max}`,
    `messages by topic: ${listing(r.messagesByTopic)}`,
    `deliveries by channel: ${listing(r.deliveriesByChannel)}`,
    ...ORACLE_RULES.map((rule) => `${RULE_LABEL[rule].padEnd(48)} ${showRate(r.againstRule[rule])}  must be 0`),
    `${'triggers delivered on at least one channel'.padEnd(48)} ${showRate(r.triggersDelivered)}`,
    `  not delivered: ${listing(r.notDelivered) || 'none'}`,
    '  by trigger kind, delivered of its triggers:',
    ...Object.entries(r.byKind).map(([kind, k]) => `    ${kind.padEnd(44)} ${showRate(k.delivered)}  not delivered: ${listing(k.notDelivered) || 'none'}`),
    `deferred by quiet hours, then delivered in the month: ${r.deferredThenDelivered} messages; still pending at its end: ${r.pendingAtEnd} deliveries`,
    `inbox at month end holds exactly the released in-app deliveries: ${r.inboxMatches ? 'yes' : 'NO'}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const num = (name: string) => positiveIntArg(args, name);
  const changes = num('--changes');
  if (changes !== undefined && changes > 100) throw new Error('--changes is a percentage of customers (1 to 100)');
  const result = await runEvaluation({
    changeShare: (changes ?? 0) / 100,
    seed: num('--seed'),
    customers: num('--customers'),
    days: num('--days'),
    anchorDate: argValue(args, '--anchor'),
  });
  process.stdout.write(args.includes('--json') ? `${JSON.stringify(result, null, 2)}\n` : `${formatResult(result)}\n`);
  process.exitCode = passed(result) ? 0 : 1;
}

if (require.main === module) runMain('eval:notifications', main);
