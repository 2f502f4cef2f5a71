// The ledger side of the card feed: each advice is applied in one database transaction (the advice
// row and its journals commit together, or nothing does), shared with the advices that arrived
// meanwhile (group commit), serialised per customer, and `apply` resolves only after the commit,
// so the feed acknowledges only what is durable. The advice key is the table's primary key: a
// repeat or re-sent advice is recognised by the store itself. A batch locks and reads once for
// all its advices and posts their journals together (docs/loyalty.md "Card advices").
// In db/ because it is that transaction; what an advice earns or undoes comes from domain/.
import { type Database, type Queryable, toBigInt } from '../../../../lib/db/database';
import type { Logger } from '../../../../lib/logger';
import {
  type CardAdvice,
  type CardAdviceOutcome,
  type CardEventSink,
  adviceDescription,
  matchRefOf,
  reversalRefusal,
  reversedShare,
  validateAdvice,
} from '../domain/card-advice';
import type { Ledger } from './ledger/ledger';
import { PendingJournals } from './pending-journals';
import { POINTS_UNIT } from '../domain/ledger/chart';
import type { JournalInput } from '../domain/ledger/journal';
import { cardPurchaseJournal, cashBackHoldJournal, cashBackHoldReleasedJournal, reversingJournal } from '../domain/ledger/loyalty-journals';
import { businessDateOf } from '../domain/business-day';
import { baseMultiplier, type EarningRules, type TierName } from '../domain/rules';
import { cashBackOf, cashBackRateBp, earningFor } from '../domain/earning';
import type { PartnerDirectory } from '../adapters/partner-directory';
import { bestBoostRates } from './boost-store';
import { appendEvent } from '../../../../lib/events';
import { GroupCommit } from '../../../../lib/db/group-commit';
import { cardPurchaseRecorded, cardPurchaseReversed } from './card-events';
import { billingBasis, coreRateBasis, type EarnBasis, type ExchangeRateSource, FxUnavailableError, needsConversion, ownBasis } from '../domain/earn-basis';

type EventRow = {
  event_key: string;
  kind: CardAdvice['kind'];
  customer_id: string;
  card_id: string;
  amount_minor: unknown;
  currency: string;
  merchant_id: string;
  original_key: string | null;
  status: string;
  journal_key: string | null;
  /** an original: how much of its amount reversals have undone */
  reversed_minor: unknown;
  /** a reversal: field 95, what its original stands at after it */
  replacement_minor: unknown;
  refusal: 'UNMATCHED' | 'EXCEEDS_ORIGINAL' | null;
};

/** What a purchase earned, in the programme currency (CardPurchaseRecorded's figures). */
type PlannedEarning = ReturnType<typeof earningFor> & { currency: string };

/** A hold's or a purchase's outcome, decided before its row is written: the row's status and the journal to post. */
interface Planned {
  status: 'OPEN' | 'APPLIED';
  journal: JournalInput | null;
  /** purchases only */
  earning?: PlannedEarning;
}

export interface CardSinkDeps {
  db: Database;
  ledger: Ledger;
  rules: EarningRules;
  partners: PartnerDirectory;
  /** the customer's tier multiplier (basis points); never throws */
  tierMultiplier: (customerId: string) => Promise<bigint>;
  /** the tier behind the multiplier just read, when known (TierService.knownTier: no second core call); for CardPurchaseRecorded.tier */
  tierOf?: (customerId: string) => TierName | undefined;
  /** the programme currency: every hold and earning is in it */
  currency: string;
  /** the core's dated FX tables, for purchases in other currencies */
  fx: ExchangeRateSource;
  clock: () => Date;
  log: Logger;
  /** advices committed together (lib/db/group-commit.ts): at most `maxBatch` a transaction, `concurrency` transactions at once (default 1 embedded, 4 PostgreSQL) */
  groupCommit?: { maxBatch?: number; concurrency?: number };
}

/** An advice with what was read for it before any transaction. */
interface Prepared {
  advice: CardAdvice;
  tierBp: bigint;
  tier: TierName | undefined;
  basis: EarnBasis | FxUnavailableError | undefined;
}

const byCustomer = (a: Prepared, b: Prepared) => (a.advice.customerId < b.advice.customerId ? -1 : a.advice.customerId > b.advice.customerId ? 1 : 0);

/** A batch's own state: what its first statements read (each hold's or purchase's best boost rate), and the journals it posts together. */
interface Batch {
  boosts: Map<Prepared, number | undefined>;
  journals: PendingJournals;
}

/**
 * Takes the customers' advisory locks for the transaction, in one statement and in one order
 * (byte order, as `byCustomer` sorts): one customer's advices apply one at a time, so a reversal
 * and its original never race, and two transactions never wait on each other in a cycle.
 */
async function lockCustomers(tx: Queryable, customerIds: readonly string[]): Promise<void> {
  await tx.query(
    `SELECT count(pg_advisory_xact_lock(hashtext(k)::bigint))
     FROM (SELECT DISTINCT k COLLATE "C" AS k FROM unnest($1::text[]) AS k ORDER BY 1) AS ordered`,
    [customerIds.map((id) => `loyalty-customer:${id}`)],
  );
}

export class LedgerCardEventSink implements CardEventSink {
  private readonly commits: GroupCommit<Prepared, CardAdviceOutcome, Batch>;

  constructor(private readonly deps: CardSinkDeps) {
    // advices of several connections that arrive while one transaction runs share the next one; sorted
    // by customer, so concurrent transactions take the customers' locks in one order
    this.commits = new GroupCommit(deps.db, (tx, p, batch: Batch) => this.applyWithin(tx, p, batch), {
      begin: (tx, batch) => this.beginBatch(tx, batch),
      finish: (tx, batch) => batch.journals.flush(tx),
      maxBatch: deps.groupCommit?.maxBatch,
      concurrency: deps.groupCommit?.concurrency ?? (deps.db.kind === 'pglite' ? 1 : 4),
      order: byCustomer,
    });
  }

  async apply(advice: CardAdvice): Promise<CardAdviceOutcome> {
    validateAdvice(advice);
    // read before the transaction: a slow core must not hold a database connection and lock
    const tierBp = advice.kind === 'FINANCIAL' ? await this.deps.tierMultiplier(advice.customerId) : baseMultiplier(this.deps.rules);
    const tier = advice.kind === 'FINANCIAL' ? this.deps.tierOf?.(advice.customerId) : undefined;
    // a missing rate refuses only an advice not stored yet: a re-sent one is still answered as a duplicate
    const basis = advice.kind === 'REVERSAL' ? undefined : await this.earnBasisOf(advice);
    const outcome = await this.commits.run({ advice, tierBp, tier, basis });
    // outside the transaction: a programme account the journal opened is read for the next ones
    await this.deps.ledger.warmIfStale();
    return outcome;
  }

  /** A batch's first statements: its customers' locks, then the boosts its holds and purchases earn with. */
  private async beginBatch(tx: Queryable, batch: readonly Prepared[]): Promise<Batch> {
    const customerIds = batch.map((p) => p.advice.customerId);
    await lockCustomers(tx, customerIds);
    // the accounts a hold, a purchase or a reversal posts to: locked once for the batch, not once a journal
    await this.deps.ledger.lockCustomerAccounts(tx, customerIds, [
      { code: 'CUSTOMER_POINTS', unit: POINTS_UNIT },
      { code: 'CUSTOMER_CASHBACK_PENDING', unit: this.deps.currency },
      { code: 'CUSTOMER_CASHBACK_ON_HOLD', unit: this.deps.currency },
    ]);
    // read under the locks, as each advice's own read was: a boost activated before the advice counts
    const earning = batch.filter((p) => p.advice.kind !== 'REVERSAL' && !(p.basis instanceof FxUnavailableError));
    const rates = await bestBoostRates(
      tx,
      earning.map(({ advice }) => ({ customerId: advice.customerId, merchantId: advice.merchantId, at: advice.occurredAt })),
    );
    return { boosts: new Map(earning.map((p, i) => [p, rates[i]])), journals: new PendingJournals(this.deps.ledger) };
  }

  /** One advice inside its (group's) transaction: resolves with its answer, throws to roll back (no FX rate). */
  private async applyWithin(tx: Queryable, prepared: Prepared, batch: Batch): Promise<CardAdviceOutcome> {
    const { advice, tierBp, tier, basis } = prepared;
    const now = this.deps.clock();
    if (basis instanceof FxUnavailableError) {
      const prior = await this.priorAnswer(tx, advice);
      if (prior) return prior;
      // nothing may earn at a wrong rate, and nothing acknowledged may be lost: nothing is stored, the feed asks for a re-send
      this.deps.log.warn(
        { kind: advice.kind, currency: advice.currency, err: basis.message },
        'card advice not applied: no FX rate to earn in the programme currency',
      );
      throw basis;
    }
    // what a hold or a purchase posts is decided before its row goes in, so the row is written once, with its outcome
    const planned = advice.kind === 'REVERSAL' ? undefined : this.plan(advice, basis as EarnBasis, tierBp, batch.boosts.get(prepared), now);
    // a purchase's insert also finds, in the same statement, the open authorisation it completes (by
    // reference, else by card, merchant and amount) and whether reversals came first and wait for it
    const inserted = await tx.query<{ event_key: string; auth_key: string | null; held: boolean | null }>(
      `INSERT INTO card_events (event_key, kind, customer_id, card_id, amount_minor, currency, mcc, merchant_id, match_ref,
         original_key, occurred_at, received_at, replacement_minor, status, journal_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (event_key) DO NOTHING
       RETURNING event_key,
         CASE WHEN $2 = 'FINANCIAL' THEN (
           SELECT a.event_key FROM card_events a
           WHERE a.kind = 'AUTHORISATION' AND a.status = 'OPEN' AND a.customer_id = $3
             AND (($9::text IS NOT NULL AND a.match_ref = $9::text)
                  OR (a.card_id = $4 AND a.merchant_id = $8 AND a.amount_minor = $5 AND a.currency = $6))
           ORDER BY (a.match_ref = $9::text) DESC NULLS LAST, a.occurred_at, a.event_key LIMIT 1) END AS auth_key,
         CASE WHEN $2 = 'FINANCIAL' THEN EXISTS (
           SELECT 1 FROM card_events r WHERE r.kind = 'REVERSAL' AND r.status = 'HELD' AND r.original_key = $1) END AS held`,
      [
        advice.key,
        advice.kind,
        advice.customerId,
        advice.cardId,
        advice.amountMinor.toString(),
        advice.currency,
        advice.mcc,
        advice.merchantId,
        matchRefOf(advice.key),
        advice.originalKey ?? null,
        advice.occurredAt.toISOString(),
        now.toISOString(),
        advice.replacementAmountMinor?.toString() ?? null,
        planned?.status ?? 'NEW',
        planned?.journal?.idempotencyKey ?? null,
      ],
    );
    const [row] = inserted;
    if (!row) return (await this.priorAnswer(tx, advice)) ?? 'DUPLICATE';
    if (planned && row.auth_key === null && row.held !== true) {
      // reads nothing of the ledger: its journal goes in with the batch's others (PendingJournals)
      const earning = planned.earning;
      batch.journals.add(planned.journal, earning ? (journalId) => cardPurchaseRecorded(advice, earning, journalId, now, tier) : undefined);
      return 'APPLIED';
    }
    // what this advice reads of the ledger (a hold to end, an original to reverse) is posted first
    await batch.journals.flush(tx);
    if (!planned) return this.reverse(tx, advice.key, advice.originalKey as string, now);
    const posted = planned.journal ? await this.deps.ledger.postWithin(tx, planned.journal) : undefined;
    if (planned.earning) await this.afterPurchase(tx, advice, planned.earning, posted?.journalId, now, tier, row);
    return 'APPLIED';
  }

  /** A stored advice's answer again (a re-send): a refused reversal is refused again, anything else is a duplicate; undefined when not stored. */
  private async priorAnswer(tx: Queryable, advice: CardAdvice): Promise<CardAdviceOutcome | undefined> {
    const prior = await tx.query<Pick<EventRow, 'refusal'>>(`SELECT refusal FROM card_events WHERE event_key = $1`, [advice.key]);
    if (!prior[0]) return undefined;
    if (!advice.repeat) this.deps.log.info({ kind: advice.kind }, 'card advice re-sent: already applied');
    return prior[0].refusal ?? 'DUPLICATE';
  }

  /** What a hold or a purchase posts: the cash back hold, or the purchase's earning and journal (none when it earns nothing). */
  private plan(a: CardAdvice, basis: EarnBasis, tierBp: bigint, boost: number | undefined, now: Date): Planned {
    const conversion = basis.conversion ? { conversion: basis.conversion } : {};
    if (a.kind === 'AUTHORISATION') {
      const amount = cashBackOf(basis.amountMinor, cashBackRateBp(this.deps.rules, a.mcc, boost));
      const journal =
        amount > 0n
          ? cashBackHoldJournal({
              customerId: a.customerId,
              amount,
              currency: basis.currency,
              ...conversion,
              businessDate: businessDateOf(now),
              postedAt: now,
              idempotencyKey: `card:${a.key}:hold`,
              description: adviceDescription(a, 'Cash back on hold for a card payment'),
            })
          : null;
      return { status: 'OPEN', journal };
    }
    const partner = this.deps.partners.partnerOf(a.merchantId);
    const earning = earningFor(this.deps.rules, {
      amountMinor: basis.amountMinor,
      currency: basis.currency,
      mcc: a.mcc,
      tierMultiplierBp: tierBp,
      partnerBoostBp: partner ? (partner.earnBoostBp ?? this.deps.rules.points.partnerMultiplier) : undefined,
      boostRateBp: boost,
    });
    const journal = cardPurchaseJournal({
      customerId: a.customerId,
      cashBackMinor: earning.cashBackMinor,
      currency: basis.currency,
      points: earning.points,
      businessDate: businessDateOf(now),
      postedAt: now,
      idempotencyKey: `card:${a.key}:earn`,
      description: adviceDescription(a, 'Card purchase'),
      ...conversion,
    });
    return { status: 'APPLIED', journal, earning: { ...earning, currency: basis.currency } };
  }

  /**
   * What the advice earns on, in the programme currency: its own amount; else the cardholder
   * billing amount when the network billed in the programme currency; else its amount at the
   * core's rate of the purchase day. The FX error is returned, not thrown (see apply).
   */
  private async earnBasisOf(a: CardAdvice): Promise<EarnBasis | FxUnavailableError> {
    const programme = this.deps.currency;
    if (!needsConversion(a, programme)) return ownBasis(a);
    const billed = billingBasis(a, programme);
    if (billed) return billed;
    try {
      return coreRateBasis(a, programme, await this.deps.fx.ratesOn(businessDateOf(a.occurredAt)));
    } catch (err) {
      if (err instanceof FxUnavailableError) return err;
      throw err;
    }
  }

  private async setStatus(tx: Queryable, key: string, status: string, journalKey: string | null): Promise<void> {
    await tx.query(`UPDATE card_events SET status = $2, journal_key = COALESCE($3, journal_key) WHERE event_key = $1`, [key, status, journalKey]);
  }

  private async post(tx: Queryable, j: JournalInput | null): Promise<string | null> {
    if (!j) return null;
    await this.deps.ledger.postWithin(tx, j);
    return j.idempotencyKey;
  }

  /** A purchase posted: its event, then the authorisation hold it replaces ends, and reversals that came first apply. */
  private async afterPurchase(
    tx: Queryable,
    a: CardAdvice,
    earning: PlannedEarning,
    journalId: string | undefined,
    now: Date,
    tier: TierName | undefined,
    related: { auth_key: string | null; held: boolean | null },
  ): Promise<void> {
    // with the journal, in its transaction: a re-sent advice never gets here (its row exists), so it writes no second event
    await appendEvent(tx, cardPurchaseRecorded(a, earning, journalId, now, tier));
    if (related.auth_key) {
      const [auth] = await tx.query<EventRow>(`SELECT * FROM card_events WHERE event_key = $1`, [related.auth_key]);
      if (auth) await this.releaseHold(tx, auth, 'RELEASED', now);
    }
    if (!related.held) return;
    const held = await tx.query<{ event_key: string }>(
      `SELECT event_key FROM card_events WHERE kind = 'REVERSAL' AND status = 'HELD' AND original_key = $1 ORDER BY received_at, event_key`,
      [a.key],
    );
    for (const r of held) await this.reverse(tx, r.event_key, a.key, now);
  }

  private async releaseHold(tx: Queryable, auth: EventRow, status: 'RELEASED' | 'REVERSED', now: Date): Promise<string | null> {
    let journalKey: string | null = null;
    if (auth.journal_key) {
      const original = await this.deps.ledger.postingsOf(tx, auth.journal_key);
      const held = original.find((p) => p.account === 'CUSTOMER_CASHBACK_ON_HOLD');
      const amount = held?.amount ?? 0n;
      if (held && amount > 0n) {
        journalKey = await this.post(
          tx,
          cashBackHoldReleasedJournal({
            customerId: auth.customer_id,
            amount,
            // the hold's own unit: the programme currency, or the purchase's for a hold from before conversion
            currency: held.unit,
            businessDate: businessDateOf(now),
            postedAt: now,
            idempotencyKey: `card:${auth.event_key}:release`,
            description: 'Cash back hold ended',
          }),
        );
      }
    }
    await tx.query(`UPDATE card_events SET status = $2 WHERE event_key = $1`, [auth.event_key, status]);
    return journalKey;
  }

  /**
   * Applies the reversal `reversalKey` (already stored) to its original, when both are on the same
   * card and it undoes no more than is left; otherwise the reversal is kept as UNMATCHED and moves nothing.
   */
  private async reverse(tx: Queryable, reversalKey: string, originalKey: string, now: Date): Promise<CardAdviceOutcome> {
    const original = (await tx.query<EventRow>(`SELECT * FROM card_events WHERE event_key = $1 FOR UPDATE`, [originalKey]))[0];
    if (!original) {
      await this.setStatus(tx, reversalKey, 'HELD', null);
      return 'HELD';
    }
    const reversal = (await tx.query<EventRow>(`SELECT * FROM card_events WHERE event_key = $1 FOR UPDATE`, [reversalKey]))[0];
    if (!reversal) throw new Error(`card event ${reversalKey} is missing: a reversal is stored before it is applied`);
    const total = toBigInt(original.amount_minor);
    const before = toBigInt(original.reversed_minor);
    const undo = toBigInt(reversal.amount_minor) - (reversal.replacement_minor === null ? 0n : toBigInt(reversal.replacement_minor));
    const refusal = reversalRefusal(
      {
        kind: original.kind,
        customerId: original.customer_id,
        cardId: original.card_id,
        currency: original.currency,
        amountMinor: total,
        reversedMinor: before,
      },
      { customerId: reversal.customer_id, cardId: reversal.card_id, currency: reversal.currency, undoMinor: undo },
    );
    if (refusal) {
      await tx.query(`UPDATE card_events SET status = 'UNMATCHED', refusal = $2 WHERE event_key = $1`, [reversalKey, refusal]);
      this.deps.log.warn({ reversal: reversalKey, refusal }, 'card reversal refused (other card or more than is left of its original): nothing moved');
      return refusal;
    }
    const after = before + undo;
    const complete = after === total;
    let journalKey: string | null = null;
    if (original.kind === 'AUTHORISATION') {
      // a hold is not spendable: it ends whole when nothing of the authorisation is left, not in parts
      if (complete && original.status === 'OPEN') journalKey = await this.releaseHold(tx, original, 'REVERSED', now);
    } else if (original.journal_key && after > before) {
      journalKey = await this.reverseEarning(tx, original.journal_key, reversalKey, original, { total, before, after }, now);
    }
    await tx.query(`UPDATE card_events SET reversed_minor = $2, status = $3 WHERE event_key = $1`, [
      original.event_key,
      after.toString(),
      complete ? 'REVERSED' : original.status,
    ]);
    await this.setStatus(tx, reversalKey, 'APPLIED', journalKey);
    return 'APPLIED';
  }

  /** Takes back the share of a purchase's earning that the undone amount going from `before` to `after` stands for. */
  private async reverseEarning(
    tx: Queryable,
    earnKey: string,
    reversalKey: string,
    original: Pick<EventRow, 'customer_id' | 'card_id' | 'currency' | 'event_key'>,
    share: { total: bigint; before: bigint; after: bigint },
    now: Date,
  ): Promise<string | null> {
    const customerId = original.customer_id;
    const postings = (await this.deps.ledger.postingsOf(tx, earnKey))
      .map((p) => ({ ...p, amount: reversedShare(p.amount, share.total, share.before, share.after) }))
      .filter((p) => p.amount > 0n);
    if (postings.length === 0) return null;
    const balances = new Map<string, bigint>();
    for (const p of postings) {
      if (p.customerId && p.side === 'C') {
        balances.set(`${p.account}|${p.unit}`, await this.deps.ledger.lockedCustomerBalance(tx, p.account, p.unit, p.customerId));
      }
    }
    const journal = reversingJournal(postings, (acc, unit) => balances.get(`${acc}|${unit}`) ?? 0n, {
      idempotencyKey: `card:${reversalKey}:reverse`,
      kind: 'CARD_PURCHASE_REVERSED',
      customerId,
      businessDate: businessDateOf(now),
      postedAt: now,
      description: share.after === share.total ? 'Card purchase reversed' : 'Card purchase partly reversed',
    });
    const posted = await this.deps.ledger.postWithin(tx, journal);
    await appendEvent(tx, cardPurchaseReversed({ reversalKey, original, share, journal, journalId: posted.journalId, now }));
    return journal.idempotencyKey;
  }

  /** Ends authorisation holds older than the rules' hold time (the purchase never came). */
  async releaseStaleHolds(asOf: Date): Promise<number> {
    const cutoff = new Date(asOf.getTime() - this.deps.rules.authorisationHoldHours * 3_600_000);
    const stale = await this.deps.db.query<{ event_key: string; customer_id: string }>(
      `SELECT event_key, customer_id FROM card_events WHERE kind = 'AUTHORISATION' AND status = 'OPEN' AND occurred_at < $1 ORDER BY occurred_at`,
      [cutoff.toISOString()],
    );
    let released = 0;
    for (const s of stale) {
      released += await this.deps.db.transaction(async (tx) => {
        await lockCustomers(tx, [s.customer_id]);
        const rows = await tx.query<EventRow>(`SELECT * FROM card_events WHERE event_key = $1 AND status = 'OPEN' FOR UPDATE`, [s.event_key]);
        if (!rows[0]) return 0;
        await this.releaseHold(tx, rows[0], 'RELEASED', asOf);
        return 1;
      });
    }
    return released;
  }
}
