// The loyalty ledger: double-entry, append-only. `post` is the only way in; every other method
// reads. Amounts are bigint all the way (minor units for money, whole points for PTS).
import { type Database, type Queryable, sqlConstraint, sqlState, toBigInt } from '../../../../../lib/db/database';
import { BALANCE_CONSTRAINTS } from '../migrations';
import { type AccountCode, CHART, POINTS_UNIT, specOf } from '../../domain/ledger/chart';
import { fingerprintOf, type JournalConversion, type JournalInput, LedgerError, type PostingInput, validateJournal } from '../../domain/ledger/journal';
import { inSpan } from '../../../../../lib/tracing';
import { appendPointsChanged, pointsDeltas } from './points-events';
import { insertJournals, POSTED_AT_TEXT } from './insert-journals';
import { accountBalance, type AccountKey, keyString, lockAccount, openAccount, programmeAccount } from './accounts';

export interface PostedJournal {
  journalId: string;
  idempotencyKey: string;
  /** ISO 8601, UTC */
  postedAt: string;
  /** true when the key was already posted and this is the first result again */
  replayed: boolean;
}

export interface ActivityItem {
  journalId: string;
  kind: string;
  description: string;
  postedAt: string;
  businessDate: string;
  changes: Array<{ account: AccountCode; unit: string; net: bigint }>;
}

export interface UnitTotals {
  unit: string;
  debits: bigint;
  credits: bigint;
}

/** The figures a loyalty read shows, for one customer, read together (see `balancesSummary`). */
export interface BalancesSummary {
  /** = pointsBalance */
  points: bigint;
  /** = cashBackPendingOn(businessDate) */
  cashBackPendingOn: bigint;
  /** = cashBackLifetime */
  cashBackLifetime: bigint;
  /** = cashBackPaidBetween(paidFrom, paidTo) */
  cashBackPaid: bigint;
  /** = balanceOf('CUSTOMER_CASHBACK_ON_HOLD') */
  cashBackOnHold: bigint;
}

export interface BalancesQuery {
  customerId: string;
  currency: string;
  businessDate: string;
  paidFrom: Date;
  paidTo: Date;
}

/** Signed amount in the account's normal direction (credit-normal accounts count credits up). */
const SIGNED_CREDIT = `CASE WHEN p.side = 'C' THEN p.amount ELSE -p.amount END`;

export class Ledger {
  /**
   * Programme accounts' ids by key, read by `warm` outside any transaction (so only committed
   * rows): an account's id never changes, and a journal then finds its programme accounts without
   * a statement. One opened since (a new currency) is looked up in the journal's transaction.
   */
  private readonly programmeIds = new Map<string, string>();
  /** a journal read a programme account `warm` had not: warmIfStale reads them again */
  private stale = false;
  /**
   * Customer accounts a transaction has locked (or opened), by key: its later journals find them
   * without a statement. A lock lasts to the transaction's end and an account's id never changes.
   */
  private readonly lockedIn = new WeakMap<Queryable, Map<string, string>>();

  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
    /** told of each journal written (not of replays): ledger_journals_total */
    private readonly onPosted?: (kind: JournalInput['kind']) => void,
  ) {}

  /** Reads the programme accounts' ids (see programmeIds): at start, after migrations and seeding. */
  async warm(): Promise<void> {
    this.stale = false;
    const rows = await this.db.query<{ id: unknown; code: string; unit: string }>('SELECT id, code, unit FROM ledger_accounts WHERE customer_id IS NULL');
    for (const r of rows) this.programmeIds.set(keyString({ code: r.code as AccountCode, customerId: null, unit: r.unit }), toBigInt(r.id).toString());
  }

  /** `warm` again when a journal met a programme account it had not read (call outside any transaction). */
  async warmIfStale(): Promise<void> {
    if (this.stale) await this.warm();
  }

  /**
   * Posts a journal atomically. Refuses (LedgerError, nothing written) a malformed or unbalanced
   * journal, a key reused for other content, and anything that would take a customer account
   * below zero. Posting the same journal with the same key again returns the first result.
   */
  async post(input: JournalInput): Promise<PostedJournal> {
    validateJournal(input);
    try {
      const posted = await this.db.transaction((tx) => this.postWithin(tx, input));
      await this.warmIfStale();
      return posted;
    } catch (err) {
      // the deferred balance trigger is the store's own guard; validateJournal should catch it first
      if (sqlState(err) === '23514' && BALANCE_CONSTRAINTS.has(sqlConstraint(err) ?? '')) {
        throw new LedgerError('UNBALANCED', 'the store refused an unbalanced journal');
      }
      throw err;
    }
  }

  /**
   * Posts inside the caller's transaction, so a journal commits together with the caller's own
   * rows (a card advice, a settlement) or not at all. Same checks and replay rules as `post`.
   */
  async postWithin(tx: Queryable, input: JournalInput): Promise<PostedJournal> {
    const [posted] = await this.postManyWithin(tx, [input]);
    return posted as PostedJournal;
  }

  /**
   * Several journals inside the caller's transaction, in their order, as if each were posted with
   * `postWithin` one after the other: the same checks, replays and PointsChanged events, their
   * results in the same order. The new ones go in with one statement (a card feed's group commit
   * posts a batch's journals together: a PGlite statement costs as much as a journal's own work).
   * A journal refused (LedgerError) refuses them all: the caller's transaction is to roll back.
   * `then` runs after each journal's own events (PointsChanged), before the next journal's: a
   * caller's event for the journal lands in the outbox where posting them one by one put it.
   */
  postManyWithin(tx: Queryable, inputs: readonly JournalInput[], then?: (posted: PostedJournal, n: number) => Promise<void>): Promise<PostedJournal[]> {
    return inSpan(
      'ledger.post',
      () => ({ 'ledger.kind': [...new Set(inputs.map((i) => i.kind))].join(','), 'ledger.journals': inputs.length }),
      () => this.write(tx, inputs, then),
    );
  }

  /**
   * The customer accounts are locked first; then the journals, their postings and the balances
   * PointsChanged reports go in one statement. The balances are read by that statement's
   * snapshot, which the account locks make exact: every other transaction's journal on those
   * accounts committed before the locks were granted, and these journals' postings are not in it,
   * so what it reads is the balance before them; each journal's is that plus the journals before it.
   */
  private async write(tx: Queryable, inputs: readonly JournalInput[], then?: (posted: PostedJournal, n: number) => Promise<void>): Promise<PostedJournal[]> {
    if (inputs.length === 0) return [];
    const journals = inputs.map((input) => {
      validateJournal(input);
      return { input, fingerprint: fingerprintOf(input), postedAt: (input.postedAt ?? this.clock()).toISOString(), deltas: pointsDeltas(input) };
    });
    const ids = new Map<string, string>();
    for (const { input } of journals) for (const [ks, id] of await this.lockAccounts(tx, input)) ids.set(ks, id);
    const idOf = (account: AccountCode, customerId: string | null | undefined, unit: string) =>
      ids.get(keyString({ code: account, customerId: customerId ?? null, unit }));
    // a key twice in one call: the first is posted, the second is its replay
    const firstOfKey = new Map<string, number>();
    journals.forEach((j, n) => firstOfKey.has(j.input.idempotencyKey) || firstOfKey.set(j.input.idempotencyKey, n));
    const fresh = journals.filter((j, n) => firstOfKey.get(j.input.idempotencyKey) === n);
    const pointsAccounts = [...new Set(fresh.flatMap((j) => [...j.deltas.keys()].flatMap((c) => idOf('CUSTOMER_POINTS', c, POINTS_UNIT) ?? [])))];
    const rows = await insertJournals(tx, fresh, (p) => idOf(p.account, p.customerId, p.unit), pointsAccounts);
    const inserted = new Map(rows.map((r) => [r.idempotency_key, r]));
    for (const { input } of fresh) if (inserted.has(input.idempotencyKey)) await this.refuseNegative(tx, input, ids);
    // CUSTOMER_POINTS is credit-normal: a balance after a journal is the one before plus its net credit
    const points = new Map(Object.entries(rows[0]?.points_before ?? {}).map(([id, balance]) => [id, toBigInt(balance)]));
    const results: PostedJournal[] = [];
    for (const [n, { input, fingerprint, postedAt, deltas }] of journals.entries()) {
      const row = firstOfKey.get(input.idempotencyKey) === n ? inserted.get(input.idempotencyKey) : undefined;
      if (!row) {
        const replayed = await this.replay(tx, input.idempotencyKey, fingerprint);
        results.push(replayed);
        await then?.(replayed, n);
        continue;
      }
      const changes = new Map<string, { delta: bigint; balance: bigint }>();
      for (const [customerId, delta] of deltas) {
        const accountId = idOf('CUSTOMER_POINTS', customerId, POINTS_UNIT) ?? '';
        const balance = (points.get(accountId) ?? 0n) + delta;
        points.set(accountId, balance);
        changes.set(customerId, { delta, balance });
      }
      const journalId = toBigInt(row.id).toString();
      await appendPointsChanged(tx, input, journalId, new Date(postedAt), changes);
      // counted once written inside the transaction: a caller's transaction that still rolls back after this is counted too
      this.onPosted?.(input.kind);
      const posted = { journalId, idempotencyKey: input.idempotencyKey, postedAt: row.posted_at, replayed: false };
      results.push(posted);
      await then?.(posted, n);
    }
    return results;
  }

  private async replay(tx: Queryable, key: string, fingerprint: string): Promise<PostedJournal> {
    const rows = await tx.query<{ id: unknown; fingerprint: string; posted_at: string }>(
      `SELECT id, fingerprint, ${POSTED_AT_TEXT} AS posted_at FROM journals WHERE idempotency_key = $1`,
      [key],
    );
    const first = rows[0];
    if (!first) throw new Error('journal vanished after an idempotency conflict');
    if (first.fingerprint !== fingerprint) {
      throw new LedgerError('IDEMPOTENCY_CONFLICT', 'idempotency key already used for a different journal');
    }
    return { journalId: toBigInt(first.id).toString(), idempotencyKey: key, postedAt: first.posted_at, replayed: true };
  }

  /**
   * The ids of the journal's accounts, opening missing ones. Customer accounts are locked, all of
   * the journal's in one statement and in id order (no deadlocks): a balance read or judged in this
   * transaction (refuseNegative, PointsChanged's balance, a reversal's share) stays true until it
   * commits. Programme accounts are not locked: none may go below zero, so nothing is judged on
   * their balance, and locking them made every journal of every customer wait on the same few rows.
   */
  private async lockAccounts(tx: Queryable, input: JournalInput): Promise<Map<string, string>> {
    const keys = new Map<string, AccountKey>();
    for (const p of input.postings) {
      const k: AccountKey = { code: p.account, customerId: p.customerId ?? null, unit: p.unit };
      keys.set(keyString(k), k);
    }
    const locked = this.lockedFor(tx);
    // a journal names one customer: their accounts of the journal's codes and units not locked yet, in one statement
    const wanted = [...keys].filter(([ks, k]) => k.customerId !== null && !locked.has(ks)).map(([, k]) => k);
    if (new Set(wanted.map((k) => k.customerId)).size === 1) await this.lockExisting(tx, wanted, locked);
    const ids = new Map<string, string>();
    for (const ks of keys.keys()) {
      const id = locked.get(ks);
      if (id) ids.set(ks, id);
    }
    for (const [ks, k] of [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (ids.has(ks)) continue;
      const known = k.customerId === null ? this.programmeIds.get(ks) : undefined;
      if (known) {
        ids.set(ks, known);
        continue;
      }
      // a programme account not warmed yet is read (never locked); a customer account is locked,
      // or opened (the new row is this transaction's) when it is missing
      if (k.customerId === null) this.stale = true;
      const id =
        k.customerId === null ? await programmeAccount(tx, k) : ((await lockAccount(tx, k)) ?? (await openAccount(tx, k)) ?? (await lockAccount(tx, k)));
      if (!id) throw new Error(`ledger account ${k.code} could not be opened`);
      ids.set(ks, id);
      if (k.customerId !== null) locked.set(ks, id);
    }
    return ids;
  }

  /**
   * Locks, in one statement and in id order, the open accounts of `customerIds` with these codes
   * and units, until `tx` ends; the transaction's journals then lock nothing more for them. A card
   * feed's group commit locks its customers' accounts once for the batch (its advices would each
   * have locked their own); an account not open yet is opened by the journal that needs it.
   */
  async lockCustomerAccounts(tx: Queryable, customerIds: readonly string[], accounts: ReadonlyArray<{ code: AccountCode; unit: string }>): Promise<void> {
    const wanted = [...new Set(customerIds)].flatMap((customerId) => accounts.map((a) => ({ ...a, customerId })));
    await this.lockExisting(tx, wanted, this.lockedFor(tx));
  }

  /** The customer accounts `tx` has locked so far, by key (lockedIn). */
  private lockedFor(tx: Queryable): Map<string, string> {
    let locked = this.lockedIn.get(tx);
    if (!locked) this.lockedIn.set(tx, (locked = new Map()));
    return locked;
  }

  /** The open accounts among `wanted` (customer accounts), locked in id order and remembered in `locked`. */
  private async lockExisting(tx: Queryable, wanted: readonly AccountKey[], locked: Map<string, string>): Promise<void> {
    const customerIds = [...new Set(wanted.map((k) => k.customerId))];
    const rows = await tx.query<{ id: unknown; code: string; customer_id: string; unit: string }>(
      `SELECT id, code, customer_id, unit FROM ledger_accounts
       WHERE customer_id = ANY($1::text[]) AND code = ANY($2::text[]) AND unit = ANY($3::text[]) ORDER BY id FOR UPDATE`,
      [customerIds, [...new Set(wanted.map((k) => k.code))], [...new Set(wanted.map((k) => k.unit))]],
    );
    for (const r of rows) locked.set(keyString({ code: r.code as AccountCode, customerId: r.customer_id, unit: r.unit }), toBigInt(r.id).toString());
  }

  private async refuseNegative(tx: Queryable, input: JournalInput, ids: Map<string, string>): Promise<void> {
    const debited = new Set<string>();
    for (const p of input.postings) {
      if (p.side === 'D' && specOf(p.account).nonNegative) {
        const id = ids.get(keyString({ code: p.account, customerId: p.customerId ?? null, unit: p.unit }));
        if (id) debited.add(id);
      }
    }
    if (debited.size === 0) return;
    const rows = await tx.query<{ code: string }>(
      `SELECT a.code FROM ledger_accounts a JOIN postings p ON p.account_id = a.id
       WHERE a.id = ANY($1::bigint[])
       GROUP BY a.id, a.code, a.normal_side
       HAVING sum(CASE WHEN p.side = a.normal_side THEN p.amount ELSE -p.amount END) < 0`,
      [[...debited]],
    );
    if (rows.length > 0) {
      throw new LedgerError('INSUFFICIENT_BALANCE', `journal would take ${rows.map((r) => r.code).join(', ')} below zero`);
    }
  }

  /**
   * A customer account's balance inside `tx`, its row locked first: no concurrent journal can move
   * it until `tx` ends, so what the caller posts next is sized on a figure that stays true.
   */
  async lockedCustomerBalance(tx: Queryable, code: AccountCode, unit: string, customerId: string): Promise<bigint> {
    const rows = await tx.query<{ id: unknown }>(`SELECT id FROM ledger_accounts WHERE code = $1 AND unit = $2 AND customer_id = $3 FOR UPDATE`, [
      code,
      unit,
      customerId,
    ]);
    return accountBalance(tx, rows[0] ? toBigInt(rows[0].id).toString() : undefined, CHART[code].normalSide);
  }

  /** The postings of a journal as they were posted (for exact reversing entries); [] if unknown. */
  async postingsOf(q: Queryable, idempotencyKey: string): Promise<PostingInput[]> {
    const rows = await q.query<{ code: string; customer_id: string | null; side: 'D' | 'C'; amount: unknown; unit: string }>(
      `SELECT a.code, a.customer_id, p.side, p.amount::text AS amount, p.unit
       FROM journals j JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
       WHERE j.idempotency_key = $1 ORDER BY p.id`,
      [idempotencyKey],
    );
    return rows.map((r) => ({
      account: r.code as AccountCode,
      ...(r.customer_id ? { customerId: r.customer_id } : {}),
      side: r.side,
      amount: toBigInt(r.amount),
      unit: r.unit,
    }));
  }

  /** The conversion recorded on a journal (a purchase in another currency); undefined when none or no such journal. */
  async conversionOf(q: Queryable, idempotencyKey: string): Promise<JournalConversion | undefined> {
    const rows = await q.query<{
      fx_rate: string | null;
      fx_source: JournalConversion['source'];
      fx_rate_date: string;
      original_amount_minor: unknown;
      original_currency: string;
    }>(
      `SELECT fx_rate, fx_source, to_char(fx_rate_date, 'YYYY-MM-DD') AS fx_rate_date, original_amount_minor::text AS original_amount_minor, original_currency
       FROM journals WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    const r = rows[0];
    if (!r || r.fx_rate === null) return undefined;
    return {
      rate: r.fx_rate,
      source: r.fx_source,
      rateDate: r.fx_rate_date,
      originalMinor: toBigInt(r.original_amount_minor),
      originalCurrency: r.original_currency,
    };
  }

  /** Balance of one account in its normal direction (0 for an account never posted to). */
  async balanceOf(code: AccountCode, unit: string, customerId?: string): Promise<bigint> {
    const normal = CHART[code].normalSide;
    const rows = await this.db.query<{ balance: unknown }>(
      `SELECT COALESCE(sum(CASE WHEN p.side = $1 THEN p.amount ELSE -p.amount END), 0)::text AS balance
       FROM ledger_accounts a JOIN postings p ON p.account_id = a.id
       WHERE a.code = $2 AND a.unit = $3 AND ${customerId === undefined ? 'a.customer_id IS NULL' : 'a.customer_id = $4'}`,
      customerId === undefined ? [normal, code, unit] : [normal, code, unit, customerId],
    );
    return toBigInt(rows[0]?.balance);
  }

  /** Points the customer can spend now. */
  pointsBalance(customerId: string): Promise<bigint> {
    return this.balanceOf('CUSTOMER_POINTS', POINTS_UNIT, customerId);
  }

  /** Cash back accrued on `businessDate` and not paid out yet. */
  cashBackPendingOn(customerId: string, currency: string, businessDate: string): Promise<bigint> {
    return this.sumCustomer(customerId, 'CUSTOMER_CASHBACK_PENDING', currency, `j.business_date = $4::date`, [businessDate]);
  }

  /** All cash back ever accrued, net of reversals, paid or not. */
  cashBackLifetime(customerId: string, currency: string): Promise<bigint> {
    return this.sumCustomer(customerId, 'CUSTOMER_CASHBACK_PENDING', currency, `j.kind <> 'CASHBACK_PAID'`, []);
  }

  /** Cash back paid out with postedAt in [from, to). */
  async cashBackPaidBetween(customerId: string, currency: string, from: Date, to: Date): Promise<bigint> {
    const paid = await this.sumCustomer(
      customerId,
      'CUSTOMER_CASHBACK_PENDING',
      currency,
      `j.kind = 'CASHBACK_PAID' AND j.posted_at >= $4::timestamptz AND j.posted_at < $5::timestamptz`,
      [from.toISOString(), to.toISOString()],
    );
    return -paid; // payouts debit the credit-normal pending account
  }

  /**
   * pointsBalance, cashBackPendingOn, cashBackLifetime, cashBackPaidBetween and the on-hold balance
   * in one statement: a dashboard read wants all of them, and five round trips through the store
   * cost far more than one pass over the customer's few postings. Each FILTER is the WHERE of the
   * single-purpose method it stands for, so the figures cannot drift apart (a test holds them equal).
   * Every customer account is credit-normal, so SIGNED_CREDIT is also balanceOf's normal direction.
   */
  async balancesSummary(q: BalancesQuery): Promise<BalancesSummary> {
    const rows = await this.db.query<{ points: unknown; pending_on: unknown; lifetime: unknown; paid: unknown; on_hold: unknown }>(
      `SELECT
         COALESCE(sum(${SIGNED_CREDIT}) FILTER (WHERE a.code = 'CUSTOMER_POINTS'), 0)::text AS points,
         COALESCE(sum(${SIGNED_CREDIT}) FILTER (WHERE a.code = 'CUSTOMER_CASHBACK_PENDING' AND j.business_date = $4::date), 0)::text AS pending_on,
         COALESCE(sum(${SIGNED_CREDIT}) FILTER (WHERE a.code = 'CUSTOMER_CASHBACK_PENDING' AND j.kind <> 'CASHBACK_PAID'), 0)::text AS lifetime,
         COALESCE(sum(${SIGNED_CREDIT}) FILTER (WHERE a.code = 'CUSTOMER_CASHBACK_PENDING' AND j.kind = 'CASHBACK_PAID'
           AND j.posted_at >= $5::timestamptz AND j.posted_at < $6::timestamptz), 0)::text AS paid,
         COALESCE(sum(${SIGNED_CREDIT}) FILTER (WHERE a.code = 'CUSTOMER_CASHBACK_ON_HOLD'), 0)::text AS on_hold
       FROM ledger_accounts a JOIN postings p ON p.account_id = a.id JOIN journals j ON j.id = p.journal_id
       WHERE a.customer_id = $1
         AND ((a.code = 'CUSTOMER_POINTS' AND a.unit = $2)
           OR (a.code IN ('CUSTOMER_CASHBACK_PENDING', 'CUSTOMER_CASHBACK_ON_HOLD') AND a.unit = $3))`,
      [q.customerId, POINTS_UNIT, q.currency, q.businessDate, q.paidFrom.toISOString(), q.paidTo.toISOString()],
    );
    const r = rows[0];
    return {
      points: toBigInt(r?.points),
      cashBackPendingOn: toBigInt(r?.pending_on),
      cashBackLifetime: toBigInt(r?.lifetime),
      cashBackPaid: -toBigInt(r?.paid), // payouts debit the credit-normal pending account
      cashBackOnHold: toBigInt(r?.on_hold),
    };
  }

  private async sumCustomer(customerId: string, code: AccountCode, unit: string, where: string, extra: unknown[]): Promise<bigint> {
    const rows = await this.db.query<{ total: unknown }>(
      `SELECT COALESCE(sum(${SIGNED_CREDIT}), 0)::text AS total
       FROM ledger_accounts a JOIN postings p ON p.account_id = a.id JOIN journals j ON j.id = p.journal_id
       WHERE a.customer_id = $1 AND a.code = $2 AND a.unit = $3 AND ${where}`,
      [customerId, code, unit, ...extra],
    );
    return toBigInt(rows[0]?.total);
  }

  /**
   * A customer's journals, newest first, each with the net change per customer account and unit
   * (credit-normal: positive means the customer gained). `afterId` pages past a journal id.
   */
  async activity(customerId: string, first: number, afterId?: string): Promise<{ items: ActivityItem[]; hasMore: boolean }> {
    const rows = await this.db.query<{
      id: unknown;
      kind: string;
      description: string;
      posted_at: string;
      business_date: string;
      code: string;
      unit: string;
      net: unknown;
    }>(
      `WITH page AS (
         SELECT id FROM journals WHERE customer_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3
       )
       SELECT j.id, j.kind, j.description, ${POSTED_AT_TEXT.replace(/posted_at/g, 'j.posted_at')} AS posted_at,
              to_char(j.business_date, 'YYYY-MM-DD') AS business_date, a.code, a.unit,
              sum(${SIGNED_CREDIT})::text AS net
       FROM page JOIN journals j ON j.id = page.id JOIN postings p ON p.journal_id = j.id JOIN ledger_accounts a ON a.id = p.account_id
       WHERE a.customer_id = $1
       GROUP BY j.id, j.kind, j.description, j.posted_at, j.business_date, a.code, a.unit
       ORDER BY j.id DESC, a.code, a.unit`,
      [customerId, afterId ?? null, first + 1],
    );
    const items: ActivityItem[] = [];
    for (const r of rows) {
      const id = toBigInt(r.id).toString();
      let item = items[items.length - 1];
      if (!item || item.journalId !== id) {
        item = { journalId: id, kind: r.kind, description: r.description, postedAt: r.posted_at, businessDate: r.business_date, changes: [] };
        items.push(item);
      }
      item.changes.push({ account: r.code as AccountCode, unit: r.unit, net: toBigInt(r.net) });
    }
    return { items: items.slice(0, first), hasMore: items.length > first };
  }

  /** Total debits and credits per unit over the whole ledger: they are equal in a sound ledger. */
  async trialBalance(): Promise<UnitTotals[]> {
    const rows = await this.db.query<{ unit: string; debits: unknown; credits: unknown }>(
      `SELECT unit,
              COALESCE(sum(CASE WHEN side = 'D' THEN amount ELSE 0 END), 0)::text AS debits,
              COALESCE(sum(CASE WHEN side = 'C' THEN amount ELSE 0 END), 0)::text AS credits
       FROM postings GROUP BY unit ORDER BY unit`,
    );
    return rows.map((r) => ({ unit: r.unit, debits: toBigInt(r.debits), credits: toBigInt(r.credits) }));
  }

  /** Ids of journals whose debits and credits differ in some unit (always empty in a sound ledger). */
  async unbalancedJournals(): Promise<string[]> {
    const rows = await this.db.query<{ id: unknown }>(
      `SELECT journal_id AS id FROM postings GROUP BY journal_id, unit
       HAVING sum(CASE WHEN side = 'D' THEN amount ELSE -amount END) <> 0`,
    );
    return rows.map((r) => toBigInt(r.id).toString());
  }

  /** Accounts that must not go below zero but are (always empty in a sound ledger). */
  async negativeAccounts(): Promise<Array<{ code: string; customerId: string | null; unit: string; balance: bigint }>> {
    const rows = await this.db.query<{ code: string; customer_id: string | null; unit: string; balance: unknown }>(
      `SELECT a.code, a.customer_id, a.unit, sum(CASE WHEN p.side = a.normal_side THEN p.amount ELSE -p.amount END)::text AS balance
       FROM ledger_accounts a JOIN postings p ON p.account_id = a.id
       WHERE a.non_negative
       GROUP BY a.id, a.code, a.customer_id, a.unit, a.normal_side
       HAVING sum(CASE WHEN p.side = a.normal_side THEN p.amount ELSE -p.amount END) < 0`,
    );
    return rows.map((r) => ({ code: r.code, customerId: r.customer_id, unit: r.unit, balance: toBigInt(r.balance) }));
  }

  async journalCount(): Promise<number> {
    const rows = await this.db.query<{ n: unknown }>(`SELECT count(*)::text AS n FROM journals`);
    return Number(toBigInt(rows[0]?.n));
  }
}
