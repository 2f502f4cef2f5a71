// GraphQL of the ISO 20022 statements: Account.statements and Query.statement. Ownership as
// everywhere in accounts: another customer's statement id answers exactly like an unknown one.
import { toGraphQL } from '../../../../lib/money';
import type { CamtEntry } from '../../../../legacy-adapters/iso20022/src';
import type { AccountsContext } from './context';
import type { StatementService } from '../adapters/core-statements';
import { parseStatementId, type StoredStatement } from '../domain/statements';
import type { Resolvers, StatementEntry, StatementEntryStatus } from './resolvers-types.generated';

const ENTRY_STATUS: Record<string, StatementEntryStatus> = { BOOK: 'BOOKED', PDNG: 'PENDING', INFO: 'INFORMATION' };

function summary(s: StoredStatement) {
  return {
    id: s.id,
    date: s.date,
    period: { from: s.from, to: s.to },
    openingBalance: toGraphQL(s.opening),
    closingBalance: toGraphQL(s.closing),
    totalCredits: toGraphQL(s.credits),
    totalDebits: toGraphQL(s.debits),
    entryCount: s.entries.reduce((n, e) => n + e.details.length, 0),
    format: s.format,
    messageId: s.messageId,
    // kept for Statement.entries
    stored: s,
  };
}

/** The parent of Statement fields (and what Account.statements lists). */
export type StatementModel = ReturnType<typeof summary>;

/** One line per transaction: a batched entry (a salary run, a card settlement) shows each of its details. */
export function entryLines(e: CamtEntry): StatementEntry[] {
  const batched = e.details.length > 1;
  return e.details.map((d) => ({
    amount: toGraphQL(d.amount),
    direction: d.creditDebit === 'CRDT' ? 'CREDIT' : 'DEBIT',
    status: ENTRY_STATUS[e.status] ?? 'OTHER',
    reversal: e.reversal,
    bookingDate: e.bookingDate ?? null,
    valueDate: e.valueDate ?? null,
    reference: d.accountServicerReference ?? e.accountServicerReference ?? e.reference ?? null,
    endToEndId: d.endToEndId ?? null,
    // the entry's text describes the batch; a detail's own remittance describes the line
    description: (batched ? (d.remittanceInformation ?? e.additionalInfo) : (e.additionalInfo ?? d.remittanceInformation)) ?? null,
    counterpartyName: d.counterpartyName ?? null,
  }));
}

/** Does the calling customer hold this account? (like ownAccount: only a customer token holds accounts) */
async function mayRead(ctx: AccountsContext, accountId: string): Promise<boolean> {
  const customerId = ctx.caller.customerId;
  if (!customerId) return false;
  return (await ctx.reads.accounts(customerId)).some((a) => a.accountId === accountId);
}

export function createStatementResolvers(service: StatementService) {
  return {
    Query: {
      statement: async (_root, args, ctx) => {
        const key = parseStatementId(args.id);
        if (!key || !(await mayRead(ctx, key.accountId))) return null;
        const s = await service.statement(key.accountId, key.date);
        return s ? summary(s) : null;
      },
    },
    Account: {
      statements: async (a, args) => (await service.statements(a.id, args)).map(summary),
    },
    Statement: {
      entries: (s) => s.stored.entries.flatMap(entryLines),
    },
  } satisfies Resolvers<AccountsContext>;
}
