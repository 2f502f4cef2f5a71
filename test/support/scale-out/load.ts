// The customers' side of the scale test: a steady dashboard load, and customers who each make a
// transfer and read their balance right after, again and again, through the gateways' balancer.
// Every request is recorded with its times and outcome, so failures can be set against the kills.
import { randomUUID } from 'node:crypto';
import { sleep } from '../../../lib/sleep';
import { HttpBalancer } from '../balancer';

export interface ClientRequest {
  what: 'dashboard' | 'balances' | 'transfer';
  startedAt: number;
  endedAt: number;
  ok: boolean;
  /** the gateway that answered (the balancer's header), when one did */
  gateway?: string;
  /** HTTP status, or the first GraphQL error's code, or the transport error */
  failure?: string;
}

interface Answer {
  ok: boolean;
  data?: any;
  gateway?: string;
}

export class ClientLog {
  readonly requests: ClientRequest[] = [];

  async call(url: string, what: ClientRequest['what'], query: string, token: string, variables?: Record<string, unknown>): Promise<Answer> {
    const startedAt = Date.now();
    const record = (ok: boolean, gateway?: string, failure?: string): void => {
      this.requests.push({ what, startedAt, endedAt: Date.now(), ok, gateway, failure });
    };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
      const gateway = res.headers.get(HttpBalancer.BACKEND_HEADER) ?? undefined;
      const text = await res.text();
      const body = res.headers.get('content-type')?.includes('json')
        ? (JSON.parse(text) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> })
        : {};
      const failure = res.status !== 200 ? `HTTP ${res.status}` : body.errors ? (body.errors[0]?.extensions?.code ?? 'ERROR') : undefined;
      record(!failure, gateway, failure);
      return { ok: !failure, data: body.data, gateway };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      record(false, undefined, e.cause?.code ?? e.name);
      return { ok: false };
    }
  }

  /** dashboards answered per second and their latency, over the requests of `what` */
  latencies(what: ClientRequest['what']): number[] {
    return this.requests
      .filter((r) => r.what === what && r.ok)
      .map((r) => r.endedAt - r.startedAt)
      .sort((a, b) => a - b);
  }
}

export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

interface Running<T> {
  stop(): Promise<T>;
}

/** `workers` loops, each asking the dashboard for the next customer in turn, `pauseMs` apart. */
export function dashboardLoad(url: string, query: string, tokens: readonly string[], workers: number, pauseMs: number, log: ClientLog): Running<void> {
  let stopped = false;
  let next = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (!stopped) {
      await log.call(url, 'dashboard', query, tokens[next++ % tokens.length] as string);
      await sleep(pauseMs);
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

const BALANCES = `query Balances { me { accounts { id type currency balance { available { amount } } } } }`;
const TRANSFER = `mutation Transfer($input: TransferInput!) { transfer(input: $input) { transactionId status } }`;

/** available balance in minor units (the simulator's currencies have two decimals) */
const minorOf = (amount: string): bigint => BigInt(amount.replace('.', ''));

export interface TransferReport {
  customers: number;
  /** transfers the customers made (each once, whatever was retried) */
  made: number;
  /** transfer requests sent again with the same idempotency key after a failure */
  retried: number;
  /** reads right after a transfer that another gateway than the transfer's answered */
  readByOtherGateway: number;
  /** reads right after a transfer that did not show it (or showed it twice) */
  stale: Array<{ customerId: string; expected: string; seen: string; wroteVia?: string; readVia?: string }>;
  /** per customer: the balance before the first transfer and at the end (minor units), and the transfers made */
  ledger: Array<{ customerId: string; before: bigint; after: bigint; made: number }>;
}

/** Retries `attempt` until it answers ok (at most 20 times, 250 ms apart): a request lost with a killed replica is asked again. */
async function untilOk(attempt: () => Promise<Answer>, onRetry: () => void = () => undefined): Promise<Answer> {
  for (let i = 0; ; i++) {
    const a = await attempt();
    if (a.ok || i >= 20) return a;
    onRetry();
    await sleep(250);
  }
}

/**
 * Each customer in a loop: transfer 1.00 from their current account (one idempotency key per
 * transfer, sent again after a failure), then read the balance; the first complete read must show
 * exactly the transfers made so far, whichever gateway answers.
 */
export function transferLoad(
  url: string,
  customers: ReadonlyArray<{ customerId: string; token: string }>,
  pauseMs: number,
  log: ClientLog,
): Running<TransferReport> {
  let stopped = false;
  const report: TransferReport = { customers: customers.length, made: 0, retried: 0, readByOtherGateway: 0, stale: [], ledger: [] };
  const balanceOf = async (token: string, accountId?: string) => {
    const a = await untilOk(() => log.call(url, 'balances', BALANCES, token));
    if (!a.ok) throw new Error(`no complete balance read after 20 tries`);
    const accounts = a.data.me.accounts as Array<{ id: string; type: string; currency: string; balance: { available: { amount: string } } }>;
    const acc = accounts.find((x) => (accountId ? x.id === accountId : x.type === 'CURRENT')) ?? accounts[0];
    if (!acc) throw new Error('the customer has no account');
    return { acc, minor: minorOf(acc.balance.available.amount), gateway: a.gateway };
  };
  const loops = customers.map(async ({ customerId, token }) => {
    const first = await balanceOf(token);
    const from = first.acc;
    let made = 0;
    while (!stopped) {
      const input = {
        fromAccountId: from.id,
        to: { iban: 'GB82WEST12345698765432', name: 'Scale Test' },
        amount: { amount: '1.00', currency: from.currency },
        idempotencyKey: `scale-${randomUUID()}`,
      };
      const wrote = await untilOk(
        () => log.call(url, 'transfer', TRANSFER, token, { input }),
        () => report.retried++,
      );
      if (!wrote.ok) throw new Error(`${customerId}: the transfer failed 20 times`);
      made++;
      report.made++;
      const read = await balanceOf(token, from.id);
      const expected = first.minor - 100n * BigInt(made);
      if (read.gateway !== wrote.gateway) report.readByOtherGateway++;
      if (read.minor !== expected)
        report.stale.push({ customerId, expected: String(expected), seen: String(read.minor), wroteVia: wrote.gateway, readVia: read.gateway });
      await sleep(pauseMs);
    }
    report.ledger.push({ customerId, before: first.minor, after: (await balanceOf(token, from.id)).minor, made });
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      return report;
    },
  };
}
