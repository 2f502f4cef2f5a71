// The core's notification interface: every booking leaves as a camt.054 debit/credit notification
// POSTed to CORE_NOTIFY_URL, signed (HMAC-SHA256, legacy-adapters/iso20022 notification-signature).
// Enqueueing is synchronous and cheap, so a SOAP answer never waits for it; delivery runs behind,
// in booking order per account, a few accounts at a time, retrying with backoff until the receiver
// answers 2xx (or refuses for good with a 4xx), within a bounded queue.
import { setTimeout as wait } from 'node:timers/promises';
import { Counter, type Registry } from 'prom-client';
import { NOTIFICATION_SIGNATURE_HEADER, signNotification, writeCamt054, type CamtEntryInput } from '../../../legacy-adapters/iso20022/src';
import type { Logger } from '../../../lib/logger';
import type { Account, Booking, Txn } from '../data/types';
import { bankTransactionCode, isoSeconds } from '../statements/eod-statements';

export interface NotifierOptions {
  url: string;
  /** the HMAC key both sides hold */
  secret: string;
  log: Logger;
  /** where the notification counters go (the simulator's registry) */
  registry?: Registry;
  /** notices waiting over all accounts; a booking beyond is not notified (counted `dropped`); default 10000 */
  maxQueued?: number;
  /** accounts delivered to at once; default 4 */
  maxInFlight?: number;
  /** attempts per notice before giving up on it (counted `failed`); default 10 */
  maxAttempts?: number;
  /** backoff: base * 2^(attempt - 1), at most maxDelayMs, with jitter; defaults 250 and 30000 */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** per attempt; default 5000 */
  timeoutMs?: number;
  now?: () => number;
  /** the customer id of an account's owner, written as Acct/Ownr (the receiver learns whose booking it is) */
  ownerOf?: (account: Account) => string | undefined;
}

type Outcome = 'sent' | 'retried' | 'refused' | 'failed' | 'dropped';

interface Notice {
  body: string;
  entryReference: string;
}

/** The receiver answers 4xx only for a notice it will never take (bad signature, unreadable): no retry. */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

export class CoreNotifier {
  /** per account (its index), oldest first: the head is the one being delivered */
  private readonly queues = new Map<number, Notice[]>();
  /** accounts with notices waiting for a delivery slot, in the order they became ready */
  private readonly ready: number[] = [];
  private readonly delivering = new Set<number>();
  private readonly sequence = new Map<number, number>();
  private readonly stop = new AbortController();
  private readonly counter?: Counter<'outcome'>;
  private readonly idleWaiters: (() => void)[] = [];
  /** the simulator's ids restart with each run (X-0000001): the run's start keeps references unique across runs */
  private readonly run: string;
  private queued = 0;
  private messages = 0;
  readonly counts: Record<Outcome, number> = { sent: 0, retried: 0, refused: 0, failed: 0, dropped: 0 };

  constructor(private readonly opts: NotifierOptions) {
    this.run = (opts.now ?? Date.now)().toString(36).toUpperCase();
    if (opts.registry) {
      this.counter = new Counter({
        name: 'core_simulator_notifications_total',
        help: 'camt.054 notifications of bookings, by outcome (sent, retried, refused, failed, dropped)',
        labelNames: ['outcome'],
        registers: [opts.registry],
      });
    }
  }

  /** The entry reference (NtryRef) a booking is notified under. */
  entryReference(b: Pick<Booking, 'entryReference'>): string {
    return `${this.run}-${b.entryReference}`;
  }

  /** Queues the booking's notification; never waits, never throws. */
  enqueue(b: Booking): void {
    if (this.stop.signal.aborted) return;
    if (this.queued >= (this.opts.maxQueued ?? 10_000)) {
      this.count('dropped');
      this.opts.log.warn({ entryReference: this.entryReference(b) }, 'notification queue full: booking not notified');
      return;
    }
    const notice = { body: this.message(b), entryReference: this.entryReference(b) };
    const account = b.account.index;
    const queue = this.queues.get(account);
    if (queue) queue.push(notice);
    else this.queues.set(account, [notice]);
    this.queued++;
    if (!this.delivering.has(account) && !queue) this.ready.push(account);
    this.pump();
  }

  /** Resolves once every queued notice is delivered or given up on (tests). */
  idle(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get pending(): number {
    return this.queued;
  }

  /** Stops delivering: what is still queued is dropped (the receiver reconciles from statements). */
  close(): void {
    if (this.stop.signal.aborted) return;
    this.stop.abort();
    for (let i = 0; i < this.queued; i++) this.count('dropped');
    this.queues.clear();
    this.ready.length = 0;
    this.queued = 0;
    this.settle();
  }

  private count(outcome: Outcome): void {
    this.counts[outcome]++;
    this.counter?.inc({ outcome });
  }

  private pump(): void {
    while (this.delivering.size < (this.opts.maxInFlight ?? 4) && this.ready.length > 0) {
      const account = this.ready.shift()!;
      this.delivering.add(account);
      void this.deliverHead(account);
    }
  }

  /** One notice of the account per turn, so a busy or failing account does not hold the others back for long. */
  private async deliverHead(account: number): Promise<void> {
    const queue = this.queues.get(account);
    const head = queue?.[0];
    if (head) await this.deliver(head);
    this.delivering.delete(account);
    if (this.stop.signal.aborted || !queue) return this.settle();
    queue.shift();
    this.queued--;
    if (queue.length > 0) this.ready.push(account);
    else this.queues.delete(account);
    this.pump();
    this.settle();
  }

  private settle(): void {
    if (this.queued === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async deliver(notice: Notice): Promise<void> {
    const maxAttempts = this.opts.maxAttempts ?? 10;
    for (let attempt = 1; ; attempt++) {
      const status = await this.post(notice.body);
      if (this.stop.signal.aborted) return;
      if (status !== undefined && status >= 200 && status < 300) return this.count('sent');
      if (status !== undefined && !retryable(status)) {
        this.opts.log.warn({ entryReference: notice.entryReference, status }, 'notification refused by the receiver');
        return this.count('refused');
      }
      if (attempt >= maxAttempts) {
        this.opts.log.warn({ entryReference: notice.entryReference, status: status ?? 'no answer', attempts: attempt }, 'notification given up');
        return this.count('failed');
      }
      this.count('retried');
      const backoff = Math.min(this.opts.maxDelayMs ?? 30_000, (this.opts.baseDelayMs ?? 250) * 2 ** (attempt - 1));
      // jitter spreads the retries of many accounts after the receiver comes back
      await wait(backoff / 2 + Math.random() * (backoff / 2), undefined, { signal: this.stop.signal }).catch(() => undefined);
      if (this.stop.signal.aborted) return;
    }
  }

  /** The HTTP status, or undefined when there was no answer (refused connection, timeout). */
  private async post(body: string): Promise<number | undefined> {
    try {
      const res = await fetch(this.opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=utf-8', [NOTIFICATION_SIGNATURE_HEADER]: signNotification(body, this.opts.secret) },
        body,
        signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.opts.timeoutMs ?? 5000)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    } catch {
      return undefined;
    }
  }

  /** One camt.054.001.08: one notification for the account, one entry, one TxDtls per movement. */
  private message(b: Booking): string {
    const account = b.account;
    const n = (this.sequence.get(account.index) ?? 0) + 1;
    this.sequence.set(account.index, n);
    const first = b.txns[0];
    if (!first) throw new Error(`booking ${b.entryReference} has no movement`);
    const net = b.txns.reduce((sum, t) => sum + (t.direction === 'CREDIT' ? t.amountMinor : -t.amountMinor), 0n);
    const batched = b.txns.length > 1;
    const entry: CamtEntryInput = {
      reference: this.entryReference(b),
      amountMinor: net < 0n ? -net : net,
      creditDebit: net < 0n ? 'DBIT' : 'CRDT',
      status: 'BOOK',
      bookingDateTime: isoSeconds(first.bookedAtMs),
      valueDate: first.valueDate,
      description: batched ? batchText(first, b.txns.length) : first.description,
      bankTransactionCode: bankTransactionCode(first.kind, first.direction === 'CREDIT'),
      details: b.txns.map(detailOf),
    };
    const createdAt = isoSeconds((this.opts.now ?? Date.now)());
    return writeCamt054(
      {
        version: 8,
        messageId: `NTF-${this.run}-${++this.messages}`.slice(0, 35),
        createdAt,
        notificationId: `${account.accountId}-${n}`.slice(0, 35),
        electronicSequenceNumber: String(n),
        iban: account.iban,
        currency: account.currency,
        ownerId: this.opts.ownerOf?.(account),
      },
      [entry],
    );
  }
}

function detailOf(t: Txn) {
  return {
    amountMinor: t.amountMinor,
    creditDebit: t.direction === 'CREDIT' ? ('CRDT' as const) : ('DBIT' as const),
    accountServicerReference: t.txnId,
    ...(t.reference ? { endToEndId: t.reference.slice(0, 35) } : {}),
    ...(t.counterpartyName ? { counterpartyName: t.counterpartyName } : {}),
    ...(t.counterpartyIban ? { counterpartyIban: t.counterpartyIban } : {}),
    description: t.description,
  };
}

function batchText(first: Txn, count: number): string {
  switch (first.kind) {
    case 'SALARY':
      return `Salary run: ${count} payments`;
    case 'CARD':
      return `Card settlement: ${count} purchases`;
    default:
      return `Batch of ${count} transactions`;
  }
}
