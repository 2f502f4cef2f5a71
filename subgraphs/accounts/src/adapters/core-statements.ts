// Fetches the core's end-of-day camt.053 files (GET <base>/<accountId>[/<yyyy-mm-dd>]), streams
// each through the parser into the bounded StatementStore, and answers from the store after that:
// a published statement never changes, so a cached one is never stale.
import { appError } from '../../../../lib/errors';
import type { Logger } from '../../../../lib/logger';
import { CamtError } from '../../../../legacy-adapters/iso20022/src';
import { StatementStore } from '../db/statement-store';
import { daysIn, StatementError, statementId, statementWindow, type StatementsArgs, type StoredStatement } from '../domain/statements';

export interface StatementServiceOptions {
  /** e.g. http://127.0.0.1:8081/statements */
  baseUrl: string;
  store?: StatementStore;
  timeoutMs?: number;
  /** how long the list of an account's statement days is reused (default 60 s) */
  daysTtlMs?: number;
  log?: Logger;
  fetch?: typeof fetch;
}

const MAX_DAY_LISTS = 10_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Where the core publishes statement files unless told otherwise: `statements` beside its SOAP path (http://h:8081/core?wsdl -> http://h:8081/statements). */
export function statementsBeside(coreWsdlUrl: string): string {
  return new URL('statements', coreWsdlUrl).toString();
}

export class StatementService {
  readonly store: StatementStore;
  private readonly days = new Map<string, { at: number; days: string[] }>();
  private readonly inFlight = new Map<string, Promise<StoredStatement | null>>();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: StatementServiceOptions) {
    this.store = opts.store ?? new StatementStore();
    this.fetchImpl = opts.fetch ?? fetch;
  }

  private async get(path: string): Promise<Response> {
    try {
      return await this.fetchImpl(`${this.opts.baseUrl}${path}`, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000) });
    } catch (err) {
      this.opts.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'statement fetch failed');
      throw appError('CORE_UNAVAILABLE', 'Statements are not available right now.');
    }
  }

  /** Days with a statement, newest first ([] for an account the core does not know). */
  async statementDays(accountId: string): Promise<string[]> {
    const cached = this.days.get(accountId);
    if (cached && Date.now() - cached.at < (this.opts.daysTtlMs ?? 60_000)) return cached.days;
    const res = await this.get(`/${encodeURIComponent(accountId)}`);
    if (res.status === 404) {
      await res.body?.cancel();
      return [];
    }
    if (!res.ok) throw appError('CORE_UNAVAILABLE', 'Statements are not available right now.');
    const body = (await res.json()) as { days?: unknown };
    const days = Array.isArray(body.days) ? body.days.filter((d): d is string => typeof d === 'string' && DAY.test(d)) : [];
    this.days.delete(accountId);
    this.days.set(accountId, { at: Date.now(), days });
    // bounded like the store: the oldest list goes first
    if (this.days.size > MAX_DAY_LISTS) this.days.delete(this.days.keys().next().value!);
    return days;
  }

  /** One day's statement, from the store or fetched and ingested; null when the core has none. */
  statement(accountId: string, date: string): Promise<StoredStatement | null> {
    const id = statementId(accountId, date);
    const hit = this.store.get(id);
    if (hit) return Promise.resolve(hit);
    // concurrent requests for the same file share one download
    let p = this.inFlight.get(id);
    if (!p) {
      p = this.fetchStatement(accountId, date).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, p);
    }
    return p;
  }

  private async fetchStatement(accountId: string, date: string): Promise<StoredStatement | null> {
    const res = await this.get(`/${encodeURIComponent(accountId)}/${date}`);
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok || !res.body) throw appError('CORE_UNAVAILABLE', 'Statements are not available right now.');
    try {
      const stored = await this.store.ingest(res.body as unknown as AsyncIterable<Uint8Array>, { accountId });
      return stored.find((s) => s.date === date) ?? null;
    } catch (err) {
      if (err instanceof CamtError || err instanceof StatementError) {
        this.opts.log?.error({ code: err.code, accountId, date, reason: err.message }, 'core statement refused');
        throw appError('STATEMENT_UNREADABLE', 'The statement file from the core could not be read.', { reason: err.code });
      }
      throw appError('CORE_UNAVAILABLE', 'Statements are not available right now.');
    }
  }

  /** Statements of an account in [from, to], newest first, at most `first` (1..31). */
  async statements(accountId: string, args: StatementsArgs): Promise<StoredStatement[]> {
    const window = statementWindow(args);
    const wanted = daysIn(await this.statementDays(accountId), window);
    const out: StoredStatement[] = [];
    // a few at a time: the core's file drop is not meant for bursts
    for (let i = 0; i < wanted.length; i += 4) {
      const batch = await Promise.all(wanted.slice(i, i + 4).map((d) => this.statement(accountId, d)));
      for (const s of batch) if (s) out.push(s);
    }
    return out;
  }
}
