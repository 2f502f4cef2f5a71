// Mutation.transfer: the checks of domain/transfer.ts, the pain.001 of a payment to another
// customer or bank, then one CreateTransaction. A refusal, ours or the core's, moves nothing.
import { appError } from '../../../../lib/errors';
import { parseDecimal, toGraphQL } from '../../../../lib/money';
import { toClientError, TRANSFER_REFUSALS } from '../../../../legacy-adapters/soap/src';
import { Pain001Error, type Pain001Input } from '../../../../legacy-adapters/iso20022/src';
import type { AccountsContext } from './context';
import { mapAccount } from './mapping';
import type { ResolversParentTypes } from './resolvers-types.generated';
import { checkTransferInput, type IbanRules, planTransfer, type TransferInput } from '../domain/transfer';

/** Builds the pain.001 document of a payment to an IBAN (legacy-adapters/iso20022 buildPain001). */
export type PaymentMessageBuilder = (payment: Pain001Input) => string;

export interface TransferDeps extends IbanRules {
  buildPaymentMessage: PaymentMessageBuilder;
}

const bad = (argumentName: string, message: string) => appError('BAD_USER_INPUT', message, { argumentName });

/** The TransferResult, with the debited account as the Account resolvers' model. */
export async function transfer(ctx: AccountsContext, input: TransferInput, deps: TransferDeps): Promise<ResolversParentTypes['TransferResult']> {
  const customerId = ctx.caller.customerId;
  if (!customerId) throw appError('FORBIDDEN', 'Transfers need a customer token.');
  const checked = checkTransferInput(input);
  const own = await ctx.reads.accounts(customerId);
  const plan = planTransfer(customerId, input, checked, own, deps);
  const { from, target, amount, reference, req, creditor } = plan;
  let route: 'OWN_ACCOUNTS' | 'INTERNAL' | 'OUTBOUND' = plan.route;
  if (creditor) {
    const profile = await ctx.reads.customer(customerId);
    const now = ctx.now();
    try {
      req.paymentMessage = deps.buildPaymentMessage({
        messageId: req.callerReference.slice(0, 35),
        endToEndId: req.callerReference.slice(0, 35),
        createdAt: now,
        debtor: { name: profile.fullName, iban: from.iban },
        creditor,
        amount: { minor: amount.minor, currency: amount.currency },
        ...(reference !== undefined ? { remittanceInformation: reference } : {}),
      });
    } catch (err) {
      // names or remittance text the SEPA character set cannot carry
      if (err instanceof Pain001Error)
        throw bad(err.code === 'PAIN001_INVALID_IBAN' ? 'to.iban' : 'to', `The payment cannot be sent as given: ${err.message}.`);
      throw err;
    }
  }

  let result;
  try {
    result = await ctx.coreClient.createTransaction(req, { requestId: ctx.caller.requestId, userId: ctx.caller.channel, deadline: ctx.deadline });
  } catch (err) {
    throw toClientError(err, TRANSFER_REFUSALS);
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
