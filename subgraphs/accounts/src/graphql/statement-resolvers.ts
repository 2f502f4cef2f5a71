// GraphQL of the ISO 20022 statements: Account.statements and Query.statement. Ownership as
// everywhere in accounts: another customer's statement id answers exactly like an unknown one.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { toGraphQL } from '../../../../lib/money';
import type { CamtEntry } from '../../../../legacy-adapters/iso20022/src';
import type { AccountsContext } from './context';
import type { StatementService } from '../adapters/core-statements';
import { parseStatementId, type StatementsArgs, type StoredStatement } from '../domain/statements';

const ENTRY_STATUS: Record<string, string> = { BOOK: 'BOOKED', PDNG: 'PENDING', INFO: 'INFORMATION' };

function summary(s: StoredStatement) {
  return {
    id: s.id,
    date: s.date,
    period: { from: s.from, to: s.to },
    openingBalance: toGraphQL(s.opening),
    closingBalance: toGraphQL(s.closing),
    totalCredits: toGraphQL(s.credits),
    totalDebits: toGraphQL(s.debits),
    entryCount: s.entries.length,
    format: s.format,
    messageId: s.messageId,
    // kept for Statement.entries
    stored: s,
  };
}

function entry(e: CamtEntry) {
  return {
    amount: toGraphQL(e.amount),
    direction: e.creditDebit === 'CRDT' ? 'CREDIT' : 'DEBIT',
    status: ENTRY_STATUS[e.status] ?? 'OTHER',
    reversal: e.reversal,
    bookingDate: e.bookingDate ?? null,
    valueDate: e.valueDate ?? null,
    reference: e.accountServicerReference ?? e.reference ?? null,
    endToEndId: e.endToEndId ?? null,
    description: e.additionalInfo ?? e.remittanceInformation ?? null,
    counterpartyName: e.counterpartyName ?? null,
  };
}

/** Does the calling customer hold this account? (like ownAccount: only a customer token holds accounts) */
async function mayRead(ctx: AccountsContext, accountId: string): Promise<boolean> {
  const customerId = ctx.caller.customerId;
  if (!customerId) return false;
  return (await ctx.reads.accounts(customerId)).some((a) => a.accountId === accountId);
}

export function createStatementResolvers(service: StatementService): GraphQLResolverMap<AccountsContext> {
  return {
    Query: {
      statement: async (_root: unknown, args: { id: string }, ctx: AccountsContext) => {
        const key = parseStatementId(args.id);
        if (!key || !(await mayRead(ctx, key.accountId))) return null;
        const s = await service.statement(key.accountId, key.date);
        return s ? summary(s) : null;
      },
    },
    Account: {
      statements: async (a: { id: string }, args: StatementsArgs) => (await service.statements(a.id, args)).map(summary),
    },
    Statement: {
      entries: (s: { stored: StoredStatement }) => s.stored.entries.map(entry),
    },
  };
}
