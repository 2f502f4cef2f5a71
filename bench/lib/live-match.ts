// The pure side of the `live` workload: which notification answers which purchase advice, and what
// the run adds up to. Every advice names its merchant "Bench Grocer <phase>-<seq>" (ISO 8583 field
// 43); the cash-back template puts the merchant's name in the notification's body, so a delivery
// names its advice whatever order the streams deliver in. Times are the bench process's own clock
// (performance.now()), so the acknowledgement and the delivery are read on the same clock.
import { spreadOf } from './load';

export const MERCHANT_PREFIX = 'Bench Grocer';

/** The merchant name (field 43, at most 40 ASCII characters) that tags advice `seq` of `phase`. */
export function merchantNameFor(phase: string, seq: number): string {
  if (!/^[A-Za-z0-9]{1,12}$/.test(phase)) throw new Error(`phase tag must be 1..12 letters or digits: ${phase}`);
  return `${MERCHANT_PREFIX} ${phase}-${String(seq).padStart(6, '0')}`;
}

const TAG = new RegExp(`${MERCHANT_PREFIX} ([A-Za-z0-9]{1,12})-(\\d{6,})`);

/** The advice a notification's body is about, if it names one of ours (Unicode isolates around the name are fine). */
export function adviceTagOf(body: string): { phase: string; seq: number } | undefined {
  const m = TAG.exec(body);
  if (!m?.[1] || !m[2]) return undefined;
  return { phase: m[1], seq: Number(m[2]) };
}

interface Advice {
  customer: number;
  ackAt?: number;
  /** answered, but not with '00': no cash back was booked, so no notification is owed */
  refused?: string;
}

export interface LiveFigures {
  /** advices sent in the phase */
  sent: number;
  /** answered '00' */
  acknowledged: number;
  /** answered with another code, or not at all */
  notAcknowledged: number;
  /** acknowledged advices x the open subscriptions of their customer */
  expected: number;
  /** expected deliveries that arrived (each counted once) */
  delivered: number;
  /** expected deliveries that never arrived within the grace period */
  lost: number;
  /** the same advice on the same subscription more than once */
  duplicates: number;
  /** a notification about another customer's purchase (must be 0) */
  wrongCustomer: number;
  /** a delivery naming an advice of the phase that was not acknowledged (must be 0) */
  unexpected: number;
  /** acknowledgement -> delivery on the stream, ms; negative latencies (delivery read first) count as 0 */
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number };
  /**
   * the part after engagement stored the notification: its deliveredAt (engagement's clock) to the
   * arrival on the stream (the bench's clock; one host, so one clock): publish, the subgraph's
   * stream, the gateway, the client's stream. The rest is the card feed, loyalty's event log and
   * engagement's consumer.
   */
  streamHopMs: { p50: number; p99: number };
}

/**
 * Acknowledgements and deliveries of one phase. Subscription i belongs to customer
 * `subscriptionCustomers[i]`; an acknowledged advice for customer c is owed to each subscription
 * of c that is open (a stream the server ended early still owes what was acknowledged before it
 * ended: that is a loss the run must show).
 */
export class DeliveryLedger {
  private readonly advices = new Map<number, Advice>();
  /** subscription -> seq -> delivery time */
  private readonly deliveries: Array<Map<number, number>>;
  /** subscription -> seq -> the inbox write (the notification's deliveredAt) to its arrival, ms */
  private readonly hops: Array<Map<number, number>>;
  private readonly subsOfCustomer = new Map<number, number[]>();
  private duplicates = 0;
  private wrongCustomer = 0;
  private unexpected = 0;

  constructor(private readonly subscriptionCustomers: readonly number[]) {
    this.deliveries = subscriptionCustomers.map(() => new Map());
    this.hops = subscriptionCustomers.map(() => new Map());
    subscriptionCustomers.forEach((c, i) => {
      const list = this.subsOfCustomer.get(c) ?? [];
      list.push(i);
      this.subsOfCustomer.set(c, list);
    });
  }

  sent(seq: number, customer: number): void {
    this.advices.set(seq, { customer });
  }

  acknowledged(seq: number, atMs: number): void {
    const a = this.advices.get(seq);
    if (a) a.ackAt = atMs;
  }

  refused(seq: number, reason: string): void {
    const a = this.advices.get(seq);
    if (a) a.refused = reason;
  }

  /** `hopMs`: from the notification's own deliveredAt (the inbox write) to its arrival, when known */
  delivered(subscription: number, seq: number, atMs: number, hopMs?: number): void {
    const a = this.advices.get(seq);
    const got = this.deliveries[subscription];
    if (!got) throw new Error(`no subscription ${subscription}`);
    if (!a) {
      this.unexpected++;
      return;
    }
    if (a.customer !== this.subscriptionCustomers[subscription]) {
      this.wrongCustomer++;
      return;
    }
    if (got.has(seq)) {
      this.duplicates++;
      return;
    }
    got.set(seq, atMs);
    if (hopMs !== undefined && Number.isFinite(hopMs)) this.hops[subscription]?.set(seq, hopMs);
  }

  /** every acknowledged advice has reached every subscription of its customer */
  complete(): boolean {
    for (const [seq, a] of this.advices) {
      if (a.ackAt === undefined) continue;
      for (const s of this.subsOfCustomer.get(a.customer) ?? []) if (!this.deliveries[s]?.has(seq)) return false;
    }
    return true;
  }

  /** advices neither acknowledged nor refused yet */
  pendingAcks(): number {
    let n = 0;
    for (const a of this.advices.values()) if (a.ackAt === undefined && a.refused === undefined) n++;
    return n;
  }

  figures(): LiveFigures {
    const latencies: number[] = [];
    const hopList: number[] = [];
    let expected = 0;
    let acknowledged = 0;
    let unexpected = this.unexpected;
    for (const [seq, a] of this.advices) {
      const subs = this.subsOfCustomer.get(a.customer) ?? [];
      if (a.ackAt === undefined) {
        for (const s of subs) if (this.deliveries[s]?.has(seq)) unexpected++;
        continue;
      }
      acknowledged++;
      expected += subs.length;
      for (const s of subs) {
        const at = this.deliveries[s]?.get(seq);
        if (at === undefined) continue;
        latencies.push(Math.max(0, at - a.ackAt));
        const hop = this.hops[s]?.get(seq);
        if (hop !== undefined) hopList.push(hop);
      }
    }
    const latency = spreadOf(latencies);
    const hops = spreadOf(hopList);
    const round = (v: number) => Math.round(v * 10) / 10;
    const sum = latencies.reduce((x, y) => x + y, 0);
    return {
      sent: this.advices.size,
      acknowledged,
      notAcknowledged: this.advices.size - acknowledged,
      expected,
      delivered: latencies.length,
      lost: expected - latencies.length,
      duplicates: this.duplicates,
      wrongCustomer: this.wrongCustomer,
      unexpected,
      latencyMs: {
        p50: latency.at(50),
        p95: latency.at(95),
        p99: latency.at(99),
        mean: round(latencies.length ? sum / latencies.length : 0),
        max: latency.max,
      },
      streamHopMs: { p50: hops.at(50), p99: hops.at(99) },
    };
  }
}

/** Which customers get subscriptions: `perCustomer` each for the first customers (in order) until `subscriptions` are placed. */
export function subscriptionPlan(customers: readonly number[], subscriptions: number, perCustomer: number): number[] {
  if (perCustomer < 1) throw new Error('perCustomer must be at least 1');
  const plan: number[] = [];
  for (const c of customers) {
    for (let k = 0; k < perCustomer && plan.length < subscriptions; k++) plan.push(c);
    if (plan.length >= subscriptions) break;
  }
  return plan;
}

/** Cash back is owed in whole minor units only (rounded down): an amount at the rate that earns at least one. */
export function adviceAmountMinor(seq: number, rateBp: number, minMinor = 1000, spreadMinor = 9000): bigint {
  const amount = BigInt(minMinor + ((seq * 37) % spreadMinor));
  if ((amount * BigInt(rateBp)) / 10000n < 1n) throw new Error(`amount ${amount} earns no cash back at ${rateBp} bp`);
  return amount;
}
