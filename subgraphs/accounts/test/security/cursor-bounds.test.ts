// A transaction cursor is client input that reaches the core as its AfterKey and as a page size:
// one whose values exceed what the core's fields hold (an over-long key, an offset past a page, a
// payload far larger than any cursor we issue) is refused with BAD_USER_INPUT before the core is
// asked anything.
import type { AccountsContext } from '../../src/graphql/context';
import { decodeCursor, encodeCursor } from '../../src/graphql/cursor';
import type { AccountModel } from '../../src/graphql/mapping';
import { transactionConnection } from '../../src/graphql/transactions';

const b64 = (payload: unknown) => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
const badInput = expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) });

const oversized = {
  'an over-long core key': b64({ a: 'A-1', k: 'k'.repeat(5000) }),
  'a core key with characters no core key has': b64({ a: 'A-1', k: 'abc<Fault/>' }),
  'an empty core key': b64({ a: 'A-1', k: '' }),
  'an offset beyond int range': b64({ a: 'A-1', o: 2 ** 53 }),
  'an offset as a float': b64({ a: 'A-1', o: 1.5 }),
  'a non-string filter fingerprint': b64({ a: 'A-1', f: { x: 1 } }),
  'a megabyte of padding': b64({ a: 'A-1', pad: 'x'.repeat(1_000_000) }),
};

describe('transaction cursors are bounded to what the core holds', () => {
  it.each(Object.entries(oversized))('refuses %s with BAD_USER_INPUT', (_what, cursor) => {
    expect(() => decodeCursor(cursor, 'A-1')).toThrow(badInput);
  });

  it('asks the core nothing for a refused cursor', async () => {
    const calls: unknown[] = [];
    const ctx = {
      reads: {
        transactions: async (q: unknown) => {
          calls.push(q);
          return { transactions: [], hasMore: false };
        },
      },
    } as unknown as AccountsContext;
    const account = { id: 'A-1', currency: 'EUR' } as unknown as AccountModel;
    for (const cursor of Object.values(oversized)) {
      await expect(transactionConnection(account, { after: cursor }, ctx)).rejects.toEqual(badInput);
    }
    expect(calls).toHaveLength(0);
  });

  it('still accepts every cursor it issues, the core key of the simulator included', () => {
    const coreKey = Buffer.from(`v1:${Date.now()}:T-${'9'.repeat(60)}`, 'utf8').toString('base64url');
    const c = encodeCursor('A-1', { afterKey: coreKey, skip: 100 }, 'f'.repeat(64));
    expect(decodeCursor(c, 'A-1', 'f'.repeat(64))).toEqual({ afterKey: coreKey, skip: 100 });
  });
});
