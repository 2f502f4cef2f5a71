// The transfer mutation: checks what the caller may and must send, then one CreateTransaction.
// Idempotency is the core's: the caller's key becomes the core's CallerReference (scoped to the
// customer, so two customers' keys never meet), and the core answers a repeat with the first
// result or REFERENCE_REUSED. A refusal, ours or the core's, moves nothing.
import { createHash } from 'node:crypto';
import { appError } from '../../../lib/errors';
import { exponentOf, MoneyError, parseDecimal, formatMinor, toGraphQL } from '../../../lib/money';
import { CoreError, toGraphQLError } from '../../../legacy-adapters/soap/src';
import type { CoreAccount, TransferRequest } from '../../../legacy-adapters/soap/src';
import { Pain001Error } from '../../../legacy-adapters/iso20022/src/errors';
import type { Pain001Input } from '../../../legacy-adapters/iso20022/src/pain001';
import type { AccountsContext } from './context';
import { mapAccount } from './mapping';

export interface TransferInput {
  fromAccountId: string;
  to: { accountId?: string | null; iban?: string | null; name?: string | null };
  amount: { amount: unknown; currency: string };
  reference?: string | null;
  idempotencyKey: string;
}

/** Builds the pain.001 document of a payment to an IBAN (legacy-adapters/iso20022 buildPain001). */
export type PaymentMessageBuilder = (payment: Pain001Input) => string;

export interface TransferDeps {
  buildPaymentMessage: PaymentMessageBuilder;
  isValidIban: (iban: string) => boolean;
  normaliseIban: (iban: string) => string;
}

const KEY = /^[A-Za-z0-9._:-]{8,64}$/;
const MAX_REFERENCE = 140;
const MAX_NAME = 70;

const notFound = () => appError('ACCOUNT_NOT_FOUND', 'Account not found.');
const bad = (argumentName: string, message: string) => appError('BAD_USER_INPUT', message, { argumentName });

/** The core's CallerReference for a customer's key: deterministic, opaque, 42 characters. */
export function callerReferenceOf(customerId: string, key: string): string {
  // hex: also a valid pain.001 message id (SEPA character set)
  return `CB${createHash('sha256').update(`${customerId}\n${key}`).digest('hex').slice(0, 40)}`;
}

const CORE_CODES: Record<string, [string, string]> = {
  REFERENCE_REUSED: ['IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different transfer.'],
  INSUFFICIENT_FUNDS: ['INSUFFICIENT_FUNDS', 'Insufficient funds.'],
  ACCOUNT_CLOSED: ['ACCOUNT_CLOSED', 'The account is closed.'],
  CURRENCY_MISMATCH: ['CURRENCY_MISMATCH', 'The currency does not match the accounts.'],
  INVALID_AMOUNT: ['INVALID_AMOUNT', 'The amount is not valid.'],
  ACCOUNT_NOT_FOUND: ['ACCOUNT_NOT_FOUND', 'Account not found.'],
  INVALID_REQUEST: ['BAD_USER_INPUT', 'The transfer was refused as invalid.'],
};

function transferError(err: unknown): unknown {
  if (err instanceof CoreError && CORE_CODES[err.code]) {
    const [code, message] = CORE_CODES[err.code];
    return appError(code, message);
  }
  return toGraphQLError(err);
}

function parseAmount(input: TransferInput['amount']): { minor: bigint; currency: string } {
  const currency = typeof input?.currency === 'string' ? input.currency.trim().toUpperCase() : '';
  try {
    exponentOf(currency);
  } catch {
    throw appError('CURRENCY_MISMATCH', `Unknown currency ${JSON.stringify(input?.currency)}.`);
  }
  if (typeof input.amount !== 'string') throw appError('INVALID_AMOUNT', 'The amount must be a decimal string, e.g. "25.00".');
  let minor: bigint;
  try {
    minor = parseDecimal(input.amount, currency).minor;
  } catch (err) {
    if (err instanceof MoneyError) {
      throw appError('INVALID_AMOUNT', err.code === 'TOO_MANY_DECIMALS' ? `${currency} allows ${exponentOf(currency)} decimals.` : 'The amount is not a decimal number.');
    }
    throw err;
  }
  if (minor <= 0n) throw appError('INVALID_AMOUNT', 'The amount must be greater than zero.');
  return { minor, currency };
}

export async function transfer(ctx: AccountsContext, input: TransferInput, deps: TransferDeps) {
  const customerId = ctx.caller.customerId;
  if (!customerId) throw appError('FORBIDDEN', 'Transfers need a customer token.');
  if (typeof input.idempotencyKey !== 'string' || !KEY.test(input.idempotencyKey)) {
    throw bad('idempotencyKey', 'idempotencyKey must be 8 to 64 characters of A-Z a-z 0-9 . _ : -');
  }
  const reference = input.reference?.trim() || undefined;
  if (reference !== undefined && reference.length > MAX_REFERENCE) throw bad('reference', `reference is at most ${MAX_REFERENCE} characters.`);
  const to = input.to ?? {};
  const hasAccount = typeof to.accountId === 'string' && to.accountId !== '';
  const hasIban = typeof to.iban === 'string' && to.iban !== '';
  if (hasAccount === hasIban) throw bad('to', 'Give exactly one of to.accountId and to.iban.');

  const own = await ctx.reads.accounts(customerId);
  // someone else's account answers exactly as an unknown one
  const from = own.find((a) => a.accountId === input.fromAccountId);
  if (!from) throw notFound();
  const amount = parseAmount(input.amount);
  if (amount.currency !== from.currency) throw appError('CURRENCY_MISMATCH', 'The currency does not match the account.');

  const req: TransferRequest = {
    fromAccountId: from.accountId,
    amount: formatMinor(amount.minor, amount.currency),
    currency: amount.currency,
    callerReference: callerReferenceOf(customerId, input.idempotencyKey),
    ...(reference !== undefined ? { narrative: reference } : {}),
  };
  let route: 'OWN_ACCOUNTS' | 'INTERNAL' | 'OUTBOUND';
  let target: CoreAccount | undefined;
  if (hasAccount) {
    target = own.find((a) => a.accountId === to.accountId);
    if (!target) throw notFound();
    if (target.accountId === from.accountId) throw bad('to', 'The destination is the account being debited.');
    req.toAccountId = target.accountId;
    route = 'OWN_ACCOUNTS';
  } else {
    if (!deps.isValidIban(to.iban!)) throw appError('INVALID_IBAN', 'The IBAN is not valid.');
    const iban = deps.normaliseIban(to.iban!);
    const name = to.name?.trim();
    if (!name || name.length > MAX_NAME) throw bad('to.name', `to.name (1 to ${MAX_NAME} characters) is required with an IBAN.`);
    target = own.find((a) => a.iban.replace(/\s+/g, '') === iban);
    if (target?.accountId === from.accountId) throw bad('to', 'The destination is the account being debited.');
    req.toIban = iban;
    req.toName = name;
    route = target ? 'OWN_ACCOUNTS' : 'INTERNAL';
    if (!target) {
      // built for every payment to an IBAN that is not the caller's own; the core keeps it only
      // when the credit leg leaves the bank (it alone knows which IBANs are its own)
      const profile = await ctx.reads.customer(customerId);
      const now = ctx.now();
      try {
        req.paymentMessage = deps.buildPaymentMessage({
          messageId: req.callerReference.slice(0, 35),
          endToEndId: req.callerReference.slice(0, 35),
          createdAt: now,
          debtor: { name: profile.fullName, iban: from.iban },
          creditor: { name, iban },
          amount: { minor: amount.minor, currency: amount.currency },
          ...(reference !== undefined ? { remittanceInformation: reference } : {}),
        });
      } catch (err) {
        // names or remittance text the SEPA character set cannot carry
        if (err instanceof Pain001Error) throw bad(err.code === 'PAIN001_INVALID_IBAN' ? 'to.iban' : 'to', `The payment cannot be sent as given: ${err.message}.`);
        throw err;
      }
    }
  }

  let result;
  try {
    result = await ctx.coreClient.createTransaction(req, { requestId: ctx.caller.requestId, userId: ctx.caller.channel });
  } catch (err) {
    throw transferError(err);
  } finally {
    // whatever happened (a timeout may still have booked), nothing stale is served afterwards
    ctx.cache.invalidate(customerId);
    ctx.reads.forget(customerId, [from.accountId, ...(target ? [target.accountId] : [])]);
  }
  if (route === 'INTERNAL' && result.route === 'OUTBOUND') route = 'OUTBOUND';
  return {
    transactionId: result.txnId,
    status: result.status === 'PENDING' ? 'PENDING' : 'BOOKED',
    route,
    amount: toGraphQL(parseDecimal(result.amount, result.currency)),
    bookedAt: result.bookedAt,
    replayed: result.replayed,
    fromAccount: mapAccount(from),
  };
}
