// Test controls of the simulator (never part of a real core): call statistics, fault knobs,
// dataset facts, the test cards' full PANs, one booking of the generated traffic on demand. JSON
// over plain HTTP under /admin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatMinor } from '../../lib/money';
import { maskPan } from '../../lib/pan-masking';
import type { CoreBank } from './data/ledger';
import { nth } from './data/nth';
import type { FaultController } from './faults';
import { BOOKING_KINDS, type BookingKind, type BookingTraffic } from './notify/booking-traffic';
import type { CallStats } from './stats';

interface AdminDeps {
  bank: CoreBank;
  faults: FaultController;
  stats: CallStats;
  startedAt: string;
  startupMs: () => number;
  traffic: BookingTraffic;
  /** the entry reference a booking is notified under (absent: notifications are off) */
  notifiedAs?: (entryReference: string) => string;
}

const MAX_BODY = 64 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function jsonBody(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const text = await readBody(req, MAX_BODY);
  if (text === undefined) return { ok: false, message: `body larger than ${MAX_BODY} bytes` };
  if (text.trim() === '') return { ok: false, message: 'body must be a JSON object' };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'body must be a JSON object' };
    return { ok: true, value };
  } catch (err) {
    return { ok: false, message: `body is not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Dataset facts: totals, with transactions counted from the per-account deterministic counts. */
function info(deps: AdminDeps) {
  const { bank } = deps;
  const ds = bank.dataset;
  return {
    seed: ds.seed,
    anchorDate: ds.anchorDate,
    startedAt: deps.startedAt,
    startupMs: deps.startupMs(),
    totals: {
      customers: ds.customers.length,
      accounts: ds.accounts.length,
      cards: ds.cards.length,
      merchants: ds.merchants.all.length,
      transactions: bank.totalTransactions,
      seededTransactions: ds.generatedTransactions,
      createdTransactions: bank.createdTransactions,
    },
    historyCache: bank.cacheStats,
    memory: { rssBytes: process.memoryUsage().rss, heapUsedBytes: process.memoryUsage().heapUsed },
  };
}

/** Handles /admin/*; returns false when the path is not an admin route. */
// eslint-disable-next-line max-lines-per-function -- the admin routes side by side, one branch each, like a route table
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, deps: AdminDeps): Promise<boolean> {
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /admin/stats':
      sendJson(res, 200, deps.stats.snapshot(deps.faults.inFlight, deps.faults.maxInFlight));
      return true;
    case 'POST /admin/stats/reset':
      deps.stats.reset();
      deps.faults.resetPeak();
      sendJson(res, 200, deps.stats.snapshot(deps.faults.inFlight, deps.faults.maxInFlight));
      return true;
    case 'GET /admin/faults':
      sendJson(res, 200, deps.faults.settings);
      return true;
    case 'POST /admin/faults': {
      const body = await jsonBody(req);
      if (!body.ok) {
        sendJson(res, 400, { error: 'BAD_REQUEST', message: body.message });
        return true;
      }
      const result = deps.faults.update(body.value);
      if (!result.ok) sendJson(res, 400, { error: 'BAD_REQUEST', message: result.message });
      else sendJson(res, 200, result.settings);
      return true;
    }
    case 'POST /admin/faults/reset':
      sendJson(res, 200, deps.faults.reset());
      return true;
    case 'GET /admin/info':
      sendJson(res, 200, info(deps));
      return true;
    case 'POST /admin/data/reset':
      deps.bank.resetState();
      sendJson(res, 200, info(deps));
      return true;
    case 'GET /admin/payments': {
      // outbound payments with the pain.001 the caller sent, so tests can schema-check it
      const key = url.searchParams.get('txnId') ?? url.searchParams.get('reference') ?? undefined;
      const payments = deps.bank.outboundPayments(key).map((p) => ({
        txnId: p.txnId,
        callerReference: p.callerReference,
        fromAccountId: p.fromAccountId,
        toIban: p.toIban,
        toName: p.toName ?? null,
        amount: formatMinor(p.amountMinor, p.currency),
        currency: p.currency,
        bookedAt: new Date(p.bookedAtMs).toISOString(),
        message: p.message ?? null,
      }));
      sendJson(res, 200, { payments });
      return true;
    }
    case 'POST /admin/bookings': {
      // one booking of the generated traffic now: {"kind": "salary" | "card-settlement" | "bill" | "incoming-transfer" | "fee"}
      const body = await jsonBody(req);
      const kind = body.ok ? (body.value as { kind?: unknown }).kind : undefined;
      if (!BOOKING_KINDS.includes(kind as BookingKind)) {
        sendJson(res, 400, { error: 'BAD_REQUEST', message: `kind must be one of ${BOOKING_KINDS.join(', ')}` });
        return true;
      }
      const booking = deps.traffic.next(kind as BookingKind);
      if (!booking) {
        sendJson(res, 409, { error: 'NO_FUNDS', message: 'the chosen account cannot pay it: ask again' });
        return true;
      }
      sendJson(res, 200, {
        customerId: nth(deps.bank.dataset.customers, booking.account.customer, 'customer').customerId,
        accountId: booking.account.accountId,
        iban: booking.account.iban,
        entryReference: deps.notifiedAs?.(booking.entryReference) ?? null,
        txns: booking.txns.map((t) => ({
          txnId: t.txnId,
          kind: t.kind,
          direction: t.direction,
          amount: formatMinor(t.amountMinor, t.currency),
          currency: t.currency,
        })),
      });
      return true;
    }
    case 'GET /admin/cards': {
      const customerId = url.searchParams.get('customerId');
      if (!customerId) {
        sendJson(res, 400, { error: 'BAD_REQUEST', message: 'customerId query parameter is required' });
        return true;
      }
      const ds = deps.bank.dataset;
      const customer = ds.customerById.get(customerId);
      if (!customer) {
        sendJson(res, 404, { error: 'NOT_FOUND', message: `no customer ${customerId}` });
        return true;
      }
      sendJson(res, 200, {
        customerId,
        note: 'simulator test data: full PANs are only ever shown here',
        cards: customer.cards.map((i) => {
          const c = nth(ds.cards, i, 'card');
          return {
            cardId: c.cardId,
            accountId: nth(ds.accounts, c.account, 'account').accountId,
            pan: c.pan,
            maskedPan: maskPan(c.pan),
            brand: c.brand,
            kind: c.kind,
            status: deps.bank.cardStatus(c),
            expiryMonth: c.expiryMonth,
            expiryYear: c.expiryYear,
          };
        }),
      });
      return true;
    }
    default:
      if (url.pathname.startsWith('/admin')) {
        sendJson(res, 404, { error: 'NOT_FOUND', message: `no admin route ${route}` });
        return true;
      }
      return false;
  }
}
