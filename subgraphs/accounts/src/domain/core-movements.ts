// The core's debit/credit notifications (camt.054) as accounts keeps them: one movement per
// transaction detail of each booked entry, keyed by (account, entry reference, detail index) so a
// repeated notification is recognised, and the entries that cannot be applied, parked with why.
import type { CamtDocument, CamtRefusedEntry, CamtTransactionDetails, CreditDebit } from '../../../../legacy-adapters/iso20022/src';
import { isCustomerId } from '../../../../lib/customer-id';
import type { Money } from '../../../../lib/money';

export interface CoreMovement {
  /** IBAN (else Othr/Id) of the notified account */
  accountKey: string;
  /** the account owner's customer id, when the core names it (Acct/Ownr): whom the booking concerns */
  customerId?: string;
  /** NtryRef, else the entry's AcctSvcrRef */
  entryReference: string;
  /** position of the TxDtls in its entry (0 for an entry of one) */
  detailIndex: number;
  /** positive; the direction is creditDebit */
  amount: Money;
  creditDebit: CreditDebit;
  bookingDate?: string;
  valueDate?: string;
  endToEndId?: string;
  transactionId?: string;
  /** the core's reference of this transaction (TxDtls/Refs/AcctSvcrRef) */
  servicerReference?: string;
  counterpartyName?: string;
  counterpartyIban?: string;
  remittance?: string;
  /** domain/family/sub-family, e.g. PMNT/RCDT/SALA */
  bankTransactionCode?: string;
  messageId: string;
  /** the account's id in the core, when its balance was read (adapters/movement-balances.ts) */
  coreAccountId?: string;
  /** the account's ledger balance after this movement, when it could be read (camt.054 carries none) */
  balanceAfter?: Money;
  /** the account's product type in the core (CURRENT, SAVINGS, LOAN, CARD), read with its balance */
  accountType?: string;
}

/** Why an entry was parked: the parser's refusal, or one of accounts' own. */
export type ParkReason = 'CAMT_DETAILS_MISMATCH' | 'ENTRY_WITHOUT_REFERENCE' | 'ENTRY_NOT_BOOKED';

export interface ParkedEntry {
  messageId: string;
  recordIndex: number;
  entryIndex: number;
  accountKey?: string;
  entryReference?: string;
  reason: ParkReason;
  /** for the person looking at it: what did not fit (amounts, positions; no names) */
  detail: string;
}

export interface NotificationContent {
  messageId: string;
  movements: CoreMovement[];
  parked: ParkedEntry[];
}

/** The limits of core_movements' keys; a longer one is not a reference this bank's core writes. */
const MAX_KEY = 64;

function entryReferenceOf(entry: CamtRefusedEntry): string | undefined {
  const ref = entry.reference ?? entry.accountServicerReference;
  return ref && ref.length <= MAX_KEY ? ref : undefined;
}

function movementOf(
  entry: CamtRefusedEntry,
  d: CamtTransactionDetails,
  keys: { accountKey: string; customerId?: string; entryReference: string; messageId: string },
): CoreMovement {
  const btc = entry.bankTransactionCode;
  return {
    ...keys,
    detailIndex: d.index,
    amount: d.amount,
    creditDebit: d.creditDebit,
    ...(entry.bookingDate ? { bookingDate: entry.bookingDate } : {}),
    ...(entry.valueDate ? { valueDate: entry.valueDate } : {}),
    ...(d.endToEndId ? { endToEndId: d.endToEndId } : {}),
    ...(d.transactionId ? { transactionId: d.transactionId } : {}),
    ...(d.accountServicerReference ? { servicerReference: d.accountServicerReference } : {}),
    ...(d.counterpartyName ? { counterpartyName: d.counterpartyName } : {}),
    ...(d.counterpartyIban ? { counterpartyIban: d.counterpartyIban } : {}),
    ...((d.remittanceInformation ?? entry.additionalInfo) ? { remittance: d.remittanceInformation ?? entry.additionalInfo } : {}),
    ...(btc?.domain ? { bankTransactionCode: [btc.domain, btc.family, btc.subFamily].filter(Boolean).join('/') } : {}),
  };
}

/**
 * What a parsed notification (read with `detailsMismatch: 'emit'`) asks accounts to store: every
 * booked entry's details as movements; an entry refused by the reader, without a usable reference,
 * or not booked (PDNG, INFO) is parked instead, and the others still apply.
 */
export function notificationContent(doc: CamtDocument): NotificationContent {
  const messageId = doc.message.messageId;
  const movements: CoreMovement[] = [];
  const parked: ParkedEntry[] = [];
  for (const record of doc.records) {
    const accountKey = (record.account.iban ?? record.account.otherId ?? '').slice(0, MAX_KEY);
    // an owner id that is no customer id of ours is not passed on (it would fail the event envelope)
    const owner = record.account.ownerId;
    const customerId = owner && isCustomerId(owner) ? owner : undefined;
    const park = (entry: CamtRefusedEntry, reason: ParkReason, detail: string) => {
      const entryReference = entry.reference ?? entry.accountServicerReference;
      parked.push({
        messageId,
        recordIndex: record.index,
        entryIndex: entry.index,
        accountKey,
        ...(entryReference ? { entryReference: entryReference.slice(0, MAX_KEY) } : {}),
        reason,
        detail,
      });
    };
    for (const refused of record.refused ?? []) park(refused.entry, refused.error.code, refused.error.message);
    for (const entry of record.entries) {
      const entryReference = entryReferenceOf(entry);
      if (!entryReference) park(entry, 'ENTRY_WITHOUT_REFERENCE', `Ntry #${entry.index + 1}: no NtryRef or AcctSvcrRef of at most ${MAX_KEY} characters`);
      else if (entry.status !== 'BOOK') park(entry, 'ENTRY_NOT_BOOKED', `Ntry #${entry.index + 1} (${entryReference}): status ${entry.status.slice(0, 8)}`);
      else
        for (const d of entry.details) movements.push(movementOf(entry, d, { accountKey, ...(customerId ? { customerId } : {}), entryReference, messageId }));
    }
  }
  return { messageId, movements, parked };
}
