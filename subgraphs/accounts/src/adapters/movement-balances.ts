// The balance after each notified movement, for TransactionBooked.balanceAfterMinor (engagement's
// low-balance alerts). A camt.054 entry carries no balance, so the account is read from the core
// before the notification is stored, the way accountActivity reads it after: the customer's account
// list (cached: ids and IBANs do not change) names the account, its balance is read fresh (the
// balance read is never cached). The core's ledger balance at that read is the balance after the
// notification's last movement on the account; each earlier one's is taken back over the movements
// after it. A booking the core made after the notification and before the read is in it too: the
// field says "as the core reported it then", not more. A read that fails leaves the movements
// without a balance (the event goes without the field); it never holds the notification up.
import type { CoreClient } from '../../../../legacy-adapters/soap/src';
import { normaliseIban } from '../../../../legacy-adapters/iso20022/src';
import { Deadline } from '../../../../lib/deadline';
import type { Logger } from '../../../../lib/logger';
import { parseDecimal } from '../../../../lib/money';
import type { CoreMovement } from '../domain/core-movements';
import { CoreReads } from './core-reads';
import type { CustomerCache } from './customer-cache';

/** The movements, those whose account could be read with `coreAccountId` and `balanceAfter`; same order. */
export type MovementBalances = (movements: readonly CoreMovement[]) => Promise<CoreMovement[]>;

/** The core's answer for one account: its id and ledger balance now. */
export interface AccountBalanceNow {
  coreAccountId: string;
  /** minor units, signed */
  ledgerMinor: bigint;
  currency: string;
  /** the account's type from the same account list (no further core call) */
  accountType?: string;
}

export type ReadBalanceNow = (customerId: string, accountKey: string) => Promise<AccountBalanceNow | undefined>;

const signed = (m: CoreMovement) => (m.creditDebit === 'DBIT' ? -m.amount.minor : m.amount.minor);

/** Gives each movement of a readable account the balance after it (pure over what `read` answers). */
export function movementBalances(read: ReadBalanceNow, log: Logger): MovementBalances {
  return async (movements) => {
    const out = [...movements];
    const accounts = new Map<string, number[]>();
    movements.forEach((m, i) => {
      if (!m.customerId) return;
      const key = `${m.customerId}\u0000${m.accountKey}`;
      accounts.set(key, [...(accounts.get(key) ?? []), i]);
    });
    for (const positions of accounts.values()) {
      const first = movements[positions[0]!]!;
      let now: AccountBalanceNow | undefined;
      try {
        now = await read(first.customerId!, first.accountKey);
      } catch (err) {
        // no customer id or IBAN in the log: the message and how many movements go without a balance
        log.warn({ err: err instanceof Error ? err.message : String(err), movements: positions.length }, 'balance after booking not read');
        continue;
      }
      if (!now || now.currency !== first.amount.currency) continue;
      let balance = now.ledgerMinor;
      for (const i of [...positions].reverse()) {
        const m = movements[i]!;
        if (m.amount.currency !== now.currency) break;
        out[i] = {
          ...m,
          coreAccountId: now.coreAccountId,
          balanceAfter: { minor: balance, currency: now.currency },
          ...(now.accountType ? { accountType: now.accountType } : {}),
        };
        balance -= signed(m);
      }
    }
    return out;
  };
}

/** The core read behind it: the customer's account with this IBAN (or other id), then its balance. */
export function coreBalanceNow(core: CoreClient, cache: CustomerCache, timeoutMs = 2000): ReadBalanceNow {
  return async (customerId, accountKey) => {
    const reads = new CoreReads(core.loaders({ userId: 'core-notifications', deadline: Deadline.after(timeoutMs) }), cache);
    const key = normaliseIban(accountKey);
    const account = (await reads.accounts(customerId)).find((a) => normaliseIban(a.iban) === key || a.accountId === accountKey);
    if (!account) return undefined;
    const b = await reads.balance(account.accountId);
    return { coreAccountId: account.accountId, ledgerMinor: parseDecimal(b.ledger, b.currency).minor, currency: b.currency, accountType: account.type };
  };
}
