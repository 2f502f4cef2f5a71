// Accounts' record of the core's movements (core_movements) and of the notified entries it could
// not apply (core_parked_entries). A notification is applied in one transaction: its new movements,
// its parked entries and whatever onMovementsBooked writes beside them commit together or not at all.
import { toBigInt, type Database, type Queryable } from '../../../../lib/db/database';
import { appendEvent, newEvent, type DomainEvent } from '../../../../lib/events';
import type { CoreMovement, NotificationContent } from '../domain/core-movements';
import type { MovementBalances } from '../adapters/movement-balances';

/**
 * Called inside the transaction that stores a notification, with the movements it added (a
 * repeat adds none). Throwing rolls the whole notification back.
 */
export type MovementsBookedHook = (tx: Queryable, movements: readonly CoreMovement[]) => Promise<void>;

/** Called once the notification's transaction committed, with the movements it added (none: not called). Must not throw. */
export type MovementsCommittedHook = (movements: readonly CoreMovement[]) => Promise<void>;

/**
 * One `TransactionBooked` per newly stored movement, into accounts' event outbox in the same
 * transaction: the event exists exactly when the movement does, and a repeated notification (no
 * new movements) writes none.
 */
export const onMovementsBooked: MovementsBookedHook = async (tx, movements) => {
  const now = new Date();
  for (const m of movements) await appendEvent(tx, transactionBooked(m, now));
};

/**
 * The event of one movement: ids, signed amount, the core's bank transaction code and, when it was
 * read, the balance after it; no counterparty (a name) or remittance (free text).
 */
export function transactionBooked(m: CoreMovement, now: Date): DomainEvent<'TransactionBooked'> {
  const signed = m.creditDebit === 'DBIT' ? -m.amount.minor : m.amount.minor;
  return newEvent({
    type: 'TransactionBooked',
    key: `movement:${m.accountKey}:${m.entryReference}:${m.detailIndex}`,
    ...(m.customerId ? { customerId: m.customerId } : {}),
    occurredAt: now,
    payload: {
      accountId: m.accountKey,
      transactionId: m.servicerReference ?? m.transactionId ?? `${m.entryReference}/${m.detailIndex}`,
      amountMinor: signed.toString(),
      currency: m.amount.currency,
      bookedAt: bookedAtOf(m.bookingDate, now),
      ...(m.bankTransactionCode ? { bookingCode: m.bankTransactionCode.slice(0, 35) } : {}),
      ...(m.coreAccountId && m.balanceAfter ? { coreAccountId: m.coreAccountId, balanceAfterMinor: m.balanceAfter.minor.toString() } : {}),
      // engagement's customer facts (products held): only the four product types the catalogue knows
      ...(isAccountType(m.accountType) ? { accountType: m.accountType } : {}),
    },
  });
}

const ACCOUNT_TYPES = ['CURRENT', 'SAVINGS', 'LOAN', 'CARD'] as const;
const isAccountType = (t: string | undefined): t is (typeof ACCOUNT_TYPES)[number] => (ACCOUNT_TYPES as readonly string[]).includes(t ?? '');

/** BookgDt is a day (Dt) or an instant (DtTm); a day counts from its midnight UTC, none from when it was received. */
export function bookedAtOf(bookingDate: string | undefined, received: Date): string {
  if (!bookingDate) return received.toISOString();
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(bookingDate) ? `${bookingDate}T00:00:00Z` : bookingDate);
  return Number.isNaN(at.getTime()) ? received.toISOString() : at.toISOString();
}

export interface AppliedNotification {
  /** movements stored now */
  applied: number;
  /** movements already stored by an earlier delivery */
  duplicates: number;
  /** entries parked (an entry parked before counts too: the answer is the same for a repeat) */
  parked: number;
}

export class CoreMovements {
  constructor(
    private readonly db: Database,
    private readonly hook: MovementsBookedHook = onMovementsBooked,
    private readonly clock: () => Date = () => new Date(),
    /** after the commit: the live feed of accountActivity (graphql/account-activity.ts) */
    private readonly committed?: MovementsCommittedHook,
    /** before the transaction (a core read must not hold it open): the balance after each movement */
    private readonly balances?: MovementBalances,
  ) {}

  async apply(content: NotificationContent): Promise<AppliedNotification> {
    const at = this.clock().toISOString();
    const movements = this.balances ? await this.balances(content.movements) : content.movements;
    const { added, result } = await this.db.transaction(async (tx) => {
      const added: CoreMovement[] = [];
      for (const m of movements) {
        const rows = await tx.query(
          `INSERT INTO core_movements (account_key, entry_reference, detail_index, amount_minor, currency, credit_debit, booking_date, value_date,
             end_to_end_id, transaction_id, servicer_reference, counterparty_name, counterparty_iban, remittance, bank_transaction_code, message_id, received_at)
           VALUES ($1, $2, $3, $4::bigint, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::timestamptz)
           ON CONFLICT (account_key, entry_reference, detail_index) DO NOTHING RETURNING detail_index`,
          [
            m.accountKey,
            m.entryReference,
            m.detailIndex,
            m.amount.minor.toString(),
            m.amount.currency,
            m.creditDebit,
            m.bookingDate ?? null,
            m.valueDate ?? null,
            m.endToEndId ?? null,
            m.transactionId ?? null,
            m.servicerReference ?? null,
            m.counterpartyName ?? null,
            m.counterpartyIban ?? null,
            m.remittance ?? null,
            m.bankTransactionCode ?? null,
            m.messageId,
            at,
          ],
        );
        if (rows.length > 0) added.push(m);
      }
      for (const p of content.parked) {
        await tx.query(
          `INSERT INTO core_parked_entries (message_id, record_index, entry_index, account_key, entry_reference, reason, detail, parked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz) ON CONFLICT (message_id, record_index, entry_index) DO NOTHING`,
          [p.messageId, p.recordIndex, p.entryIndex, p.accountKey ?? null, p.entryReference ?? null, p.reason, p.detail.slice(0, 1000), at],
        );
      }
      await this.hook(tx, added);
      return { added, result: { applied: added.length, duplicates: content.movements.length - added.length, parked: content.parked.length } };
    });
    if (added.length > 0) await this.committed?.(added);
    return result;
  }

  /** An account's notified movements, newest entry first (tests and tools). */
  async ofAccount(accountKey: string, limit = 100): Promise<StoredMovement[]> {
    const rows = await this.db.query<MovementRow>(
      `SELECT entry_reference, detail_index, amount_minor, currency, credit_debit, servicer_reference, end_to_end_id, remittance
         FROM core_movements WHERE account_key = $1 ORDER BY received_at DESC, entry_reference DESC, detail_index LIMIT $2`,
      [accountKey, limit],
    );
    return rows.map((r) => ({
      entryReference: r.entry_reference,
      detailIndex: Number(r.detail_index),
      amountMinor: toBigInt(r.amount_minor),
      currency: r.currency,
      creditDebit: r.credit_debit,
      ...(r.servicer_reference ? { servicerReference: r.servicer_reference } : {}),
      ...(r.end_to_end_id ? { endToEndId: r.end_to_end_id } : {}),
      ...(r.remittance ? { remittance: r.remittance } : {}),
    }));
  }

  /** Parked entries, oldest first (tests and tools). */
  async parked(limit = 100): Promise<{ messageId: string; entryReference?: string; reason: string; detail: string }[]> {
    const rows = await this.db.query<{ message_id: string; entry_reference: string | null; reason: string; detail: string }>(
      'SELECT message_id, entry_reference, reason, detail FROM core_parked_entries ORDER BY parked_at, message_id, record_index, entry_index LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({
      messageId: r.message_id,
      ...(r.entry_reference ? { entryReference: r.entry_reference } : {}),
      reason: r.reason,
      detail: r.detail,
    }));
  }
}

interface MovementRow extends Record<string, unknown> {
  entry_reference: string;
  detail_index: unknown;
  amount_minor: unknown;
  currency: string;
  credit_debit: 'CRDT' | 'DBIT';
  servicer_reference: string | null;
  end_to_end_id: string | null;
  remittance: string | null;
}

export interface StoredMovement {
  entryReference: string;
  detailIndex: number;
  amountMinor: bigint;
  currency: string;
  creditDebit: 'CRDT' | 'DBIT';
  servicerReference?: string;
  endToEndId?: string;
  remittance?: string;
}
