// `Subscription.accountActivity`: each movement accounts stores from the core's camt.054
// notifications, sent to its owner's open subscriptions through the live feed (lib/live-feed.ts)
// once the store committed it. The event carries the booked transaction; the account is read when
// the event is sent, with this subscription's copies of it forgotten first, so its balance is the
// core's after the booking and never an earlier event's.
import { appError } from '../../../../lib/errors';
import type { LiveFeed, LiveSubscription } from '../../../../lib/live-feed';
import type { Logger } from '../../../../lib/logger';
import { toGraphQL } from '../../../../lib/money';
import { normaliseIban } from '../../../../legacy-adapters/iso20022/src';
import type { Caller } from '../../../../lib/internal-auth';
import { bookedAtOf, type MovementsCommittedHook } from '../db/core-movements';
import type { AccountsContext } from './context';
import { type AccountModel, mapAccount } from './mapping';

export const activityTopic = (customerId: string) => `accounts:activity:${customerId}`;

/** One booked movement as it travels: the Transaction as GraphQL shows it, and the IBAN of its account. */
interface Activity {
  accountIban: string;
  transaction: {
    id: string;
    amount: { amount: string; currency: string };
    direction: 'CREDIT' | 'DEBIT';
    status: 'BOOKED';
    bookedAt: string;
    description: string;
    category: null;
    counterpartyName: string | null;
    merchant: null;
  };
}

/**
 * Publishes each committed movement to its owner's topic. A movement whose notification named no
 * owner (Acct/Ownr) has nobody to go to and is not published; a feed that fails never fails the
 * notification (it is stored, and the core must not send it again).
 */
export function publishActivity(feed: LiveFeed, log: Logger, now: () => Date = () => new Date()): MovementsCommittedHook {
  return async (movements) => {
    for (const m of movements) {
      if (!m.customerId) continue;
      const activity: Activity = {
        accountIban: normaliseIban(m.accountKey),
        transaction: {
          // the id Account.transactions gives the same booking (the core's TxDtls AcctSvcrRef)
          id: m.servicerReference ?? m.transactionId ?? `${m.entryReference}/${m.detailIndex}`,
          amount: toGraphQL(m.amount),
          direction: m.creditDebit === 'DBIT' ? 'DEBIT' : 'CREDIT',
          status: 'BOOKED',
          bookedAt: bookedAtOf(m.bookingDate, now()),
          description: m.remittance ?? '',
          category: null,
          counterpartyName: m.counterpartyName ?? null,
          merchant: null,
        },
      };
      await feed.publish(activityTopic(m.customerId), activity).catch((err: unknown) => {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'live feed: account activity not published');
      });
    }
  };
}

function subscriberOf(caller: Caller): string {
  if (!caller.customerId) throw appError('FORBIDDEN', 'Only a customer can follow their accounts.');
  return caller.customerId;
}

async function ownAccounts(ctx: AccountsContext, customerId: string): Promise<AccountModel[]> {
  return (await ctx.reads.accounts(customerId)).map(mapAccount);
}

/** Only the events of one IBAN; `return()` reaches the feed's subscription at once, also while a `next()` waits. */
function onlyAccount(source: LiveSubscription, iban: string): AsyncIterableIterator<unknown> {
  const it: AsyncIterableIterator<unknown> = {
    async next() {
      for (;;) {
        const r = await source.next();
        if (r.done || (r.value as Activity).accountIban === iban) return r;
      }
    },
    return: () => source.return(),
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

export const accountActivity = {
  subscribe: async (_root: unknown, args: { accountId?: string | null }, ctx: AccountsContext) => {
    const customerId = subscriberOf(ctx.caller);
    let iban: string | undefined;
    if (args.accountId !== null && args.accountId !== undefined) {
      const account = (await ownAccounts(ctx, customerId)).find((a) => a.id === args.accountId);
      // another customer's account answers as an unknown one, as transfer refuses it
      if (!account) throw appError('ACCOUNT_NOT_FOUND', undefined, { argumentName: 'accountId' });
      iban = normaliseIban(account.iban);
    }
    const subscription = ctx.live.subscribe(activityTopic(customerId));
    await subscription.ready;
    return iban ? onlyAccount(subscription, iban) : subscription;
  },
  resolve: async (payload: unknown, _args: unknown, ctx: AccountsContext) => {
    const activity = payload as Activity;
    const customerId = subscriberOf(ctx.caller);
    const find = async () => (await ownAccounts(ctx, customerId)).find((a) => normaliseIban(a.iban) === activity.accountIban);
    // the subscription's loaders live as long as it does: forget what an earlier event read
    ctx.reads.forget(customerId, []);
    let account = await find();
    if (!account) {
      // an account opened since the list was cached
      ctx.cache.invalidate(customerId);
      ctx.reads.forget(customerId, []);
      account = await find();
    }
    if (!account) throw appError('NOT_FOUND', 'The account of this booking is not one of yours.');
    ctx.reads.forget(customerId, [account.id]);
    return { account, transaction: activity.transaction };
  },
};
