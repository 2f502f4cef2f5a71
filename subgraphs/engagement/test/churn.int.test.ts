// Churn early warning over GraphQL on the engagement subgraph in-process (called the way the gateway
// calls it, with a signed internal token): the pass started by the server scores what the consumer's
// facts hold, atRiskCustomers lists the customer at risk with the figures of their reasons for
// staff:customers:read, refuses the CX scope and customers, and Customer.churnRisk is staff only.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';
import { newEvent } from '../../../lib/events';
import { STAFF_CX_READ_SCOPE, STAFF_READ_SCOPE } from '../../../lib/access';
import { startEngagement, type RunningEngagement } from '../src/server';
import { freePort, tempDir } from '../../../scripts/lib/processes';
import { gql } from '../../../test/support/stack';

const NOW = new Date('2025-03-15T10:00:00Z');
const DAY = 86_400_000;
const staff = (scopes: string[]): Caller => ({ subject: 'agent-1', channel: 'staff', scopes });
const customer: Caller = { subject: 'C-LEAVE', customerId: 'C-LEAVE', channel: 'web', scopes: ['customer:read'] };

const AT_RISK = `query($after: String) { atRiskCustomers(first: 5, after: $after) {
  edges { cursor node { customer { id } score threshold raisedAt evaluatedAt reasons { code points text } } }
  pageInfo { hasNextPage endCursor } } }`;
const ONE = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Customer { id churnRisk { score reasons { code } } } } }`;

let dir: string;
let signer: InternalTokenSigner;
let svc: RunningEngagement;

async function call(caller: Caller, query: string, variables: Record<string, unknown> = {}) {
  return gql(svc.url, query, { variables, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } });
}

const salary = (at: Date, n: number) =>
  newEvent({
    type: 'TransactionBooked',
    key: `movement:ACC-1:${n}`,
    customerId: 'C-LEAVE',
    occurredAt: at,
    payload: {
      accountId: 'ACC-1',
      transactionId: `TX-${n}`,
      amountMinor: '250000',
      currency: 'EUR',
      bookedAt: at.toISOString(),
      bookingCode: 'PMNT/RCDT/SALA',
    },
  });
const purchase = (at: Date, n: number) =>
  newEvent({
    type: 'CardPurchaseRecorded',
    key: `card-purchase:${n}`,
    customerId: 'C-LEAVE',
    occurredAt: at,
    payload: {
      cardId: 'CARD-1',
      amount: { amountMinor: '1200', currency: 'EUR' },
      merchant: { id: `M-${n}`, mcc: '5411' },
      cashBack: { amountMinor: '0', currency: 'EUR' },
      points: '0',
      purchasedAt: at.toISOString(),
    },
  });

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'warn';
  dir = tempDir('corebridge-engagement-churn-');
  signer = await InternalTokenSigner.fromKeysDir(join(dir, 'keys'));
  svc = await startEngagement({ port: await freePort(), keysDir: join(dir, 'keys'), dataDir: 'memory://', clock: () => NOW });
  // salary 70 days ago and none since; 30 card purchases in the 30 days before the last 30, none in them
  await svc.facts.apply(salary(new Date(NOW.getTime() - 70 * DAY), 1), NOW);
  for (let d = 0; d < 30; d++) await svc.facts.apply(purchase(new Date(NOW.getTime() - (59 - d) * DAY), d), NOW);
  expect(await svc.churn.run(NOW)).toEqual({ scored: 1, atRisk: 1, raised: 1 });
}, 60000);

afterAll(async () => {
  await svc?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('churn early warning over GraphQL', () => {
  it('lists the customer at risk with the figures of each reason for staff:customers:read', async () => {
    const { body } = await call(staff([STAFF_READ_SCOPE]), AT_RISK);
    expect(body.errors).toBeUndefined();
    const list = body.data.atRiskCustomers;
    expect(list.pageInfo).toEqual({ hasNextPage: false, endCursor: list.edges[0].cursor });
    expect(list.edges.map((e: { node: unknown }) => e.node)).toEqual([
      {
        customer: { id: 'C-LEAVE' },
        score: 55,
        threshold: 50,
        raisedAt: NOW.toISOString(),
        evaluatedAt: NOW.toISOString(),
        reasons: [
          { code: 'SALARY_STOPPED', points: 30, text: 'no salary credit in the last 35 days; 1 (EUR 2500.00) in the 60 days before' },
          { code: 'CARD_ACTIVITY_FALLING', points: 25, text: '0 card purchases in the last 30 days, down from 30 in the 30 days before' },
        ],
      },
    ]);
  });

  it('refuses the CX scope and customers, and a bad cursor', async () => {
    for (const caller of [staff([STAFF_CX_READ_SCOPE]), customer]) {
      const { body } = await call(caller, AT_RISK);
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const { body } = await call(staff([STAFF_READ_SCOPE]), AT_RISK, { after: 'bm9wZQ' });
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('gives Customer.churnRisk to staff only', async () => {
    const reps = [{ __typename: 'Customer', id: 'C-LEAVE' }];
    const asStaff = await call(staff([STAFF_READ_SCOPE]), ONE, { reps });
    expect(asStaff.body.data._entities).toEqual([
      { id: 'C-LEAVE', churnRisk: { score: 55, reasons: [{ code: 'SALARY_STOPPED' }, { code: 'CARD_ACTIVITY_FALLING' }] } },
    ]);
    const asSelf = await call(customer, ONE, { reps });
    expect(asSelf.body.data._entities).toEqual([{ id: 'C-LEAVE', churnRisk: null }]);
  });
});
