// Engagement's own view of each customer, kept from domain events (migration 7, docs/engagement.md
// "Customer facts"): the tier last seen, products held, card activity per UTC day and category
// (count and home-currency spend), card spend per day and merchant city, the last activity. Each
// event is applied once: its id goes into facts_applied in the transaction of its update, so a
// redelivered event finds it and changes nothing. Segments (domain/segment.ts) are answered here in
// SQL, the same on PGlite and PostgreSQL; RETENTION reads the purchase counts (adapters/retention-pass.ts).
import { keysetPages } from '../../../../lib/db/keyset-pages';
import type { Database, Queryable } from '../../../../lib/db/database';
import { placeholders, toBigInt, toDate } from '../../../../lib/db/database';
import { appError } from '../../../../lib/errors';
import type { DomainEvent } from '../../../../lib/events';
import type { Category } from '../../../../lib/mcc-categories';
import { cityKey, factOf, utcDay, type FactUpdate } from '../domain/customer-facts';
import type { AudienceSource, Segment, SegmentProduct, SegmentTier } from '../domain/segment';
import { segmentProblem } from '../domain/segment-check';
import type { CardActivityWindows, RetentionRule } from '../domain/retention';

const DAY_MS = 86_400_000;
/** how far back "where the customer spends most" looks */
export const TOP_CITY_DAYS = 90;
/** spendCategories without spendWithinDays */
export const DEFAULT_SPEND_WITHIN_DAYS = 90;

/** the incoming row carries a tier seen no earlier than the kept one (GREATEST ignores a NULL activity the same way) */
const TIER_NEWER = 'EXCLUDED.tier IS NOT NULL AND (customer_facts.tier_seen_at IS NULL OR customer_facts.tier_seen_at <= EXCLUDED.tier_seen_at)';

export interface CustomerFactsOptions {
  /** spend is kept in this currency only (ENGAGEMENT_HOME_CURRENCY); other purchases count without spend */
  homeCurrency: string;
  /** days of daily card activity kept (default 120): older rows go at prune */
  keepDays?: number;
}

/** One customer's facts as kept (tests, support). */
export interface CustomerFacts {
  customerId: string;
  tier?: SegmentTier;
  products: SegmentProduct[];
  lastActiveAt?: Date;
  /** where they spent most by card in the last 90 days (lower-cased) */
  topCity?: string;
  /** per category over the kept days */
  card: Partial<Record<Category, { purchases: number; spendMinor: bigint }>>;
}

/** A customer's purchase counts for RETENTION. */
export interface ActivityRow extends CardActivityWindows {
  customerId: string;
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/**
 * The customer's top city at `now` (`customerId`: an SQL expression): the most home-currency card
 * spend in the last TOP_CITY_DAYS, then the most purchases, then by name (a tie is decided, not both).
 */
function topCitySql(customerId: string, now: Date, params: unknown[]): string {
  const [from, to] = [utcDay(daysBefore(now, TOP_CITY_DAYS)), utcDay(now)].map((d) => placeholders(params, [d]));
  return `SELECT c.city FROM card_city_daily c WHERE c.customer_id = ${customerId} AND c.day >= ${from}::date AND c.day <= ${to}::date
    GROUP BY c.city ORDER BY SUM(c.spend_minor) DESC, SUM(c.purchases) DESC, c.city LIMIT 1`;
}

/**
 * The WHERE of a segment over `customer_facts f` at `now`, its values pushed onto params. Every
 * criterion given must hold; an empty list is no criterion (as if not given).
 */
export function segmentSql(s: Segment, now: Date, params: unknown[]): string {
  const where: string[] = ['TRUE'];
  const p = (v: unknown) => placeholders(params, [v]);
  if (s.tiers?.length) where.push(`f.tier IN (${placeholders(params, s.tiers)})`);
  if (s.products?.length) {
    where.push(`EXISTS (SELECT 1 FROM customer_products cp WHERE cp.customer_id = f.customer_id AND cp.product IN (${placeholders(params, s.products)}))`);
  }
  if (s.spendCategories?.length) {
    const since = utcDay(daysBefore(now, s.spendWithinDays ?? DEFAULT_SPEND_WITHIN_DAYS));
    where.push(
      `EXISTS (SELECT 1 FROM card_activity_daily a WHERE a.customer_id = f.customer_id AND a.purchases > 0
         AND a.day >= ${p(since)}::date AND a.day <= ${p(utcDay(now))}::date AND a.category IN (${placeholders(params, s.spendCategories)}))`,
    );
  }
  if (s.activeWithinDays !== undefined) where.push(`f.last_active_at >= ${p(daysBefore(now, s.activeWithinDays).toISOString())}::timestamptz`);
  if (s.inactiveForDays !== undefined) {
    where.push(`f.last_active_at IS NOT NULL AND f.last_active_at <= ${p(daysBefore(now, s.inactiveForDays).toISOString())}::timestamptz`);
  }
  if (s.cities?.length) where.push(`(${topCitySql('f.customer_id', now, params)}) IN (${placeholders(params, s.cities.map(cityKey))})`);
  return where.join(' AND ');
}

function checked(segment: Segment): Segment {
  const problem = segmentProblem(segment);
  if (problem) throw appError('BAD_USER_INPUT', `segment ${problem.field}: ${problem.why}`, { argumentName: `segment.${problem.field}` });
  return segment;
}

export class CustomerFactsStore implements AudienceSource {
  readonly homeCurrency: string;
  readonly keepDays: number;

  constructor(
    private readonly db: Database,
    opts: CustomerFactsOptions,
  ) {
    this.homeCurrency = opts.homeCurrency;
    this.keepDays = opts.keepDays ?? 120;
  }

  /** Applies what the event says of its customer, once per event id; false when it was applied before or says nothing. */
  async apply(event: DomainEvent, now: Date = new Date()): Promise<boolean> {
    const fact = factOf(event, this.homeCurrency);
    if (!fact) return false;
    return this.db.transaction(async (tx) => {
      const purchase = fact.kind === 'PURCHASE' ? fact : undefined;
      const fresh = await tx.query(
        `INSERT INTO facts_applied (event_id, customer_id, applied_at, event_key, day, category, city, spend_minor)
         VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [
          fact.eventId,
          fact.customerId,
          now.toISOString(),
          purchase?.eventKey ?? null,
          purchase?.day ?? null,
          purchase?.category ?? null,
          purchase?.city ?? null,
          purchase ? purchase.spendMinor.toString() : null,
        ],
      );
      if (fresh.length === 0) return false;
      // the customer's row, its last activity and its tier in one statement; events of one customer
      // can arrive out of order: the latest activity and the tier of the latest event win
      const at = fact.kind === 'REVERSAL' ? null : fact.at.toISOString();
      const tier = fact.kind === 'PURCHASE' && fact.tier ? fact.tier : null;
      await tx.query(
        `INSERT INTO customer_facts (customer_id, updated_at, last_active_at, tier, tier_seen_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (customer_id) DO UPDATE SET updated_at = EXCLUDED.updated_at,
           last_active_at = GREATEST(customer_facts.last_active_at, EXCLUDED.last_active_at),
           tier = CASE WHEN ${TIER_NEWER} THEN EXCLUDED.tier ELSE customer_facts.tier END,
           tier_seen_at = CASE WHEN ${TIER_NEWER} THEN EXCLUDED.tier_seen_at ELSE customer_facts.tier_seen_at END`,
        [fact.customerId, now.toISOString(), at, tier, tier && fact.kind === 'PURCHASE' ? fact.tierSeenAt.toISOString() : null],
      );
      await this.update(tx, fact, now);
      return true;
    });
  }

  private async update(tx: Queryable, fact: FactUpdate, now: Date): Promise<void> {
    switch (fact.kind) {
      case 'PURCHASE': {
        // a purchase older than the kept days would be pruned at once: its activity time counts, no daily row
        if (fact.day < utcDay(daysBefore(now, this.keepDays))) return;
        await tx.query(
          `INSERT INTO card_activity_daily (customer_id, day, category, purchases, spend_minor) VALUES ($1, $2::date, $3, 1, $4)
           ON CONFLICT (customer_id, day, category) DO UPDATE
             SET purchases = card_activity_daily.purchases + 1, spend_minor = card_activity_daily.spend_minor + EXCLUDED.spend_minor`,
          [fact.customerId, fact.day, fact.category, fact.spendMinor.toString()],
        );
        if (fact.city) {
          await tx.query(
            `INSERT INTO card_city_daily (customer_id, day, city, purchases, spend_minor) VALUES ($1, $2::date, $3, 1, $4)
             ON CONFLICT (customer_id, day, city) DO UPDATE
               SET purchases = card_city_daily.purchases + 1, spend_minor = card_city_daily.spend_minor + EXCLUDED.spend_minor`,
            [fact.customerId, fact.day, fact.city, fact.spendMinor.toString()],
          );
        }
        return;
      }
      case 'REVERSAL': {
        if (!fact.purchaseKey) return;
        const [original] = await tx.query<{ day: string; category: string; city: string | null; spend_minor: unknown }>(
          `SELECT to_char(day, 'YYYY-MM-DD') AS day, category, city, spend_minor FROM facts_applied
            WHERE event_key = $1 AND customer_id = $2 FOR UPDATE`,
          [fact.purchaseKey, fact.customerId],
        );
        if (!original) return; // a purchase engagement never saw, or pruned: nothing of it is kept
        const left = toBigInt(original.spend_minor);
        const taken = fact.spendMinor < left ? fact.spendMinor : left;
        const gone = fact.complete ? 1 : 0;
        // what is left of the purchase, so a second partial reversal never takes back more than it added
        await tx.query(`UPDATE facts_applied SET spend_minor = $2 WHERE event_key = $1 AND customer_id = $3`, [
          fact.purchaseKey,
          (left - taken).toString(),
          fact.customerId,
        ]);
        const back = `SET purchases = GREATEST(0, purchases - $4), spend_minor = GREATEST(0, spend_minor - $5)`;
        await tx.query(`UPDATE card_activity_daily ${back} WHERE customer_id = $1 AND day = $2::date AND category = $3`, [
          fact.customerId,
          original.day,
          original.category,
          gone,
          taken.toString(),
        ]);
        if (original.city) {
          await tx.query(`UPDATE card_city_daily ${back} WHERE customer_id = $1 AND day = $2::date AND city = $3`, [
            fact.customerId,
            original.day,
            original.city,
            gone,
            taken.toString(),
          ]);
        }
        return;
      }
      case 'BOOKING': {
        if (fact.product) {
          await tx.query(
            `INSERT INTO customer_products (customer_id, product, last_seen_at) VALUES ($1, $2, $3)
             ON CONFLICT (customer_id, product) DO UPDATE SET last_seen_at = GREATEST(customer_products.last_seen_at, EXCLUDED.last_seen_at)`,
            [fact.customerId, fact.product, fact.at.toISOString()],
          );
        }
        await this.churnFacts(tx, fact, now);
        return;
      }
    }
  }

  /**
   * What churn early warning keeps of a booking (domain/churn.ts, db/churn-store.ts): its salary or
   * transfer amount on its day, and a CURRENT / SAVINGS account's balance after it (the day's latest
   * booking wins; bookings of one day often share the instant midnight, then the later applied wins).
   */
  private async churnFacts(tx: Queryable, fact: Extract<FactUpdate, { kind: 'BOOKING' }>, now: Date): Promise<void> {
    const day = utcDay(fact.at);
    if (day < utcDay(daysBefore(now, this.keepDays))) return;
    if (fact.flow) {
      const column = { SALARY: 'salary_minor', TRANSFER_IN: 'transfers_in_minor', TRANSFER_OUT: 'transfers_out_minor' }[fact.flow.kind];
      const credits = fact.flow.kind === 'SALARY' ? 1 : 0;
      await tx.query(
        `INSERT INTO money_flow_daily (customer_id, day, salary_credits, ${column}) VALUES ($1, $2::date, $3, $4)
         ON CONFLICT (customer_id, day) DO UPDATE
           SET salary_credits = money_flow_daily.salary_credits + EXCLUDED.salary_credits, ${column} = money_flow_daily.${column} + EXCLUDED.${column}`,
        [fact.customerId, day, credits, fact.flow.minor.toString()],
      );
    }
    if (fact.balance) {
      const b = fact.balance;
      await tx.query(
        `INSERT INTO account_balance_daily (customer_id, account_id, account_type, day, balance_minor, last_amount_minor, booked_at)
         VALUES ($1, $2, $3, $4::date, $5, $6, $7)
         ON CONFLICT (customer_id, account_id, day) DO UPDATE
           SET balance_minor = EXCLUDED.balance_minor, last_amount_minor = EXCLUDED.last_amount_minor, booked_at = EXCLUDED.booked_at
           WHERE account_balance_daily.booked_at <= EXCLUDED.booked_at`,
        [fact.customerId, b.accountId, b.accountType, day, b.afterMinor.toString(), b.amountMinor.toString(), fact.at.toISOString()],
      );
    }
  }

  /** Deletes daily rows and applied-event records older than the kept days; resolves with the rows deleted. */
  async prune(now: Date): Promise<number> {
    const before = utcDay(daysBefore(now, this.keepDays));
    let deleted = 0;
    for (const table of ['card_activity_daily', 'card_city_daily', 'money_flow_daily'])
      deleted += (await this.db.query(`DELETE FROM ${table} WHERE day < $1::date RETURNING 1 AS x`, [before])).length;
    // an account's balance holds until its next booking: its newest row before the cut stays
    deleted += (
      await this.db.query(
        `DELETE FROM account_balance_daily b WHERE b.day < $1::date AND EXISTS (SELECT 1 FROM account_balance_daily n
           WHERE n.customer_id = b.customer_id AND n.account_id = b.account_id AND n.day > b.day AND n.day < $1::date) RETURNING 1 AS x`,
        [before],
      )
    ).length;
    // an event is redelivered within days (the backbone keeps a week), a reversal comes within weeks: the kept days cover both
    deleted += (await this.db.query(`DELETE FROM facts_applied WHERE applied_at < $1 RETURNING 1 AS x`, [daysBefore(now, this.keepDays).toISOString()])).length;
    return deleted;
  }

  async count(segment: Segment, now: Date): Promise<number> {
    const params: unknown[] = [];
    const where = segmentSql(checked(segment), now, params);
    const [row] = await this.db.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM customer_facts f WHERE ${where}`, params);
    return Number(toBigInt(row?.n));
  }

  async *members(segment: Segment, now: Date, batchSize: number): AsyncIterable<readonly string[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize: a whole number of at least 1');
    checked(segment);
    const page = async (after: string, limit: number) => {
      const params: unknown[] = [];
      const where = segmentSql(segment, now, params);
      params.push(after, limit);
      const rows = await this.db.query<{ customer_id: string }>(
        `SELECT f.customer_id FROM customer_facts f WHERE ${where} AND f.customer_id > $${params.length - 1}
          ORDER BY f.customer_id LIMIT $${params.length}`,
        params,
      );
      return rows.map((r) => r.customer_id);
    };
    yield* keysetPages(page, (id) => id, batchSize);
  }

  /**
   * Purchase counts per customer in the recent window and the baseline before it (RETENTION), for
   * customers with at least `minBaselinePurchases` in the baseline, `limit` at a time after `after`
   * in customer-id order.
   */
  async activityWindows(now: Date, rule: RetentionRule, after: string, limit: number): Promise<ActivityRow[]> {
    const recentFrom = utcDay(daysBefore(now, rule.recentDays - 1));
    const baselineFrom = utcDay(daysBefore(now, rule.recentDays + rule.baselineDays - 1));
    const rows = await this.db.query<{ customer_id: string; recent: unknown; baseline: unknown }>(
      `SELECT customer_id,
              COALESCE(SUM(purchases) FILTER (WHERE day >= $1::date), 0) AS recent,
              COALESCE(SUM(purchases) FILTER (WHERE day < $1::date), 0) AS baseline
         FROM card_activity_daily
        WHERE day >= $2::date AND day <= $3::date AND customer_id > $4
        GROUP BY customer_id
       HAVING COALESCE(SUM(purchases) FILTER (WHERE day < $1::date), 0) >= $5
        ORDER BY customer_id LIMIT $6`,
      [recentFrom, baselineFrom, utcDay(now), after, rule.minBaselinePurchases, limit],
    );
    return rows.map((r) => ({ customerId: r.customer_id, recent: Number(toBigInt(r.recent)), baseline: Number(toBigInt(r.baseline)) }));
  }

  /**
   * The RETENTION trigger id to handle for this customer now: a new claim `triggerId` when none in
   * the last `quietDays`, the earlier claim's id when that one was never handled (a crash), or
   * undefined when one was handled within them. Under the customer's claim rows, so two passes agree.
   */
  async claimRetention(customerId: string, triggerId: string, now: Date, quietDays: number): Promise<string | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1)::bigint)`, [`engagement-retention:${customerId}`]);
      const [last] = await tx.query<{ trigger_id: string; handled_at: unknown }>(
        `SELECT trigger_id, handled_at FROM retention_claims WHERE customer_id = $1 AND claimed_at > $2 ORDER BY claimed_at DESC LIMIT 1`,
        [customerId, daysBefore(now, quietDays).toISOString()],
      );
      if (last) return last.handled_at === null ? last.trigger_id : undefined;
      await tx.query(`INSERT INTO retention_claims (customer_id, trigger_id, claimed_at) VALUES ($1, $2, $3) ON CONFLICT (trigger_id) DO NOTHING`, [
        customerId,
        triggerId,
        now.toISOString(),
      ]);
      return triggerId;
    });
  }

  async retentionHandled(triggerId: string, now: Date): Promise<void> {
    await this.db.query(`UPDATE retention_claims SET handled_at = $2 WHERE trigger_id = $1 AND handled_at IS NULL`, [triggerId, now.toISOString()]);
  }

  /** One customer's facts at `now`; undefined when no event named them. */
  async of(customerId: string, now: Date): Promise<CustomerFacts | undefined> {
    const [f] = await this.db.query<{ tier: string | null; last_active_at: unknown }>(
      `SELECT tier, last_active_at FROM customer_facts WHERE customer_id = $1`,
      [customerId],
    );
    if (!f) return undefined;
    const products = await this.db.query<{ product: string }>(`SELECT product FROM customer_products WHERE customer_id = $1 ORDER BY product`, [customerId]);
    const card = await this.db.query<{ category: string; purchases: unknown; spend: unknown }>(
      `SELECT category, SUM(purchases) AS purchases, SUM(spend_minor) AS spend FROM card_activity_daily WHERE customer_id = $1 GROUP BY category`,
      [customerId],
    );
    const params: unknown[] = [customerId];
    const [top] = await this.db.query<{ city: string }>(topCitySql('$1', now, params), params);
    return {
      customerId,
      ...(f.tier ? { tier: f.tier as SegmentTier } : {}),
      products: products.map((p) => p.product as SegmentProduct),
      ...(f.last_active_at !== null ? { lastActiveAt: toDate(f.last_active_at) } : {}),
      ...(top ? { topCity: top.city } : {}),
      card: Object.fromEntries(card.map((c) => [c.category, { purchases: Number(toBigInt(c.purchases)), spendMinor: toBigInt(c.spend) }])),
    };
  }
}
