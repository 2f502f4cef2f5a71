// The core's mutable state on top of the seeded bank: transfers and entries booked while running (an overlay of
// transactions per account), the balance changes they cause, and the idempotency record of
// caller references. Money is bigint minor units; lib/money parses the decimal strings.
import { LRUCache } from 'lru-cache';
import type { CardTargetStatus, CoreBusinessCode } from '../../../legacy-adapters/soap/src';
import { MoneyError, parseDecimal, CURRENCY_EXPONENT } from '../../../lib/money';
import { isoOfDay } from './calendar';
import type { Dataset } from './dataset';
import { buildGlAccounts, GL_HOLDER_NAME, isGlAccount } from './gl';
import { isValidIban, normaliseIban } from './iban';
import { nth } from './nth';
import { listFrom, type Page, type PageKey, type PageRequest, pageOf, startOf } from './paging';
import type { Account, Booking, Card, CardStatus, EntryLine, Txn } from './types';

/** A refusal the core answers with Status FAILURE (not a SOAP Fault). */
export class BusinessError extends Error {
  constructor(
    readonly code: CoreBusinessCode,
    message: string,
    readonly ref?: string,
  ) {
    super(message);
    this.name = 'BusinessError';
  }
}

export interface TransferInput {
  fromAccountId?: string;
  toAccountId?: string;
  toIban?: string;
  toName?: string;
  amount?: string;
  currency?: string;
  narrative?: string;
  callerReference?: string;
  /** v1.1: the pain.001 document of a payment to another bank (kept, not interpreted) */
  paymentMessage?: string;
}

/** An outbound payment as the core hands it to the clearing (kept for tests: GET /admin/payments). */
interface OutboundPayment {
  txnId: string;
  callerReference: string;
  fromAccountId: string;
  toIban: string;
  toName?: string;
  amountMinor: bigint;
  currency: string;
  bookedAtMs: number;
  /** the pain.001 XML as the caller sent it (absent: an older caller sent none) */
  message?: string;
}

export interface TransferOutcome {
  txnId: string;
  callerReference: string;
  status: 'BOOKED';
  bookedAtMs: number;
  amountMinor: bigint;
  currency: string;
  replayed: boolean;
  /** INTERNAL: both legs booked here; OUTBOUND: the credit leg is at another bank */
  route: 'INTERNAL' | 'OUTBOUND';
}

export interface CardStatusChange {
  card: Card;
  /** the card's status after the call */
  status: CardStatus;
  /** false: it already was in the asked state */
  changed: boolean;
}

interface Balance {
  ledgerMinor: bigint;
  availableMinor: bigint;
}

interface CoreBankOptions {
  /** bound of the cache of generated days, in transactions (default 10k: a few MB; generating a day costs microseconds, the cache only spares re-reads of the hottest days) */
  cacheTransactions?: number;
  /** clock, for tests */
  now?: () => number;
}

const DEBITABLE = new Set(['CURRENT', 'SAVINGS']);
const MAX_REFERENCE = 64;

export class CoreBank {
  /** generated days by (account, day); bounded by transactions held, so a few busy days cannot crowd memory */
  private readonly cache: LRUCache<number, Txn[]>;
  private readonly overlay = new Map<number, Txn[]>();
  private readonly deltas = new Map<number, bigint>();
  private readonly pending = new Map<number, bigint>();
  private readonly byReference = new Map<string, { fingerprint: string; outcome: TransferOutcome }>();
  private readonly outbound = new Map<string, OutboundPayment>();
  /** statuses set while running (a freeze), by card index: the seeded cards stay as generated */
  private readonly cardStatuses = new Map<number, CardStatus>();
  private readonly now: () => number;
  /** the bank's own general-ledger accounts (gl.ts), kept out of the dataset so no customer query sees them */
  readonly glAccounts: readonly Account[];
  private readonly glById: Map<string, Account>;
  private seq = 0;
  private created = 0;
  private readonly listeners: ((booking: Booking) => void)[] = [];

  constructor(
    readonly dataset: Dataset,
    options: CoreBankOptions = {},
  ) {
    this.cache = new LRUCache({ maxSize: options.cacheTransactions ?? 10_000, sizeCalculation: (txns) => txns.length + 1 });
    this.now = options.now ?? Date.now;
    const first = dataset.generator.calendar.first;
    this.glAccounts = buildGlAccounts(dataset.accounts.length, first, isoOfDay(first));
    this.glById = new Map(this.glAccounts.map((a) => [a.accountId, a]));
  }

  /** `listener` sees every booking as it is made, in booking order (the notifier: notify/notifier.ts). */
  onBooking(listener: (booking: Booking) => void): void {
    this.listeners.push(listener);
  }

  /** One entry from outside (a salary run, a card settlement, a bill), booked like a transfer; the caller checks funds. */
  bookEntry(a: Account, lines: readonly EntryLine[]): Booking {
    const bookedAtMs = Math.max(this.now(), this.newest(a) + 1);
    const id = `B-${String(++this.seq).padStart(7, '0')}`;
    const common = { account: a.index, bookedAtMs, valueDate: isoOfDay(Math.floor(bookedAtMs / 86_400_000)), currency: a.currency, status: 'BOOKED' as const };
    const txns = lines.map((l, i): Txn => ({ ...l, ...common, txnId: lines.length > 1 ? `${id}-${i + 1}` : id }));
    return this.post(a, id, txns);
  }

  /** A customer's account or one of the bank's GL accounts. */
  accountById(id: string): Account | undefined {
    return this.dataset.accountById.get(id) ?? this.glById.get(id);
  }

  /** The account with this index (a Txn's `account`), GL accounts included. */
  accountAt(index: number): Account {
    const account = this.dataset.accounts[index] ?? this.glAccounts[index - this.dataset.accounts.length];
    if (!account) throw new RangeError(`no account at index ${index}`);
    return account;
  }

  private holderName(a: Account): string {
    return isGlAccount(a) ? GL_HOLDER_NAME : nth(this.dataset.customers, a.customer, 'customer').fullName;
  }

  /** One seeded day of an account, oldest first, through the LRU of generated days. */
  private day(a: Account, day: number): Txn[] {
    // window <= HISTORY_DAYS < 512 days, so (account, day offset) packs into one number
    const key = a.index * 512 + (day - this.dataset.generator.calendar.first);
    let txns = this.cache.get(key);
    if (!txns) {
      txns = this.dataset.generator.generateDay(a, day);
      this.cache.set(key, txns);
    }
    return txns;
  }

  private *seeded(a: Account, start?: PageKey, fromMs?: number): Generator<Txn> {
    if (isGlAccount(a)) return; // a GL account has no seeded history
    yield* this.dataset.generator.iterate(a, start, fromMs, (d) => this.day(a, d));
  }

  /** Transactions created while running, newest first. */
  createdOf(a: Account): readonly Txn[] {
    return this.overlay.get(a.index) ?? [];
  }

  page(a: Account, req: PageRequest): Page {
    const start = startOf(req);
    return pageOf([listFrom(this.createdOf(a), start), this.seeded(a, start, req.fromMs)], req);
  }

  /** The whole history, newest first (tests and tools; a page is what callers get). */
  allTransactions(a: Account): Txn[] {
    return this.page(a, { pageSize: Number.MAX_SAFE_INTEGER }).items;
  }

  /** Number of transactions in an account's history, seeded and created. */
  countOf(a: Account): number {
    return a.txnCount + this.createdOf(a).length;
  }

  get createdTransactions(): number {
    return this.created;
  }

  get totalTransactions(): number {
    return this.dataset.generatedTransactions + this.created;
  }

  get cacheStats(): { days: number; transactions: number } {
    return { days: this.cache.size, transactions: this.cache.calculatedSize };
  }

  private pendingDebits(a: Account): bigint {
    let p = this.pending.get(a.index);
    if (p === undefined) {
      p = isGlAccount(a) ? 0n : this.dataset.generator.pendingDebits(a, (d) => this.day(a, d));
      this.pending.set(a.index, p);
    }
    return p;
  }

  balance(a: Account): Balance {
    const delta = this.deltas.get(a.index) ?? 0n;
    if (a.status === 'CLOSED') return { ledgerMinor: 0n, availableMinor: 0n };
    const pending = this.pendingDebits(a);
    switch (a.type) {
      case 'CURRENT':
      case 'SAVINGS': {
        const available = a.baseMinor + delta;
        return { ledgerMinor: available + pending, availableMinor: available };
      }
      case 'CARD': {
        const ledger = a.baseMinor + delta;
        return { ledgerMinor: ledger, availableMinor: (a.creditLimitMinor ?? 0n) + ledger - pending };
      }
      case 'LOAN':
        return { ledgerMinor: a.baseMinor + delta, availableMinor: 0n };
    }
  }

  private newest(a: Account): number {
    const created = this.createdOf(a)[0];
    const seeded = this.seeded(a).next();
    return Math.max(created?.bookedAtMs ?? 0, seeded.done ? 0 : seeded.value.bookedAtMs);
  }

  private fingerprint(input: TransferInput): string {
    let amount = (input.amount ?? '').trim();
    try {
      if (input.currency) amount = parseDecimal(amount, input.currency).minor.toString();
    } catch {
      /* kept as sent: an unparsable amount only ever equals itself */
    }
    return JSON.stringify([
      input.fromAccountId ?? '',
      input.toAccountId ?? '',
      input.toIban ? normaliseIban(input.toIban) : '',
      input.toName ?? '',
      amount,
      input.currency ?? '',
      input.narrative ?? '',
    ]);
  }

  private account(id: string | undefined, field: string): Account {
    if (!id) throw new BusinessError('INVALID_REQUEST', `${field} is required`);
    const a = this.accountById(id);
    if (!a) throw new BusinessError('ACCOUNT_NOT_FOUND', `no account ${id}`, id);
    return a;
  }

  /**
   * Moves money, or refuses with a BusinessError and changes nothing. The same CallerReference
   * with the same transfer returns the first outcome again (replayed), with another transfer it
   * is refused. Only successful transfers are remembered: a refused one may be retried.
   */
  // eslint-disable-next-line max-lines-per-function -- the core's posting rules in the order the real core checks them; each step reads the one before
  transfer(input: TransferInput): TransferOutcome {
    const reference = (input.callerReference ?? '').trim();
    if (!reference) throw new BusinessError('INVALID_REQUEST', 'CallerReference is required');
    if (reference.length > MAX_REFERENCE)
      throw new BusinessError('INVALID_REQUEST', `CallerReference longer than ${MAX_REFERENCE}`, reference.slice(0, MAX_REFERENCE));
    const fingerprint = this.fingerprint(input);
    const prior = this.byReference.get(reference);
    if (prior) {
      if (prior.fingerprint === fingerprint) return { ...prior.outcome, replayed: true };
      throw new BusinessError('REFERENCE_REUSED', `CallerReference ${reference} was used for another transfer`, reference);
    }

    if (Boolean(input.toAccountId) === Boolean(input.toIban)) {
      throw new BusinessError('INVALID_REQUEST', 'exactly one of ToAccountId and ToIban is required');
    }
    const from = this.account(input.fromAccountId, 'FromAccountId');
    const currency = (input.currency ?? '').trim();
    if (currency !== from.currency) {
      throw new BusinessError('CURRENCY_MISMATCH', `account ${from.accountId} is in ${from.currency}, transfer in ${currency || '(none)'}`, from.accountId);
    }
    if (CURRENCY_EXPONENT[currency] === undefined) throw new BusinessError('CURRENCY_MISMATCH', `unknown currency ${currency}`, from.accountId);
    let amount: bigint;
    try {
      amount = parseDecimal(input.amount ?? '', currency).minor;
    } catch (err) {
      const why = err instanceof MoneyError && err.code === 'TOO_MANY_DECIMALS' ? err.message : 'Amount is not a decimal number';
      throw new BusinessError('INVALID_AMOUNT', why);
    }
    if (amount <= 0n) throw new BusinessError('INVALID_AMOUNT', 'Amount must be greater than zero');
    if (from.status === 'CLOSED') throw new BusinessError('ACCOUNT_CLOSED', `account ${from.accountId} is closed`, from.accountId);
    if (!DEBITABLE.has(from.type)) throw new BusinessError('INVALID_REQUEST', `a ${from.type} account cannot be debited by transfer`, from.accountId);

    let to: Account | undefined;
    let toIban: string;
    if (input.toAccountId) {
      to = this.account(input.toAccountId, 'ToAccountId');
      toIban = to.iban;
    } else {
      toIban = normaliseIban(input.toIban ?? '');
      if (!isValidIban(toIban)) throw new BusinessError('INVALID_REQUEST', 'ToIban is not a valid IBAN', input.toIban);
      // an IBAN of this bank is a transfer inside it
      to = this.dataset.accountByIban.get(toIban);
    }
    if (to) {
      if (to.index === from.index) throw new BusinessError('INVALID_REQUEST', 'cannot transfer to the same account', to.accountId);
      if (to.status === 'CLOSED') throw new BusinessError('ACCOUNT_CLOSED', `account ${to.accountId} is closed`, to.accountId);
      if (to.currency !== currency) throw new BusinessError('CURRENCY_MISMATCH', `account ${to.accountId} is in ${to.currency}`, to.accountId);
      if (to.type === 'LOAN' && amount > -this.balance(to).ledgerMinor) {
        throw new BusinessError('INVALID_AMOUNT', `Amount exceeds what is owed on ${to.accountId}`, to.accountId);
      }
    }
    // the bank's own funds are not limited: a GL account's balance goes negative by what it paid
    if (!isGlAccount(from) && amount > this.balance(from).availableMinor) {
      throw new BusinessError('INSUFFICIENT_FUNDS', `not enough available on ${from.accountId}`, from.accountId);
    }

    // booked now, but never below an account's newest entry: a transfer always lands on top
    let bookedAtMs = Math.max(this.now(), this.newest(from) + 1);
    if (to) bookedAtMs = Math.max(bookedAtMs, this.newest(to) + 1);
    const id = `X-${String(++this.seq).padStart(7, '0')}`;
    const fromHolder = this.holderName(from);
    const toHolder = to ? this.holderName(to) : input.toName;
    const valueDate = isoOfDay(Math.floor(bookedAtMs / 86_400_000));
    const base = { bookedAtMs, valueDate, amountMinor: amount, currency, status: 'BOOKED' as const, kind: 'TRANSFER' as const, reference };
    this.post(from, id, [
      {
        ...base,
        txnId: id,
        account: from.index,
        direction: 'DEBIT',
        description: input.narrative || `Transfer to ${toHolder ?? toIban}`,
        ...(toHolder ? { counterpartyName: toHolder } : {}),
        ...(toIban ? { counterpartyIban: toIban } : {}),
      },
    ]);
    if (to) {
      const credit: Txn = {
        ...base,
        txnId: `${id}-C`,
        account: to.index,
        direction: 'CREDIT',
        description: input.narrative || `Transfer from ${fromHolder}`,
        counterpartyName: fromHolder,
        ...(from.iban ? { counterpartyIban: from.iban } : {}),
      };
      this.post(to, credit.txnId, [credit]);
    }
    const outcome: TransferOutcome = {
      txnId: id,
      callerReference: reference,
      status: 'BOOKED',
      bookedAtMs,
      amountMinor: amount,
      currency,
      replayed: false,
      route: to ? 'INTERNAL' : 'OUTBOUND',
    };
    if (!to) {
      this.outbound.set(id, {
        txnId: id,
        callerReference: reference,
        fromAccountId: from.accountId,
        toIban,
        toName: input.toName,
        amountMinor: amount,
        currency,
        bookedAtMs,
        ...(input.paymentMessage ? { message: input.paymentMessage } : {}),
      });
    }
    this.byReference.set(reference, { fingerprint, outcome });
    return outcome;
  }

  /** Puts an entry's movements on top of the account's history and into its balance, then tells the listeners. */
  private post(a: Account, entryReference: string, txns: Txn[]): Booking {
    const list = this.overlay.get(a.index) ?? [];
    for (const t of txns) {
      list.unshift(t); // bookedAt is above everything already there (see transfer, bookEntry)
      this.deltas.set(a.index, (this.deltas.get(a.index) ?? 0n) + (t.direction === 'CREDIT' ? t.amountMinor : -t.amountMinor));
    }
    this.overlay.set(a.index, list);
    this.created += txns.length;
    const booking: Booking = { account: a, entryReference, txns };
    for (const listener of this.listeners) listener(booking);
    return booking;
  }

  /** The outcome of the transfer booked under this CallerReference (refused ones are not remembered), if any. */
  transferByReference(callerReference: string): TransferOutcome | undefined {
    return this.byReference.get(callerReference.trim())?.outcome;
  }

  /** Outbound payments made while running, oldest first; or the one with this txn id / caller reference. */
  outboundPayments(key?: string): OutboundPayment[] {
    const all = [...this.outbound.values()];
    return key === undefined ? all : all.filter((p) => p.txnId === key || p.callerReference === key);
  }

  /** A card's status now: what SetCardStatus last set, else as seeded. */
  cardStatus(card: Card): CardStatus {
    return this.cardStatuses.get(card.index) ?? card.status;
  }

  /**
   * A temporary freeze (FROZEN) or its release (ACTIVE). Idempotent by target state: a card already
   * there answers unchanged. BLOCKED (lost, stolen) and EXPIRED are final here: a freeze cannot
   * hide them and a release cannot undo them (CARD_STATUS_CONFLICT, nothing changes). With
   * `customerId`, another customer's card answers as an unknown one.
   */
  setCardStatus(input: { cardId?: string; customerId?: string; target?: string }): CardStatusChange {
    const cardId = (input.cardId ?? '').trim();
    if (!cardId) throw new BusinessError('INVALID_REQUEST', 'CardId is required');
    const target = (input.target ?? '').trim();
    if (target !== 'FROZEN' && target !== 'ACTIVE') throw new BusinessError('INVALID_REQUEST', 'TargetStatus must be FROZEN or ACTIVE');
    const card = this.dataset.cardById.get(cardId);
    const holder = card ? this.dataset.customers[card.customer]?.customerId : undefined;
    if (!card || (input.customerId && input.customerId.trim() !== holder)) throw new BusinessError('CARD_NOT_FOUND', `no card ${cardId}`, cardId);
    const current = this.cardStatus(card);
    if (current === target) return { card, status: current, changed: false };
    if (current !== 'ACTIVE' && current !== 'FROZEN') {
      throw new BusinessError('CARD_STATUS_CONFLICT', `card ${cardId} is ${current}: it cannot be set to ${target}`, cardId);
    }
    this.cardStatuses.set(card.index, target satisfies CardTargetStatus);
    return { card, status: target, changed: true };
  }

  /** Forgets every transfer and card status change made while running (the seeded bank is untouched). */
  resetState(): void {
    this.cardStatuses.clear();
    this.outbound.clear();
    this.overlay.clear();
    this.deltas.clear();
    this.byReference.clear();
    this.seq = 0;
    this.created = 0;
  }
}
