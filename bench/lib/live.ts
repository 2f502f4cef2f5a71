// The `live` workload: open subscriptions to `notificationAdded` through a gateway over
// Server-Sent Events (graphql-sse, distinct connections mode), then send grocery purchase advices
// (ISO 8583 0220 over TCP) to the loyalty card feed at a fixed rate, as the card switch does, and
// time each advice from its acknowledgement ('00') to its cash-back notification on every stream
// of its customer. Loopback only; every phase ends by itself (its duration, then a grace period).
//
// Why every advice owes a notification (docs/engagement.md): a financial advice in the programme
// currency books cash back at the MCC's rate (5411 groceries, rules/earning-rules.json), its
// CardPurchaseRecorded event becomes a CASHBACK_EARNED trigger, topic REWARDS (a service topic:
// no consent, no frequency cap), in-app on by default, and the bench's customers have set no
// preference or quiet hours. Amounts stay under ENGAGEMENT_LARGE_CARD_USE in EUR, so no security
// alert joins the stream either.
import { readFileSync } from 'node:fs';
import { Agent, request, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { IsoMessage } from '../../legacy-adapters/iso8583/src';
import { SwitchClient } from '../../core-simulator/src/card-switch/switch-client';
import { asciiName, fetchCards, type SwitchCard, transmissionOf } from '../../core-simulator/src/card-switch/traffic';
import { cashBackBasisPoints, parseRules } from '../../subgraphs/loyalty/src/domain/rules';
import { sleep } from '../../lib/sleep';
import { customerId } from './customers';
import { SseParser } from '../../scripts/lib/sse-parser';
import { adviceAmountMinor, adviceTagOf, DeliveryLedger, type LiveFigures, merchantNameFor, subscriptionPlan } from './live-match';
import { spreadOf } from './load';
import { type PacedAdvice, sendPaced } from './paced-advices';
import { ROOT } from './processes';

export const LIVE_QUERY = 'subscription { notificationAdded { id kind title body deliveredAt } }';
const MCC = '5411';
const SETTLE_MS = 2000;
const EUR = '978';

export interface LiveSettings {
  /** subscriptions to open (the gateway caps 5 per customer) */
  subscriptions: number;
  perCustomer: number;
  /** purchase advices per second */
  ratePerSecond: number;
  /** how long after the last acknowledgement a missing notification still counts as on its way */
  graceSeconds: number;
  /** card-feed connections the advices are spread over (the feed handles one connection's messages in order) */
  feedConnections: number;
}

export const DEFAULT_LIVE: LiveSettings = { subscriptions: 1000, perCustomer: 2, ratePerSecond: 100, graceSeconds: 10, feedConnections: 4 };
export const QUICK_LIVE: LiveSettings = { ...DEFAULT_LIVE, subscriptions: 200, graceSeconds: 5 };

export interface LivePhaseResult extends LiveFigures {
  durationSeconds: number;
  /** advices sent / the sending window */
  advicesPerSecond: number;
  /** acknowledgement times of the card feed, ms */
  ackMs: { p50: number; p99: number };
  /** the first refusal code or error of an advice, to tell what went wrong */
  adviceErrorSample?: string;
}

export interface LiveResult extends LivePhaseResult {
  subscriptionsWanted: number;
  /** subscriptions the gateway answered with an event stream */
  subscriptionsOpen: number;
  /** still open when the measured phase ended */
  subscriptionsOpenAtEnd: number;
  customers: number;
  ratePerSecond: number;
  /** why a subscription was refused (the first refusal) */
  refusalSample?: string;
  /** `next` events with GraphQL errors over the session, and the first one */
  streamErrors: number;
  streamErrorSample?: string;
}

interface Stream {
  req: ClientRequest;
  open: boolean;
}

export interface LiveSessionOptions {
  url: string;
  /** client tokens of the peer's customer block, and the index of the block's first customer */
  tokens: string[];
  firstCustomer: number;
  coreUrl: string;
  cardFeedPort: number;
  /** tells this run's advices apart from another peer's on the same stack (letters and digits) */
  runTag: string;
  settings: LiveSettings;
  log?: (line: string) => void;
}

/** The programme's cash-back rate at MCC 5411, from loyalty's default rules file (the bench stack's). */
function groceryRateBp(): number {
  const file = join(ROOT, 'subgraphs', 'loyalty', 'rules', 'earning-rules.json');
  return cashBackBasisPoints(parseRules(JSON.parse(readFileSync(file, 'utf8')), file), MCC);
}

/** A grocery purchase advice (0220, MCC 5411, EUR) of `card`; the card-feed workload sends the same. */
export function advice(card: SwitchCard, stan: number, rrn: string, amountMinor: bigint, merchant: string): IsoMessage {
  return {
    mti: '0220',
    fields: new Map<number, string>([
      [2, card.pan],
      [3, '000000'],
      [4, amountMinor.toString().padStart(12, '0')],
      [7, transmissionOf(new Date())],
      [11, String(stan).padStart(6, '0')],
      [18, MCC],
      [32, '400999'],
      [37, rrn],
      [42, 'BENCH-GROCER   '],
      [43, asciiName(merchant)],
      [49, EUR],
    ]),
  };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * A live session against one gateway: customers with an active card chosen, their subscriptions
 * open, card-feed connections up. Then one or more phases (a warm-up, the measured one), each with
 * its own tag so a late notification of one phase is never counted in the next.
 */
export class LiveSession {
  private readonly agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  private readonly streams: Stream[] = [];
  private feeds: SwitchClient[] = [];
  private ledger?: { phase: string; ledger: DeliveryLedger };
  private cards: SwitchCard[] = [];
  private subscriptionCustomers: number[] = [];
  private refusalSample?: string;
  /** `next` events carrying GraphQL errors (a stream ended by the gateway or the subgraph says why in one) */
  streamErrors = 0;
  streamErrorSample?: string;
  private stan = 0;
  private readonly rateBp = groceryRateBp();

  private constructor(private readonly opts: LiveSessionOptions) {}

  static async open(opts: LiveSessionOptions): Promise<LiveSession> {
    const s = new LiveSession(opts);
    try {
      await s.start();
    } catch (err) {
      s.close();
      throw err;
    }
    return s;
  }

  get opened(): number {
    return this.streams.length;
  }

  get openNow(): number {
    return this.streams.filter((s) => s.open).length;
  }

  get refusal(): string | undefined {
    return this.refusalSample;
  }

  private async start(): Promise<void> {
    const { settings, tokens, firstCustomer, coreUrl } = this.opts;
    const wanted = Math.ceil(settings.subscriptions / settings.perCustomer);
    // the customers of the block with an active card, in order, until enough
    const cards: SwitchCard[] = [];
    const indices: number[] = [];
    for (let from = 0; from < tokens.length && cards.length < wanted; from += 50) {
      const batch = Array.from({ length: Math.min(50, tokens.length - from) }, (_, k) => from + k);
      const found = await mapLimit(batch, 10, async (i) => (await fetchCards(coreUrl, [customerId(firstCustomer + i)]))[0]);
      found.forEach((card, k) => {
        if (card && cards.length < wanted) {
          cards.push(card);
          indices.push(batch[k] as number);
        }
      });
    }
    if (cards.length === 0) throw new Error('no customer of the block has an active card');
    this.cards = cards;
    // subscription i belongs to card owner subscriptionPlan[i] (an index into `cards`)
    const plan = subscriptionPlan(
      cards.map((_, c) => c),
      settings.subscriptions,
      settings.perCustomer,
    );
    const opened = await mapLimit(plan, 20, (c) => this.subscribe(tokens[indices[c] as number] as string));
    opened.forEach((stream, i) => {
      if (!stream) return;
      this.streams.push(stream.stream);
      this.subscriptionCustomers.push(plan[i] as number);
      stream.attach(this.streams.length - 1);
    });
    this.feeds = await Promise.all(Array.from({ length: settings.feedConnections }, () => SwitchClient.connect('127.0.0.1', this.opts.cardFeedPort)));
    // a gateway may answer the client before its own stream to the subgraph is open (Corebridge
    // does not; others may): what is published meanwhile would be lost through no fault of delivery
    await sleep(SETTLE_MS);
  }

  /** Opens one stream; resolves once the gateway answered (null when it refused). */
  private subscribe(token: string): Promise<{ stream: Stream; attach: (index: number) => void } | null> {
    const body = JSON.stringify({ query: LIVE_QUERY });
    return new Promise((resolve) => {
      const req = request(this.opts.url, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
          'content-length': Buffer.byteLength(body),
        },
      });
      const timer = setTimeout(() => req.destroy(new Error('no answer within 30 s')), 30_000);
      let answered = false;
      req.on('error', (err) => {
        clearTimeout(timer);
        if (!answered) this.refusalSample ??= err.message;
        resolve(null);
      });
      req.on('response', (res) => {
        answered = true;
        clearTimeout(timer);
        res.setEncoding('utf8');
        if (res.statusCode !== 200 || !String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          let text = '';
          res.on('data', (c: string) => {
            if (text.length < 2000) text += c;
          });
          res.on('end', () => {
            this.refusalSample ??= `HTTP ${res.statusCode}: ${text.slice(0, 300)}`;
            resolve(null);
          });
          res.on('error', () => resolve(null));
          return;
        }
        const stream: Stream = { req, open: true };
        const parser = new SseParser();
        let index = -1;
        const pending: string[] = [];
        const onChunk = (chunk: string) => {
          const at = performance.now();
          for (const m of parser.push(chunk)) {
            if (m.event === 'complete') stream.open = false;
            if (m.event !== 'next') continue;
            this.onEvent(index, m.data, at);
          }
        };
        res.on('data', (chunk: string) => (index < 0 ? pending.push(chunk) : onChunk(chunk)));
        res.on('close', () => (stream.open = false));
        res.on('error', () => (stream.open = false));
        resolve({
          stream,
          attach: (i) => {
            index = i;
            for (const c of pending.splice(0)) onChunk(c);
          },
        });
      });
      req.end(body);
    });
  }

  private onEvent(subscription: number, data: string, at: number): void {
    const current = this.ledger;
    if (!current || subscription < 0) return;
    let parsed: { data?: { notificationAdded?: { kind?: string; body?: string; deliveredAt?: string } }; errors?: Array<{ message?: string }> };
    try {
      parsed = JSON.parse(data) as typeof parsed;
    } catch {
      return;
    }
    if (parsed.errors?.length) {
      this.streamErrors++;
      this.streamErrorSample ??= JSON.stringify(parsed.errors[0]).slice(0, 300);
    }
    const n = parsed.data?.notificationAdded;
    if (n?.kind !== 'CASHBACK_EARNED' || typeof n.body !== 'string') return;
    const tag = adviceTagOf(n.body);
    const stored = typeof n.deliveredAt === 'string' ? Date.parse(n.deliveredAt) : NaN;
    if (tag?.phase === current.phase) current.ledger.delivered(subscription, tag.seq, at, performance.timeOrigin + at - stored);
  }

  /**
   * Sends `ratePerSecond` advices for `seconds`, customers in turn, then waits for the last
   * acknowledgements and for every owed notification (or the grace period).
   */
  async phase(tag: string, seconds: number, graceSeconds = this.opts.settings.graceSeconds): Promise<LivePhaseResult> {
    const { settings } = this.opts;
    const phase = `${this.opts.runTag}${tag}`;
    if (phase.length > 6) throw new Error(`phase tag ${phase} is longer than 6 characters (it goes in the 12-character RRN)`);
    const ledger = new DeliveryLedger(this.subscriptionCustomers);
    this.ledger = { phase, ledger };
    // seconds = 0: a single advice (the probe)
    const total = Math.max(1, Math.round(seconds * settings.ratePerSecond));
    const ackTimes: number[] = [];
    let errorSample: string | undefined;
    // only customers with at least one open stream are owed anything: send to those
    const owners = [...new Set(this.subscriptionCustomers)];
    if (owners.length === 0) throw new Error('no subscription is open');
    const next = (seq: number): PacedAdvice => {
      const owner = owners[seq % owners.length] as number;
      const card = this.cards[owner] as SwitchCard;
      this.stan = (this.stan % 999_999) + 1;
      // the advice key (acquirer|STAN|RRN|time) is the feed's idempotency key: the phase keeps it unique
      const rrn = `${phase}${String(seq).padStart(12 - phase.length, '0')}`;
      ledger.sent(seq, owner);
      return {
        feed: this.feeds[seq % this.feeds.length] as SwitchClient,
        msg: advice(card, this.stan, rrn, adviceAmountMinor(seq, this.rateBp), merchantNameFor(phase, seq)),
      };
    };
    const started = await sendPaced(total, settings.ratePerSecond, 10_000, next, (s) => {
      if ('error' in s) {
        ledger.refused(s.seq, s.error.message);
        errorSample ??= s.error.message;
        return;
      }
      const code = s.answer.fields.get(39) ?? '??';
      ackTimes.push(s.ms);
      if (code === '00') ledger.acknowledged(s.seq, s.at);
      else {
        ledger.refused(s.seq, `code ${code}`);
        errorSample ??= `advice answered ${code}`;
      }
    });
    const sendSeconds = (performance.now() - started) / 1000;
    const ackDeadline = performance.now() + 10_000;
    while (ledger.pendingAcks() > 0 && performance.now() < ackDeadline) await sleep(20);
    const graceEnd = performance.now() + graceSeconds * 1000;
    while (!ledger.complete() && performance.now() < graceEnd) await sleep(20);
    const durationSeconds = (performance.now() - started) / 1000;
    this.ledger = undefined;
    const { at } = spreadOf(ackTimes);
    return {
      ...ledger.figures(),
      durationSeconds: Math.round(durationSeconds * 10) / 10,
      advicesPerSecond: Math.round((total / Math.max(sendSeconds, 1e-9)) * 10) / 10,
      ackMs: { p50: at(50), p99: at(99) },
      ...(errorSample ? { adviceErrorSample: errorSample } : {}),
    };
  }

  customers(): number {
    return new Set(this.subscriptionCustomers).size;
  }

  close(): void {
    for (const s of this.streams) s.req.destroy();
    for (const f of this.feeds) f.destroy();
    this.agent.destroy();
  }
}
