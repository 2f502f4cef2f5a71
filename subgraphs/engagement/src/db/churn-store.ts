// Churn early warning's store (docs/cx.md "Churn early warning"): reads one customer's ChurnFacts
// from what the customer facts keep (card_activity_daily, money_flow_daily, account_balance_daily,
// migration 14) and the feedback answers, and records the score the pure domain/churn.ts gives.
// A score crossing the threshold upwards writes, in the same transaction, the ChurnRiskRaised event
// to engagement's outbox and the agent task staff list (atRiskCustomers): the event exists exactly
// when the task does. A re-evaluation that stays above writes neither; one that falls below clears
// raised_at, so a later rise raises again.
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../../../lib/db/database';
import { toBigInt, toDate } from '../../../../lib/db/database';
import { appendEvent, newEvent, type DomainEvent } from '../../../../lib/events';
import { utcDay } from '../domain/customer-facts';
import { CHURN_WINDOWS, crossedUp, type ChurnFacts, type ChurnReason, type ChurnRisk } from '../domain/churn';

const DAY_MS = 86_400_000;
const dayBefore = (now: Date, days: number) => utcDay(new Date(now.getTime() - days * DAY_MS));

/** A customer's stored score as staff read it. */
export interface ChurnScore {
  customerId: string;
  score: number;
  reasons: ChurnReason[];
  threshold: number;
  evaluatedAt: Date;
  /** when it last crossed the threshold upwards (the agent task's time); absent while below */
  raisedAt?: Date;
}

/** Where a page of atRiskCustomers ends: score descending, then customer id. */
export interface ChurnKey {
  score: number;
  customerId: string;
}

export interface RecordOutcome {
  /** crossed the threshold upwards now: the event and the task were written */
  raised: boolean;
  /** the task's id when raised */
  taskId?: string;
}

type ScoreRow = {
  customer_id: string;
  score: number;
  reasons: string;
  threshold: number;
  evaluated_at: unknown;
  raised_at: unknown;
};

const toScore = (r: ScoreRow): ChurnScore => ({
  customerId: r.customer_id,
  score: Number(r.score),
  reasons: JSON.parse(r.reasons) as ChurnReason[],
  threshold: Number(r.threshold),
  evaluatedAt: toDate(r.evaluated_at),
  ...(r.raised_at !== null ? { raisedAt: toDate(r.raised_at) } : {}),
});

/** The ChurnRiskRaised event of a crossing (lib/events/catalogue.ts); texts cut to the catalogue's 300 characters. */
export function churnRiskRaised(customerId: string, risk: ChurnRisk, threshold: number, now: Date): DomainEvent<'ChurnRiskRaised'> {
  return newEvent({
    type: 'ChurnRiskRaised',
    key: `churn-risk:${customerId}:${now.toISOString()}`,
    customerId,
    occurredAt: now,
    payload: {
      score: risk.score,
      threshold,
      reasons: risk.reasons.slice(0, 5).map((r) => ({ code: r.code, text: r.text.slice(0, 300) })),
      raisedAt: now.toISOString(),
    },
  });
}

export class ChurnStore {
  constructor(
    private readonly db: Database,
    /** the home currency the facts keep money in (ENGAGEMENT_HOME_CURRENCY) */
    private readonly currency: string,
  ) {}

  /** Customers the facts know, `limit` at a time after `after` in id order (the pass). */
  async customers(after: string, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ customer_id: string }>(`SELECT customer_id FROM customer_facts WHERE customer_id > $1 ORDER BY customer_id LIMIT $2`, [
      after,
      limit,
    ]);
    return rows.map((r) => r.customer_id);
  }

  /** One customer's facts at `now` over the windows of CHURN_WINDOWS (days are UTC days, today included in "the last n"). */
  async factsOf(customerId: string, now: Date): Promise<ChurnFacts> {
    const w = CHURN_WINDOWS;
    const today = utcDay(now);
    const [card] = await this.db.query<{ recent: unknown; before: unknown }>(
      `SELECT COALESCE(SUM(purchases) FILTER (WHERE day > $2::date), 0) AS recent, COALESCE(SUM(purchases) FILTER (WHERE day <= $2::date), 0) AS before
         FROM card_activity_daily WHERE customer_id = $1 AND day > $3::date AND day <= $4::date`,
      [customerId, dayBefore(now, w.card), dayBefore(now, 2 * w.card), today],
    );
    const [flow] = await this.db.query<{ salary_recent: unknown; salary_before: unknown; salary_before_minor: unknown; out_minor: unknown; in_minor: unknown }>(
      `SELECT COALESCE(SUM(salary_credits) FILTER (WHERE day > $2::date), 0) AS salary_recent,
              COALESCE(SUM(salary_credits) FILTER (WHERE day <= $2::date AND day > $3::date), 0) AS salary_before,
              COALESCE(SUM(salary_minor) FILTER (WHERE day <= $2::date AND day > $3::date), 0) AS salary_before_minor,
              COALESCE(SUM(transfers_out_minor) FILTER (WHERE day > $4::date), 0) AS out_minor,
              COALESCE(SUM(transfers_in_minor) FILTER (WHERE day > $4::date), 0) AS in_minor
         FROM money_flow_daily WHERE customer_id = $1 AND day > $3::date AND day <= $5::date`,
      [customerId, dayBefore(now, w.salaryRecent), dayBefore(now, w.salaryRecent + w.salaryBefore), dayBefore(now, w.balance), today],
    );
    // each account's newest balance now and at the end of the day `balance` days ago; only accounts
    // with a balance then count, so an account opened since does not look like money arriving
    const [balance] = await this.db.query<{ accounts: unknown; now_minor: unknown; then_minor: unknown }>(
      `WITH latest AS (
         SELECT DISTINCT ON (account_id) account_id, balance_minor FROM account_balance_daily
          WHERE customer_id = $1 AND day <= $2::date ORDER BY account_id, day DESC),
       earlier AS (
         SELECT DISTINCT ON (account_id) account_id, balance_minor FROM account_balance_daily
          WHERE customer_id = $1 AND day <= $3::date ORDER BY account_id, day DESC)
       SELECT COUNT(*) AS accounts, COALESCE(SUM(l.balance_minor), 0) AS now_minor, COALESCE(SUM(e.balance_minor), 0) AS then_minor
         FROM earlier e JOIN latest l ON l.account_id = e.account_id`,
      [customerId, today, dayBefore(now, w.balance)],
    );
    const emptied = await this.db.query<{ account_type: string; day: string }>(
      `SELECT account_type, to_char(day, 'YYYY-MM-DD') AS day FROM (
         SELECT DISTINCT ON (account_id) account_id, account_type, day, balance_minor, last_amount_minor FROM account_balance_daily
          WHERE customer_id = $1 AND day <= $2::date ORDER BY account_id, day DESC) newest
        WHERE balance_minor = 0 AND last_amount_minor < 0 AND day > $3::date ORDER BY day, account_id`,
      [customerId, today, dayBefore(now, w.emptied)],
    );
    const [nps] = await this.db.query<{ score: number; answered_at: unknown }>(
      `SELECT score, answered_at FROM feedback_requests WHERE customer_id = $1 AND kind = 'NPS' AND answered_at IS NOT NULL
          AND answered_at > $2 AND answered_at <= $3 ORDER BY answered_at DESC LIMIT 1`,
      [customerId, new Date(now.getTime() - w.nps * DAY_MS).toISOString(), now.toISOString()],
    );
    return {
      currency: this.currency,
      card: { recent: Number(toBigInt(card?.recent ?? 0)), before: Number(toBigInt(card?.before ?? 0)) },
      salary: {
        recent: Number(toBigInt(flow?.salary_recent ?? 0)),
        before: Number(toBigInt(flow?.salary_before ?? 0)),
        beforeMinor: toBigInt(flow?.salary_before_minor ?? 0),
      },
      transfers: { outMinor: toBigInt(flow?.out_minor ?? 0), inMinor: toBigInt(flow?.in_minor ?? 0) },
      ...(balance && Number(toBigInt(balance.accounts)) > 0
        ? { balance: { nowMinor: toBigInt(balance.now_minor), thenMinor: toBigInt(balance.then_minor) } }
        : {}),
      emptied: emptied.map((e) => ({ accountType: e.account_type, on: e.day })),
      ...(nps ? { lastNps: { score: Number(nps.score), on: utcDay(toDate(nps.answered_at)) } } : {}),
    };
  }

  /**
   * Stores the customer's score; on an upward crossing of `threshold` also the agent task and the
   * ChurnRiskRaised event, all in one transaction under the customer's advisory lock.
   */
  async record(customerId: string, risk: ChurnRisk, threshold: number, now: Date): Promise<RecordOutcome> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1)::bigint)`, [`engagement-churn:${customerId}`]);
      const [prev] = await tx.query<{ score: number; raised_at: unknown }>(`SELECT score, raised_at FROM churn_scores WHERE customer_id = $1`, [customerId]);
      // above is what was raised and not cleared since (a score that fell below, or under a raised threshold, cleared it)
      const wasAbove = prev !== undefined && prev.raised_at !== null;
      const raised = crossedUp(wasAbove ? threshold : undefined, risk.score, threshold);
      const raisedAt = raised ? now.toISOString() : wasAbove && risk.score >= threshold ? toDate(prev.raised_at).toISOString() : null;
      const reasons = JSON.stringify(risk.reasons);
      await tx.query(
        `INSERT INTO churn_scores (customer_id, score, reasons, threshold, evaluated_at, raised_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (customer_id) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons, threshold = EXCLUDED.threshold,
           evaluated_at = EXCLUDED.evaluated_at, raised_at = EXCLUDED.raised_at`,
        [customerId, risk.score, reasons, threshold, now.toISOString(), raisedAt],
      );
      if (!raised) return { raised: false };
      const taskId = `crt_${randomUUID().replace(/-/g, '')}`;
      await insertTask(tx, taskId, customerId, risk, reasons, now);
      await appendEvent(tx, churnRiskRaised(customerId, risk, threshold, now));
      return { raised: true, taskId };
    });
  }

  async scoreOf(customerId: string): Promise<ChurnScore | undefined> {
    const [row] = await this.db.query<ScoreRow>(
      `SELECT customer_id, score, reasons, threshold, evaluated_at, raised_at FROM churn_scores WHERE customer_id = $1`,
      [customerId],
    );
    return row && toScore(row);
  }

  /** Customers at or above their threshold, highest score first (then customer id), `limit` after `after`. */
  async atRisk(limit: number, after?: ChurnKey): Promise<Array<ChurnScore & { key: ChurnKey }>> {
    const params: unknown[] = [limit];
    let page = '';
    if (after) {
      params.push(after.score, after.customerId);
      page = 'AND (score < $2 OR (score = $2 AND customer_id > $3))';
    }
    const rows = await this.db.query<ScoreRow>(
      `SELECT customer_id, score, reasons, threshold, evaluated_at, raised_at FROM churn_scores
        WHERE raised_at IS NOT NULL ${page} ORDER BY score DESC, customer_id LIMIT $1`,
      params,
    );
    return rows.map((r) => {
      const s = toScore(r);
      return { ...s, key: { score: s.score, customerId: s.customerId } };
    });
  }

  /** The agent tasks of a customer, newest first (tests, the staff view). */
  async tasksOf(customerId: string): Promise<Array<{ id: string; score: number; reasons: ChurnReason[]; createdAt: Date }>> {
    const rows = await this.db.query<{ id: string; score: number; reasons: string; created_at: unknown }>(
      `SELECT id, score, reasons, created_at FROM churn_tasks WHERE customer_id = $1 ORDER BY created_at DESC, id`,
      [customerId],
    );
    return rows.map((r) => ({ id: r.id, score: Number(r.score), reasons: JSON.parse(r.reasons) as ChurnReason[], createdAt: toDate(r.created_at) }));
  }
}

async function insertTask(tx: Queryable, id: string, customerId: string, risk: ChurnRisk, reasons: string, now: Date): Promise<void> {
  await tx.query(`INSERT INTO churn_tasks (id, customer_id, score, reasons, created_at) VALUES ($1, $2, $3, $4, $5)`, [
    id,
    customerId,
    risk.score,
    reasons,
    now.toISOString(),
  ]);
}
