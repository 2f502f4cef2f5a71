// The activity cursor carries a journal id that reaches `journals.id` (BIGINT) as a query
// parameter. A decoded id the column cannot hold must be refused as the client's mistake
// (BAD_USER_INPUT) before the store is asked, not fail inside the database as a server error.
import type { LoyaltyContext } from '../../src/graphql/context';
import { type LoyaltyRef, typedResolvers } from '../../src/graphql/resolvers';

type ActivityResolver = (parent: LoyaltyRef, args: { first?: number; after?: string }, ctx: LoyaltyContext) => Promise<unknown>;
const activity = typedResolvers.Loyalty.activity as unknown as ActivityResolver;
const cursor = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const badInput = expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) });

function fakeContext() {
  const asked: (string | undefined)[] = [];
  const ctx = {
    ledger: {
      activity: async (_customerId: string, _first: number, afterId?: string) => {
        asked.push(afterId);
        return { items: [], hasMore: false };
      },
    },
  } as unknown as LoyaltyContext;
  return { ctx, asked };
}

describe('loyalty activity cursors are bounded to the journal id column (BIGINT)', () => {
  it.each([
    ['one past the largest bigint', 'j:9223372036854775808'],
    ['the largest 19-digit number', 'j:9999999999999999999'],
    ['journal id 0 (ids start at 1)', 'j:0'],
    ['twenty digits', 'j:12345678901234567890'],
  ])('refuses %s with BAD_USER_INPUT and asks the store nothing', async (_what, text) => {
    const { ctx, asked } = fakeContext();
    await expect(activity({ customerId: 'C-000001' }, { first: 5, after: cursor(text) }, ctx)).rejects.toEqual(badInput);
    expect(asked).toHaveLength(0);
  });

  it('accepts the largest id the column holds', async () => {
    const { ctx, asked } = fakeContext();
    await activity({ customerId: 'C-000001' }, { first: 5, after: cursor('j:9223372036854775807') }, ctx);
    expect(asked).toEqual(['9223372036854775807']);
  });
});
