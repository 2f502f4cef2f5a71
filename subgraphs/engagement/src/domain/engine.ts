// NotificationEngine.handle(trigger): decide once per trigger (rules.ts) with the customer's
// settings read under their lock, record every decision, then hand the message to each channel's
// delivery. The store and the deliveries are interfaces: the engine itself does no I/O, and the
// event consumer attaches with one call per event.
import type { Channel, NotificationClass, Topic } from './topics';
import type { Trigger, TriggerKind } from './triggers';
import { invalidTrigger } from './triggers';
import type { Preferences } from './preferences';
import { decide, DEFAULT_FREQUENCY_CAPS, type Decision, type FrequencyCaps } from './rules';
import { render, type Direction } from './templates';
import type { Locale } from './preferences';

/** One rendered message, whatever channels it goes on; its id is the trigger's. */
export interface Message {
  id: string;
  customerId: string;
  kind: TriggerKind;
  topic: Topic;
  class: NotificationClass;
  title: string;
  body: string;
  locale: Locale;
  direction: Direction;
  occurredAt: Date;
  decidedAt: Date;
}

export interface Planned {
  message: Message;
  decisions: Decision[];
}

/** What the store hands the rules, read while the customer is locked. */
export interface CustomerState {
  preferences: Preferences;
  recentMarketing: { lastDay: number; lastWeek: number; campaignsLast30Days?: number };
}

/** A message as the in-app inbox shows it. */
export interface InboxItem extends Message {
  /** when it appeared in the inbox (after quiet hours, if it was deferred) */
  visibleAt: Date;
  readAt?: Date;
  /** position in the inbox: newest visible first, then newest delivered */
  key: InboxKey;
}

export interface InboxKey {
  visibleAtMs: number;
  seq: bigint;
}

export interface Decided {
  planned: Planned;
  replayed: boolean;
  /** written to the inbox with the decision and visible now (`inbox` asked for, not a replay) */
  inboxItem?: InboxItem;
}

export interface DecisionStore {
  /**
   * Runs `plan` with the customer locked (so two triggers cannot both pass a frequency cap) and
   * records what it returns; a trigger id already decided returns the recorded plan instead. A
   * decision to go on a `queued` channel is written to the delivery outbox in the same transaction.
   * With `inbox`, a decision to go in-app is delivered in that transaction too: the inbox row and
   * its attempt commit with the decision, one commit a trigger instead of three.
   */
  decideOnce(trigger: Trigger, now: Date, plan: (state: CustomerState) => Planned, queued?: ReadonlySet<Channel>, inbox?: boolean): Promise<Decided>;
  /** every delivery attempt, whatever its outcome */
  recordAttempt(messageId: string, channel: Channel, at: Date, error?: string): Promise<void>;
  /** the channels of a message with a successful attempt already */
  deliveredChannels(messageId: string): Promise<ReadonlySet<Channel>>;
}

/** A way to reach the customer: the inbox, or push / email / SMS through the delivery outbox. */
export interface ChannelDelivery {
  readonly channel: Channel;
  /**
   * true: the store queues the message in the delivery outbox with the decision and the outbox's
   * dispatcher sends it (retries, rate limits, attempts recorded there); `deliver` is not called
   */
  readonly queued?: boolean;
  /**
   * true (the in-app inbox only: a table of the decision store itself): the store writes the
   * message with the decision (decideOnce's `inbox`), and `stored` is told of it once committed;
   * `deliver` is called only on a replay that finds no attempt (a decision from before this)
   */
  readonly withDecision?: boolean;
  /** idempotent by message id; `deliverAt` in the future means "not before" (quiet hours) */
  deliver(message: Message, deliverAt: Date): Promise<void>;
  /** a `withDecision` delivery: the item the decision's transaction put in the inbox, visible now, after its commit */
  stored?(item: InboxItem): Promise<void>;
}

export class InvalidTriggerError extends Error {
  constructor(readonly field: string) {
    super(`invalid trigger: ${field}`);
    this.name = 'InvalidTriggerError';
  }
}

export interface EngineOptions {
  store: DecisionStore;
  deliveries: readonly ChannelDelivery[];
  clock?: () => Date;
  caps?: FrequencyCaps;
}

export interface Handled {
  messageId: string;
  decisions: Decision[];
  /** the trigger had been handled before: nothing new was decided */
  replayed: boolean;
}

export class NotificationEngine {
  private readonly deliveries: ReadonlyMap<Channel, ChannelDelivery>;
  private readonly clock: () => Date;
  private readonly caps: FrequencyCaps;

  constructor(private readonly opts: EngineOptions) {
    this.deliveries = new Map(opts.deliveries.map((d) => [d.channel, d]));
    this.clock = opts.clock ?? (() => new Date());
    this.caps = opts.caps ?? DEFAULT_FREQUENCY_CAPS;
  }

  async handle(trigger: Trigger): Promise<Handled> {
    const bad = invalidTrigger(trigger);
    if (bad) throw new InvalidTriggerError(bad);
    const now = this.clock();
    const available = new Set(this.deliveries.keys());
    const queued = new Set([...this.deliveries.values()].filter((d) => d.queued).map((d) => d.channel));
    const inbox = this.deliveries.get('IN_APP');
    const { planned, replayed, inboxItem } = await this.opts.store.decideOnce(
      trigger,
      now,
      (state) => {
        const verdict = decide({ trigger, preferences: state.preferences, now, recentMarketing: state.recentMarketing, caps: this.caps, available });
        const words = render(trigger, state.preferences.locale);
        return {
          message: {
            id: trigger.id,
            customerId: trigger.customerId,
            kind: trigger.kind,
            topic: verdict.topic,
            class: verdict.class,
            ...words,
            occurredAt: trigger.occurredAt,
            decidedAt: now,
          },
          decisions: verdict.decisions,
        };
      },
      queued,
      inbox?.withDecision === true,
    );
    if (inboxItem) await inbox?.stored?.(inboxItem);
    await this.deliver(planned, replayed);
    return { messageId: planned.message.id, decisions: planned.decisions, replayed };
  }

  /** Each channel that was decided to go; on a replay only those no attempt reached yet (a crash between deciding and delivering). */
  private async deliver(planned: Planned, replayed: boolean): Promise<void> {
    const done = replayed ? await this.opts.store.deliveredChannels(planned.message.id) : new Set<Channel>();
    for (const d of planned.decisions) {
      const delivery = this.deliveries.get(d.channel);
      if (d.outcome === 'SUPPRESSED' || !delivery || delivery.queued || !d.deliverAt || done.has(d.channel)) continue;
      // written with the decision: a replay finds its attempt (done) unless the decision is older than that
      if (delivery.withDecision && !replayed) continue;
      let error: string | undefined;
      try {
        await delivery.deliver(planned.message, d.deliverAt);
      } catch (err) {
        error = err instanceof Error ? err.name : 'Error';
      }
      await this.opts.store.recordAttempt(planned.message.id, d.channel, this.clock(), error);
    }
  }
}
