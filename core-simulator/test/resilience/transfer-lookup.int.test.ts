// QueryTransfer over real SOAP, the adapter against the simulator (issue 13): a transfer booked
// under a reference is found by it (as booked, replayed), a refused or never-sent one is not, and
// asking changes nothing (no second booking, balances unchanged).
import { useSimulatorWithClient } from '../support/simulator-with-client';

const ctx = { requestId: 'it-lookup', userId: 'loyalty' };
const core = useSimulatorWithClient();

async function balanceOf(accountId: string): Promise<string> {
  const [b] = await core.client.loaders(ctx).balance.loadMany([accountId]);
  if (!b || b instanceof Error) throw new Error(`no balance for ${accountId}`);
  return b.ledger;
}

describe('QueryTransfer', () => {
  it('finds the transfer booked under a reference, without booking anything again', async () => {
    const booked = await core.client.createTransaction(
      { fromAccountId: 'A-0000001', toAccountId: 'A-0000002', amount: '12.34', currency: 'EUR', callerReference: 'it-lookup-1' },
      ctx,
    );
    const before = await balanceOf('A-0000001');
    const found = await core.client.queryTransfer('it-lookup-1', ctx);
    expect(found).toMatchObject({ txnId: booked.txnId, callerReference: 'it-lookup-1', status: 'BOOKED', amount: '12.34', currency: 'EUR', replayed: true });
    expect(await balanceOf('A-0000001')).toBe(before);
  });

  it('answers null for a reference never booked, and for one the core refused', async () => {
    expect(await core.client.queryTransfer('it-lookup-never', ctx)).toBeNull();
    await expect(
      core.client.createTransaction(
        { fromAccountId: 'A-0000001', toAccountId: 'A-NOPE', amount: '1.00', currency: 'EUR', callerReference: 'it-lookup-refused' },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    expect(await core.client.queryTransfer('it-lookup-refused', ctx)).toBeNull();
  });
});
