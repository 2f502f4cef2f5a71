// The core's operations: request bodies in schema order, and what each answer means. Batch
// operations turn per-id errors (Errors with Ref) into that id's result, the others still succeed.
import { MAX_BALANCE_IDS, MAX_TRANSACTION_QUERIES } from './contract';
import { businessError, CoreError, malformed } from './errors';
import type { CoreCaller, CoreErrorItem, CoreResponse } from './call-core';
import { mapAccount, mapBalance, mapCard, mapCustomer, mapExchangeRate, mapTransactionPage, mapTransferResult, XmlReader } from './mapping';
import type { CardTargetStatus } from './contract';
import type {
  CardStatusResult,
  CoreAccount,
  CoreBalance,
  CoreCallContext,
  CoreCard,
  CoreCustomer,
  CoreTransactionPage,
  ExchangeRates,
  TransactionPageQuery,
  TransferRequest,
  TransferResult,
} from './types';

export class CoreOperations {
  constructor(private readonly caller: CoreCaller) {}

  async queryCustomer(customerId: string, ctx: CoreCallContext): Promise<CoreCustomer> {
    const res = succeeded(await this.caller.call('QueryCustomer', { CustomerId: customerId }, ctx));
    const r = reader(res);
    if (!r.has('Customer')) throw malformed(res.operation, 'SUCCESS without Customer', res.messageId);
    return mapCustomer(r.child('Customer'));
  }

  async queryAccountsOfCustomer(customerId: string, ctx: CoreCallContext): Promise<CoreAccount[]> {
    const res = succeeded(await this.caller.call('QueryAccSumm', { CustomerId: customerId }, ctx));
    return reader(res).list('Accounts', 'Account').map(mapAccount);
  }

  /** One result per id, in order: a balance or that id's CoreError. Throws only if the call failed. */
  async queryBalances(accountIds: readonly string[], ctx: CoreCallContext): Promise<Array<CoreBalance | CoreError>> {
    const results = await Promise.all(
      chunks(accountIds, MAX_BALANCE_IDS).map(async (ids) => {
        const unique = [...new Set(ids)];
        const res = await this.caller.call('QueryAccBal', { AccountIds: { AccountId: unique } }, ctx);
        const balances = new Map<string, CoreBalance>();
        for (const b of reader(res).list('Balances', 'Balance').map(mapBalance)) balances.set(b.accountId, b);
        const errors = new BatchErrors(res);
        return ids.map((id) => balances.get(id) ?? errors.forKey(id, 'no balance returned for a requested account'));
      }),
    );
    return results.flat();
  }

  /**
   * One result per query, in order. Each query carries its position as QueryId, which the core
   * echoes in its page and in the Ref of its errors, so one call may hold several queries for the
   * same account (a dashboard's first page and its month of spending) and nothing is matched to
   * the wrong query.
   */
  async queryTransactionPages(queries: readonly TransactionPageQuery[], ctx: CoreCallContext): Promise<Array<CoreTransactionPage | CoreError>> {
    const indexed = queries.map((item, index) => ({ item, index }));
    const results: Array<CoreTransactionPage | CoreError> = new Array(queries.length);
    await Promise.all(
      chunks(indexed, MAX_TRANSACTION_QUERIES).map(async (batch) => {
        const res = await this.caller.call(
          'QueryTransactions',
          { Queries: { Query: batch.map(({ item, index }) => transactionQueryXml(item, String(index))) } },
          ctx,
        );
        const byQuery = new Map<string, CoreTransactionPage>();
        // a v1.0 core echoes no QueryId: its pages (and error Refs) are matched by account, which
        // is unambiguous only for an account asked about once in the call
        const byAccount = new Map<string, CoreTransactionPage>();
        for (const page of reader(res).list('Pages', 'Page').map(mapTransactionPage)) {
          if (page.queryId !== undefined) byQuery.set(page.queryId, page);
          else if (!byAccount.has(page.accountId)) byAccount.set(page.accountId, page);
        }
        const asked = new Map<string, number>();
        for (const { item } of batch) asked.set(item.accountId, (asked.get(item.accountId) ?? 0) + 1);
        const errors = new BatchErrors(res);
        for (const { item, index } of batch) {
          const once = asked.get(item.accountId) === 1;
          const page = byQuery.get(String(index)) ?? (once ? byAccount.get(item.accountId) : undefined);
          if (page && page.accountId === item.accountId) {
            const { queryId: _echo, ...rest } = page;
            results[index] = rest;
          } else {
            const key = errors.has(String(index)) || !once ? String(index) : item.accountId;
            results[index] = errors.forKey(key, 'no page returned for a requested query', item.accountId);
          }
        }
      }),
    );
    return results;
  }

  async queryCardsOfCustomer(customerId: string, ctx: CoreCallContext): Promise<CoreCard[]> {
    const res = await this.caller.call('QueryCard', { CustomerId: customerId }, ctx);
    // a customer without cards is not an error for the graph
    if (res.status === 'FAILURE' && res.errors.length > 0 && res.errors.every((e) => e.code === 'CARD_NOT_FOUND')) return [];
    return reader(succeeded(res)).list('Cards', 'Card').map(mapCard);
  }

  /** The card with this PAN, or null. The PAN goes to the core only: never into logs or errors. */
  async queryCardByPan(pan: string, ctx: CoreCallContext): Promise<CoreCard | null> {
    const res = await this.caller.call('QueryCard', { Pan: pan }, ctx);
    if (res.status === 'FAILURE' && res.errors.length > 0 && res.errors.every((e) => e.code === 'CARD_NOT_FOUND')) return null;
    const cards = reader(succeeded(res)).list('Cards', 'Card').map(mapCard);
    return cards[0] ?? null;
  }

  /**
   * Freezes (FROZEN) or releases (ACTIVE) a card, for `customerId` when given (the core then
   * answers another customer's card as unknown). Retried like a read (call-core.ts WRITES says why).
   */
  async setCardStatus(cardId: string, target: CardTargetStatus, ctx: CoreCallContext, customerId?: string): Promise<CardStatusResult> {
    const op = 'SetCardStatus';
    if (!nonEmpty(cardId)) throw new CoreError('INVALID_REQUEST', op, 'cardId is required');
    if (target !== 'FROZEN' && target !== 'ACTIVE') throw new CoreError('INVALID_REQUEST', op, 'target must be FROZEN or ACTIVE');
    const args: Record<string, unknown> = { CardId: cardId };
    if (customerId !== undefined) args.CustomerId = customerId;
    args.TargetStatus = target;
    const res = succeeded(await this.caller.call(op, args, ctx));
    const r = reader(res);
    if (!r.has('Card')) throw malformed(op, 'SUCCESS without Card', res.messageId);
    const card = mapCard(r.child('Card'));
    // the answer must be about the card asked for and in the state asked for, or it is not an answer
    if (card.cardId !== cardId) throw malformed(op, 'Card is another card than the one asked for', res.messageId);
    if (card.status !== target) throw malformed(op, `Card is ${card.status}, asked for ${target}`, res.messageId);
    // a core without the Changed element (optional in core.xsd) says nothing: taken as changed
    const changed = r.has('Changed') ? r.bool('Changed') : true;
    return { card, changed };
  }

  /** A transfer. Never retried: resend with the same callerReference to learn the outcome. */
  async createTransaction(req: TransferRequest, ctx: CoreCallContext): Promise<TransferResult> {
    validateTransfer(req);
    const transfer: Record<string, unknown> = { FromAccountId: req.fromAccountId };
    if (req.toAccountId !== undefined) transfer.ToAccountId = req.toAccountId;
    if (req.toIban !== undefined) transfer.ToIban = req.toIban;
    if (req.toName !== undefined) transfer.ToName = req.toName;
    transfer.Amount = req.amount;
    transfer.Currency = req.currency;
    if (req.narrative !== undefined) transfer.Narrative = req.narrative;
    transfer.CallerReference = req.callerReference;
    if (req.paymentMessage !== undefined) transfer.PaymentMessage = req.paymentMessage;
    const res = succeeded(await this.caller.call('CreateTransaction', { Transfer: transfer }, ctx));
    const r = reader(res);
    if (!r.has('Result')) throw malformed(res.operation, 'SUCCESS without Result', res.messageId);
    return mapTransferResult(r.child('Result'));
  }

  /** The transfer booked under `callerReference`, or null when the core booked none. A read: retried like one. */
  async queryTransfer(callerReference: string, ctx: CoreCallContext): Promise<TransferResult | null> {
    if (!nonEmpty(callerReference)) throw new CoreError('INVALID_REQUEST', 'QueryTransfer', 'callerReference is required');
    const res = succeeded(await this.caller.call('QueryTransfer', { CallerReference: callerReference }, ctx));
    const r = reader(res);
    return r.has('Result') ? mapTransferResult(r.child('Result')) : null;
  }

  /**
   * The core's FX table in force on `rateDate` (YYYY-MM-DD), per one unit of `baseCurrency` (the
   * core's own base, EUR, when absent). No rates when the core has no table on or before that day.
   * A read: retried and breaker-protected like the others.
   */
  async exchangeRates(rateDate: string, ctx: CoreCallContext, baseCurrency?: string): Promise<ExchangeRates> {
    const op = 'GetExchangeRates';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(rateDate)) throw new CoreError('INVALID_REQUEST', op, 'rateDate must be YYYY-MM-DD');
    if (baseCurrency !== undefined && !/^[A-Z]{3}$/.test(baseCurrency)) throw new CoreError('INVALID_REQUEST', op, 'baseCurrency must be an ISO 4217 code');
    const args: Record<string, unknown> = { RateDate: rateDate };
    if (baseCurrency !== undefined) args.BaseCurrency = baseCurrency;
    const res = succeeded(await this.caller.call(op, args, ctx));
    const r = reader(res);
    const base = r.optStr('BaseCurrency') ?? baseCurrency ?? 'EUR';
    if (baseCurrency !== undefined && base !== baseCurrency) throw malformed(op, `rates per ${base}, asked per ${baseCurrency}`, res.messageId);
    const rates = r.list('Rates', 'Rate').map(mapExchangeRate);
    // a table later than the day asked would price a purchase at rates not yet known that day
    if (rates.some((x) => x.rateDate > rateDate)) throw malformed(op, 'a rate dated after the asked RateDate', res.messageId);
    return { base, rates };
  }
}

const AMOUNT = /^\d+(\.\d+)?$/;

/** Refuses what the core would refuse anyway, without a call; amounts must be decimal text. */
function validateTransfer(req: TransferRequest): void {
  const op = 'CreateTransaction';
  const bad = (code: 'INVALID_REQUEST' | 'INVALID_AMOUNT', msg: string) => new CoreError(code, op, msg);
  if (typeof req.amount !== 'string' || !AMOUNT.test(req.amount)) throw bad('INVALID_AMOUNT', 'amount must be a positive decimal string');
  if (!/[1-9]/.test(req.amount)) throw bad('INVALID_AMOUNT', 'amount must be greater than zero');
  if (typeof req.currency !== 'string' || !/^[A-Z]{3}$/.test(req.currency)) throw bad('INVALID_REQUEST', 'currency must be an ISO 4217 code');
  if (!nonEmpty(req.fromAccountId)) throw bad('INVALID_REQUEST', 'fromAccountId is required');
  if (nonEmpty(req.toAccountId) === nonEmpty(req.toIban)) throw bad('INVALID_REQUEST', 'exactly one of toAccountId and toIban is required');
  if (!nonEmpty(req.callerReference)) throw bad('INVALID_REQUEST', 'callerReference is required');
}

function nonEmpty(v: unknown): boolean {
  return typeof v === 'string' && v.trim() !== '';
}

/** One Query element, children in core.xsd order. */
function transactionQueryXml(q: TransactionPageQuery, queryId: string): Record<string, unknown> {
  const x: Record<string, unknown> = { AccountId: q.accountId, PageSize: q.pageSize };
  if (q.afterKey !== undefined) x.AfterKey = q.afterKey;
  if (q.fromDate !== undefined) x.FromDate = q.fromDate;
  if (q.toDate !== undefined) x.ToDate = q.toDate;
  x.QueryId = queryId;
  if (q.direction !== undefined) x.Direction = q.direction;
  if (q.minAmount !== undefined) x.MinAmount = q.minAmount;
  if (q.maxAmount !== undefined) x.MaxAmount = q.maxAmount;
  if (q.mccs !== undefined && q.mccs.length > 0) x.Mccs = { Mcc: [...q.mccs] };
  if (q.text !== undefined && q.text !== '') x.Text = q.text;
  return x;
}

/** The answer of a single-subject operation: FAILURE becomes the core's first error. */
function succeeded(res: CoreResponse): CoreResponse {
  if (res.status === 'SUCCESS') return res;
  const first = res.errors[0];
  if (!first) throw malformed(res.operation, 'FAILURE without Errors', res.messageId);
  throw businessError(res.operation, first, res.messageId);
}

function reader(res: CoreResponse): XmlReader {
  return XmlReader.of(res.body, res.operation, res.operation + 'Response');
}

/** Errors of a batch answer: by Ref for one id, without Ref for the whole batch. */
class BatchErrors {
  private readonly byRef = new Map<string, CoreErrorItem>();
  private readonly general?: CoreErrorItem;

  constructor(private readonly res: CoreResponse) {
    for (const e of res.errors) {
      if (e.ref !== undefined) {
        if (!this.byRef.has(e.ref)) this.byRef.set(e.ref, e);
      } else if (!this.general) {
        this.general = e;
      }
    }
  }

  has(key: string): boolean {
    return this.byRef.has(key);
  }

  /** `ref` names the error for callers (default: the key it was looked up by). */
  forKey(key: string, missing: string, ref: string = key): CoreError {
    const item = this.byRef.get(key) ?? (this.res.status === 'FAILURE' ? this.general : undefined);
    if (item) return businessError(this.res.operation, { ...item, ref }, this.res.messageId);
    return new CoreError('CORE_ERROR', this.res.operation, missing, { ref, messageId: this.res.messageId });
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
