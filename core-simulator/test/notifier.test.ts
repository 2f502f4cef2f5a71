// The core's notification interface: every booking (transfers, the generated traffic) leaves as a
// signed camt.054, retried with backoff until the receiver takes it, in booking order per account,
// from a bounded queue, never holding up the booking itself.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readCamt, verifyNotification, NOTIFICATION_SIGNATURE_HEADER, type CamtEntry } from '../../legacy-adapters/iso20022/src';
import { createLogger } from '../../lib/logger';
import { buildDataset, type Dataset } from '../src/data/dataset';
import { CoreBank } from '../src/data/ledger';
import type { Account } from '../src/data/types';
import { CoreNotifier, type NotifierOptions } from '../src/notify/notifier';
import { BookingTraffic } from '../src/notify/booking-traffic';
import { logSink } from '../../test/support/log-sink';
import { missing, nth } from '../../test/support/present';

const SECRET = 'test-secret-for-notifications';
let d: Dataset;
beforeAll(() => {
  d = buildDataset({ seed: 42, customers: 60, anchorDate: '2025-06-30' });
});

interface Received {
  body: string;
  signature: string | undefined;
}

/** A receiver answering each request with the next status of `script` (then 200); `hold` leaves requests unanswered. */
async function receiver(script: number[] = [], hold = false) {
  const received: Received[] = [];
  const held: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ body, signature: req.headers[NOTIFICATION_SIGNATURE_HEADER] as string | undefined });
      if (hold) return void held.push(res);
      res.writeHead(script.shift() ?? 200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/core/notifications`;
  return {
    url,
    received,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const sink = logSink();
function notifierFor(url: string, extra: Partial<NotifierOptions> = {}) {
  return new CoreNotifier({ url, secret: SECRET, log: createLogger('notifier-test', sink.stream), baseDelayMs: 5, maxDelayMs: 20, ...extra });
}

async function entryOf(body: string): Promise<{ iban: string | undefined; sequence: string | undefined; entry: CamtEntry }> {
  const doc = await readCamt([body]);
  expect(doc.message.type).toBe('camt.054');
  const r = nth(doc.records, 0);
  return { iban: r.account.iban, sequence: r.electronicSequenceNumber, entry: nth(r.entries, 0) };
}

const current = (customer: number): Account =>
  d.accounts.find((a) => a.customer === customer && a.type === 'CURRENT' && a.currency === 'EUR') ?? missing(`EUR current account of customer ${customer}`);

describe('core notifier', () => {
  it('retries a failing receiver with backoff until it takes the notification, signed over the exact body', async () => {
    const rx = await receiver([503, 500]);
    const bank = new CoreBank(d);
    const notifier = notifierFor(rx.url);
    bank.onBooking((b) => notifier.enqueue(b));
    const [from, to] = [current(0), current(1)];
    const out = bank.transfer({ fromAccountId: from.accountId, toAccountId: to.accountId, amount: '12.34', currency: 'EUR', callerReference: 'REF-1' });
    await notifier.idle();
    await rx.close();

    expect(notifier.counts).toMatchObject({ sent: 2, retried: 2, failed: 0, dropped: 0 });
    // two failures, then each leg taken once; the two accounts' legs go out side by side (order is
    // kept per account only), so which leg met the failures varies from run to run
    expect(rx.received).toHaveLength(4);
    for (const r of rx.received) expect(verifyNotification(r.body, r.signature, SECRET)).toBe(true);
    const entries = await Promise.all(rx.received.map((r) => entryOf(r.body)));
    const last = (side: string) => entries.filter((e) => e.entry.creditDebit === side).at(-1) ?? missing(`a ${side} notification`);
    const [debit, credit] = [last('DBIT'), last('CRDT')];
    expect(debit.iban).toBe(from.iban);
    expect(debit.entry).toMatchObject({ reference: notifier.entryReference({ entryReference: out.txnId }), creditDebit: 'DBIT', amount: { minor: 1234n } });
    expect(debit.entry.details).toEqual([
      expect.objectContaining({ accountServicerReference: out.txnId, endToEndId: 'REF-1', amount: { minor: 1234n, currency: 'EUR' } }),
    ]);
    expect(credit.iban).toBe(to.iban);
    expect(credit.entry).toMatchObject({ creditDebit: 'CRDT', details: [expect.objectContaining({ accountServicerReference: `${out.txnId}-C` })] });
  });

  it('keeps booking order per account even when a delivery has to be retried', async () => {
    const rx = await receiver([503]);
    const bank = new CoreBank(d);
    const notifier = notifierFor(rx.url, { maxInFlight: 3 });
    bank.onBooking((b) => notifier.enqueue(b));
    const accounts = [current(0), current(1), current(2)];
    const refs: string[][] = accounts.map(() => []);
    for (let i = 0; i < 4; i++) {
      for (const [k, a] of accounts.entries()) {
        const b = bank.bookEntry(a, [{ kind: 'TRANSFER', direction: 'CREDIT', amountMinor: BigInt(100 + i), description: `in ${i}` }]);
        nth(refs, k).push(notifier.entryReference(b));
      }
    }
    await notifier.idle();
    await rx.close();
    expect(notifier.counts).toMatchObject({ sent: 12, retried: 1 });
    const delivered = new Map<string, string[]>();
    // a retried body arrives twice: order is what was finally taken, so keep the last of each
    const taken = rx.received.filter((r, i) => i !== 0);
    for (const r of taken) {
      const { iban, entry } = await entryOf(r.body);
      delivered.set(iban!, [...(delivered.get(iban!) ?? []), entry.reference!]);
    }
    for (const [k, a] of accounts.entries()) expect(delivered.get(a.iban)).toEqual(refs[k]);
  });

  it('does not retry a notification the receiver refuses for good (4xx)', async () => {
    const rx = await receiver([401]);
    const notifier = notifierFor(rx.url);
    const bank = new CoreBank(d);
    bank.onBooking((b) => notifier.enqueue(b));
    bank.bookEntry(current(3), [{ kind: 'FEE', direction: 'DEBIT', amountMinor: 1n, description: 'fee' }]);
    await notifier.idle();
    await rx.close();
    expect(rx.received).toHaveLength(1);
    expect(notifier.counts).toMatchObject({ sent: 0, refused: 1, retried: 0 });
  });

  it('gives up after maxAttempts and goes on with the next notice', async () => {
    const rx = await receiver([503, 503, 503]);
    const notifier = notifierFor(rx.url, { maxAttempts: 3 });
    const bank = new CoreBank(d);
    bank.onBooking((b) => notifier.enqueue(b));
    const a = current(4);
    bank.bookEntry(a, [{ kind: 'TRANSFER', direction: 'CREDIT', amountMinor: 1n, description: 'lost' }]);
    const second = bank.bookEntry(a, [{ kind: 'TRANSFER', direction: 'CREDIT', amountMinor: 2n, description: 'kept' }]);
    await notifier.idle();
    await rx.close();
    expect(notifier.counts).toMatchObject({ failed: 1, sent: 1, retried: 2 });
    expect((await entryOf(nth(rx.received, 3).body)).entry.reference).toBe(notifier.entryReference(second));
  });

  it('never holds up a booking: the queue is bounded and what does not fit is dropped and counted', async () => {
    const rx = await receiver([], true);
    const notifier = notifierFor(rx.url, { maxQueued: 2, maxInFlight: 1 });
    const bank = new CoreBank(d);
    bank.onBooking((b) => notifier.enqueue(b));
    const a = current(5);
    const before = bank.balance(a).availableMinor;
    for (let i = 0; i < 5; i++) bank.bookEntry(a, [{ kind: 'TRANSFER', direction: 'CREDIT', amountMinor: 10n, description: `in ${i}` }]);
    // every booking is in the bank although the receiver has not answered a single one
    expect(bank.balance(a).availableMinor).toBe(before + 50n);
    expect(notifier.pending).toBe(2);
    expect(notifier.counts.dropped).toBe(3);
    notifier.close();
    await notifier.idle();
    await rx.close();
    expect(notifier.counts.dropped).toBe(5);
  });
});

describe('booking traffic', () => {
  it('a generated salary run changes the balance and history and is notified as one entry with a detail per payment', async () => {
    const rx = await receiver();
    const bank = new CoreBank(d);
    const notifier = notifierFor(rx.url);
    bank.onBooking((b) => notifier.enqueue(b));
    const traffic = new BookingTraffic(bank, 42);
    const booking = traffic.next('salary') ?? missing('a salary booking');
    const a = booking.account;
    expect(booking.txns.length).toBeGreaterThanOrEqual(2);
    const total = booking.txns.reduce((s, t) => s + t.amountMinor, 0n);
    const history = bank.page(a, { pageSize: booking.txns.length }).items;
    expect(history.map((t) => t.txnId).sort()).toEqual(booking.txns.map((t) => t.txnId).sort());
    expect(history.every((t) => t.kind === 'SALARY' && t.direction === 'CREDIT' && t.status === 'BOOKED')).toBe(true);
    const fresh = new CoreBank(d);
    expect(bank.balance(a).availableMinor - fresh.balance(a).availableMinor).toBe(total);

    await notifier.idle();
    await rx.close();
    const { iban, entry } = await entryOf(nth(rx.received, 0).body);
    expect(iban).toBe(a.iban);
    expect(entry).toMatchObject({ creditDebit: 'CRDT', amount: { minor: total }, bankTransactionCode: { domain: 'PMNT', family: 'RCDT', subFamily: 'SALA' } });
    expect(entry.details.map((x) => [x.accountServicerReference, x.amount.minor])).toEqual(booking.txns.map((t) => [t.txnId, t.amountMinor]));
  });

  it('is seeded: the same seed books the same traffic, salaries and card settlements among it', () => {
    const run = () => {
      const bank = new CoreBank(d);
      const traffic = new BookingTraffic(bank, 7);
      return Array.from({ length: 20 }, () => traffic.next()).map((b) => b && [b.account.accountId, b.txns.map((t) => [t.kind, t.direction, t.amountMinor])]);
    };
    const first = run();
    expect(run()).toEqual(first);
    const kinds = new Set(first.flatMap((b) => (b ? (b[1] as [string][]).map(([k]) => k) : [])));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['CARD', 'SALARY']));
  });
});
