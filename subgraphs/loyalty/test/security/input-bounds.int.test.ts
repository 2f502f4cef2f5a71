// Free inputs are bounded before any work: an over-long or odd reward id, idempotency key or
// activity cursor is refused with BAD_USER_INPUT naming the argument, and neither the core nor the
// partners service is asked anything and no redemption is stored. Before, a reward id with
// characters no id has went to the partners service (REWARD_NOT_FOUND), and the refusals the
// resolvers made named no argument.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../../lib/internal-auth';
import { startLoyalty, type RunningLoyalty } from '../../src/server';
import { freePort, tempDir } from '../../../../scripts/lib/processes';
import { gql } from '../../../../test/support/stack';
import { assertPgliteUsableUnderJest } from '../../../../test/support/pglite-under-jest';
import { FakeCore, FakePartners, FUNDING_ACCOUNT } from '../support/programme';

jest.setTimeout(30000);

const NOW = new Date('2025-03-15T10:00:00.000Z');
const CUSTOMER = 'C-000008';
const REDEEM = `mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) { id pointsBalance } }`;
const ACTIVITY = `query($reps: [_Any!]!, $after: String) { _entities(representations: $reps) {
  ... on Customer { loyalty { activity(first: 5, after: $after) { edges { cursor } } } } } }`;

let dir: string;
let signer: InternalTokenSigner;
let loyalty: RunningLoyalty;
const core = new FakeCore();
const partners = new FakePartners();
const caller: Caller = { subject: CUSTOMER, customerId: CUSTOMER, channel: 'web', scopes: ['customer:read', 'customer:write'] };

beforeAll(async () => {
  assertPgliteUsableUnderJest();
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-loyalty-bounds-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  core.giveCurrentAccount(CUSTOMER);
  partners.rewards.set('R-COFFEE-01', { price: 100, stock: 5 });
  loyalty = await startLoyalty({
    port: await freePort(),
    dataDir: join(dir, 'data'),
    keysDir: join(dir, 'keys'),
    clock: () => NOW,
    core,
    partners,
    fundingAccounts: { EUR: FUNDING_ACCOUNT },
  });
}, 60000);

afterAll(async () => {
  await loyalty?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function ask(query: string, variables: Record<string, unknown>) {
  return gql(loyalty.url, query, { variables, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } });
}

const outsideCalls = () => core.calls.accountsOf + core.calls.transfer + core.calls.lookup + partners.calls.issue + partners.calls.release;

describe('loyalty: free inputs are bounded before any work', () => {
  it.each([
    ['a reward id with characters no id has', { points: 100, for: 'REWARD', rewardId: 'R-1<script>', idempotencyKey: 'bounds-0001' }, 'rewardId'],
    ['a reward id of 10,000 characters', { points: 100, for: 'REWARD', rewardId: 'R'.repeat(10_000), idempotencyKey: 'bounds-0002' }, 'rewardId'],
    ['an idempotency key of 60,000 characters', { points: 100, for: 'CASH', idempotencyKey: 'k'.repeat(60_000) }, 'idempotencyKey'],
    ['an idempotency key with a control character', { points: 100, for: 'CASH', idempotencyKey: 'bounds-\u0007-0003' }, 'idempotencyKey'],
  ])('refuses a redemption with %s: BAD_USER_INPUT naming it, no call out, nothing stored', async (_what, input, argumentName) => {
    const before = outsideCalls();
    const balance = await loyalty.ledger.pointsBalance(CUSTOMER);
    const { body } = await ask(REDEEM, { input });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    expect(body.data?.redeemPoints ?? null).toBeNull();
    expect(outsideCalls()).toBe(before);
    expect(await loyalty.ledger.pointsBalance(CUSTOMER)).toBe(balance);
  });

  it.each([
    ['of 100,000 characters', 'x'.repeat(100_000)],
    ['with characters no cursor has', 'j:1;DROP'],
  ])('refuses an activity cursor %s with BAD_USER_INPUT naming it', async (_what, after) => {
    const { body } = await ask(ACTIVITY, { reps: [{ __typename: 'Customer', id: CUSTOMER }], after });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });

  it('still redeems with inputs inside their bounds', async () => {
    const { body } = await ask(REDEEM, { input: { points: 100, for: 'CASH', idempotencyKey: 'bounds-ok-0001' } });
    expect(body.errors).toBeUndefined();
    expect(body.data.redeemPoints.pointsBalance).toBeGreaterThanOrEqual(0);
  });
});
