// What a transfer must satisfy before the core is asked: the caller's key, reference and
// destination, an amount in the account's currency, and accounts the caller holds. Idempotency is
// the core's: the caller's key becomes the core's CallerReference (scoped to the customer, so two
// customers' keys never meet), and the core answers a repeat with the first result or
// REFERENCE_REUSED.
import { createHash } from 'node:crypto';
import { appError } from '../../../../lib/errors';
import { exponentOf, MoneyError, parseDecimal, formatMinor } from '../../../../lib/money';
import type { CoreAccount, TransferRequest } from '../../../../legacy-adapters/soap/src';

export interface TransferInput {
  fromAccountId: string;
  to: { accountId?: string | null; iban?: string | null; name?: string | null };
  amount: { amount: unknown; currency: string };
  reference?: string | null;
  idempotencyKey: string;
}

export interface IbanRules {
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
      throw appError(
        'INVALID_AMOUNT',
        err.code === 'TOO_MANY_DECIMALS' ? `${currency} allows ${exponentOf(currency)} decimals.` : 'The amount is not a decimal number.',
      );
    }
    throw err;
  }
  if (minor <= 0n) throw appError('INVALID_AMOUNT', 'The amount must be greater than zero.');
  return { minor, currency };
}

export interface CheckedInput {
  reference?: string;
  toOwnAccount: boolean;
}

/** What can be checked before reading the caller's accounts; throws BAD_USER_INPUT. */
export function checkTransferInput(input: TransferInput): CheckedInput {
  if (typeof input.idempotencyKey !== 'string' || !KEY.test(input.idempotencyKey)) {
    throw bad('idempotencyKey', 'idempotencyKey must be 8 to 64 characters of A-Z a-z 0-9 . _ : -');
  }
  const reference = input.reference?.trim() || undefined;
  if (reference !== undefined && reference.length > MAX_REFERENCE) throw bad('reference', `reference is at most ${MAX_REFERENCE} characters.`);
  const to = input.to ?? {};
  const hasAccount = typeof to.accountId === 'string' && to.accountId !== '';
  const hasIban = typeof to.iban === 'string' && to.iban !== '';
  if (hasAccount === hasIban) throw bad('to', 'Give exactly one of to.accountId and to.iban.');
  return { reference, toOwnAccount: hasAccount };
}

export interface TransferPlan {
  from: CoreAccount;
  /** the caller's own destination account, if it is one */
  target?: CoreAccount;
  amount: { minor: bigint; currency: string };
  reference?: string;
  /** the core's request, without the payment message */
  req: TransferRequest;
  /** INTERNAL may still leave the bank: only the core knows which IBANs are its own */
  route: 'OWN_ACCOUNTS' | 'INTERNAL';
  /** set for a payment to an IBAN that is not the caller's own: it needs a pain.001 */
  creditor?: { name: string; iban: string };
}

/**
 * The core request for `input` between the caller's `own` accounts or to an IBAN. Someone else's
 * account answers exactly as an unknown one.
 */
export function planTransfer(customerId: string, input: TransferInput, checked: CheckedInput, own: readonly CoreAccount[], iban: IbanRules): TransferPlan {
  const from = own.find((a) => a.accountId === input.fromAccountId);
  if (!from) throw notFound();
  const amount = parseAmount(input.amount);
  if (amount.currency !== from.currency) throw appError('CURRENCY_MISMATCH', 'The currency does not match the account.');
  const { reference } = checked;
  const req: TransferRequest = {
    fromAccountId: from.accountId,
    amount: formatMinor(amount.minor, amount.currency),
    currency: amount.currency,
    callerReference: callerReferenceOf(customerId, input.idempotencyKey),
    ...(reference !== undefined ? { narrative: reference } : {}),
  };
  const to = input.to ?? {};
  if (checked.toOwnAccount) {
    const target = own.find((a) => a.accountId === to.accountId);
    if (!target) throw notFound();
    if (target.accountId === from.accountId) throw bad('to', 'The destination is the account being debited.');
    req.toAccountId = target.accountId;
    return { from, target, amount, reference, req, route: 'OWN_ACCOUNTS' };
  }
  if (!iban.isValidIban(to.iban!)) throw appError('INVALID_IBAN', 'The IBAN is not valid.');
  const toIban = iban.normaliseIban(to.iban!);
  const name = to.name?.trim();
  if (!name || name.length > MAX_NAME) throw bad('to.name', `to.name (1 to ${MAX_NAME} characters) is required with an IBAN.`);
  const target = own.find((a) => a.iban.replace(/\s+/g, '') === toIban);
  if (target?.accountId === from.accountId) throw bad('to', 'The destination is the account being debited.');
  req.toIban = toIban;
  req.toName = name;
  if (target) return { from, target, amount, reference, req, route: 'OWN_ACCOUNTS' };
  // built for every payment to an IBAN that is not the caller's own; the core keeps it only
  // when the credit leg leaves the bank
  return { from, amount, reference, req, route: 'INTERNAL', creditor: { name, iban: toIban } };
}
