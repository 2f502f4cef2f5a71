// Customer.recentActivity: accounts serves what offers' signals read from the dashboard's own core
// reads, and offers ranks from it without a core call of its own (the gateway hands it over through
// @requires; here the two subgraphs are called as the gateway calls them, over the simulated core).
// What it holds, that it shares the dashboard's QueryTransactions, its cache, who may read it, what
// a core fault gives, and that offers gets from it exactly the data its own read gives.
import { rmSync } from 'node:fs';
import { CoreClient } from '../legacy-adapters/soap/src';
import type { Caller } from '../lib/internal-auth';
import { INTERNAL_TOKEN_HEADER } from '../lib/internal-auth';
import { tempDir, freePort } from '../scripts/lib/processes';
import type { RunningAccounts } from '../subgraphs/accounts/src/server';
import { ACTIVITY_DAYS } from '../subgraphs/accounts/src/graphql/recent-activity';
import { customerCaller, type Harness, TODAY, useAccountsSuite } from '../subgraphs/accounts/test/support/harness';
import { loadCoreSignalData } from '../subgraphs/offers/src/adapters/core-signals';
import { signalDataFromActivity } from '../subgraphs/offers/src/adapters/recent-activity';
import { staticDirectory } from '../subgraphs/offers/src/adapters/partner-directory';
import { signalTransaction, windowsFor } from '../subgraphs/offers/src/domain/signals';
import { startOffers, type RunningOffers } from '../subgraphs/offers/src/server';
import { gql } from './support/stack';

jest.setTimeout(60000);

const ACTIVITY = `recentActivity {
  from complete customerSince country marketingConsent
  accounts { accountId type status openedOn }
  transactions
}`;
const DASHBOARD = `{ me { accounts { id balance { asOf } transactions(first: 10) { edges { node { id } } } } ${ACTIVITY} } }`;
const TODAY_ISO = TODAY.toISOString().slice(0, 10);

let h: Harness;
let accounts: RunningAccounts;
let offers: RunningOffers;
let offersDir: string;

useAccountsSuite(
  (suite) => {
    ({ h, accounts } = suite);
  },
  { accounts: { cacheTtlMs: 60_000, activityTtlMs: 300_000 } },
);

beforeAll(async () => {
  offersDir = tempDir('corebridge-offers-activity-');
  offers = await startOffers({
    port: await freePort(),
    core: h.coreConfig,
    keysDir: h.keys,
    clock: () => TODAY,
    dataDir: 'memory://',
    partners: staticDirectory([]),
    dispatchIntervalMs: 0,
    signalsTtlMs: 0,
  });
}, 60000);

afterAll(async () => {
  await offers?.close();
  if (offersDir) rmSync(offersDir, { recursive: true, force: true });
});

async function activityOf(customerId: string) {
  const { body } = await h.ask(accounts, customerId, `{ me { ${ACTIVITY} } }`);
  expect(body.errors).toBeUndefined();
  return body.data.me.recentActivity;
}

/** offers' `_entities` call with the representation the gateway builds */
async function offersWith(caller: Caller, customerId: string, recentActivity: unknown) {
  const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Customer { id offers(first: 10) { id } } } }`;
  const reps = [{ __typename: 'Customer', id: customerId, ...(recentActivity === undefined ? {} : { recentActivity }) }];
  return gql(offers.url, query, { variables: { reps }, headers: { [INTERNAL_TOKEN_HEADER]: await h.signer.sign(caller) } });
}

describe('accounts: Customer.recentActivity', () => {
  it("is read in the dashboard's own QueryTransactions: a cold dashboard with it costs one call per operation", async () => {
    accounts.cache.clear();
    await h.resetCoreStats();
    const { body } = await h.ask(accounts, 'C-000004', DASHBOARD);
    expect(body.errors).toBeUndefined();
    expect(await h.coreCalls()).toEqual({ QueryCustomer: 1, QueryAccSumm: 1, QueryAccBal: 1, QueryTransactions: 1 });
    const activity = body.data.me.recentActivity;
    expect(activity.complete).toBe(true);
    expect(activity.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(h.accountIds('C-000004'));
    const from = new Date(TODAY);
    from.setUTCDate(from.getUTCDate() - ACTIVITY_DAYS);
    expect(activity.from).toBe(from.toISOString().slice(0, 10));
    expect(activity.transactions.length).toBeGreaterThan(10);
    for (const [bookedAt] of activity.transactions) expect(bookedAt.slice(0, 10) >= activity.from).toBe(true);
  });

  it('holds nothing personal: no names, descriptions, counterparties, account numbers or places', async () => {
    const activity = await activityOf('C-000004');
    const c = h.core.data.dataset.customerById.get('C-000004')!;
    const text = JSON.stringify(activity);
    for (const personal of [c.fullName, c.email, c.phone, c.birthDate, c.city]) expect(text).not.toContain(personal);
    // a row: when, how much, which way, its state and kind, and the merchant's id, code and country
    for (const row of activity.transactions) expect(row).toHaveLength(9);
    expect(activity.transactions.some((row: unknown[]) => row[6] !== null)).toBe(true);
  });

  it("is kept per customer: the next answer reads no transactions for it, and a transfer's invalidation drops it", async () => {
    await activityOf('C-000006');
    await h.resetCoreStats();
    await activityOf('C-000006');
    expect(await h.coreCalls()).toEqual({});
    accounts.cache.invalidate('C-000006');
    await activityOf('C-000006');
    expect((await h.coreCalls()).QueryTransactions).toBe(1);
  });

  it("is null for another customer's id, and the core is not asked", async () => {
    await h.resetCoreStats();
    const { body } = await h.ask(accounts, 'C-000001', `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { ${ACTIVITY} } } }`, {
      r: [{ __typename: 'Customer', id: 'C-000002' }],
    });
    expect(body.data._entities).toEqual([null]);
    expect(await h.coreCalls()).toEqual({});
  });

  it('is null without an error when the core fails: the client never asked for it, and offers reads for itself', async () => {
    const fresh = await h.start({ cacheTtlMs: 60_000 });
    // the profile and account list are held, so only the transaction pages meet the outage
    expect((await h.ask(fresh, 'C-000007', '{ me { displayName accounts { id } } }')).body.errors).toBeUndefined();
    expect(h.core.faults.update({ down: true }).ok).toBe(true);
    try {
      const { body } = await h.ask(fresh, 'C-000007', `{ me { displayName ${ACTIVITY} } }`);
      expect(body.errors).toBeUndefined();
      expect(body.data.me.recentActivity).toBeNull();
      expect(body.data.me.displayName).toEqual(expect.any(String));
    } finally {
      h.core.faults.reset();
    }
    // a failure is not kept: the next answer has it
    expect((await activityOf('C-000007')).complete).toBe(true);
  });
});

describe('accounts: Customer.recentActivity switched off (ACCOUNTS_RECENT_ACTIVITY=off)', () => {
  it('is always null, and the core is asked for no 60-day page', async () => {
    const off = await h.start({ cacheTtlMs: 60_000, recentActivity: false });
    await h.resetCoreStats();
    const { body } = await h.ask(off, 'C-000009', `{ me { displayName ${ACTIVITY} } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.me.recentActivity).toBeNull();
    expect(await h.coreCalls()).toEqual({ QueryCustomer: 1 });
  });
});

describe('offers: ranking from the recent activity', () => {
  it('gets from it exactly the signal data its own core read gives', async () => {
    const client = await CoreClient.create(h.coreConfig);
    try {
      for (const id of ['C-000001', 'C-000002', 'C-000003', 'C-000008', 'C-000009']) {
        const own = await loadCoreSignalData(client.loaders({ requestId: 'activity-test', userId: 'test' }), id, TODAY_ISO);
        const provided = signalDataFromActivity(id, await activityOf(id), TODAY_ISO);
        expect(provided).toEqual({
          customer: {
            customerId: id,
            customerSince: own.customer.customerSince,
            country: own.customer.country,
            marketingConsent: own.customer.marketingConsent,
          },
          accounts: own.accounts.map((a) => ({ accountId: a.accountId, type: a.type, status: a.status, openedOn: a.openedOn })),
          transactions: own.transactions.map(signalTransaction),
        });
      }
    } finally {
      await client.close();
    }
  });

  it('asks the core nothing when the activity covers its windows, and reads for itself when it does not', async () => {
    const activity = await activityOf('C-000003');
    await h.resetCoreStats();
    const given = await offersWith(customerCaller('C-000003'), 'C-000003', activity);
    expect(given.body.errors).toBeUndefined();
    expect(given.body.data._entities[0].offers.length).toBeGreaterThan(0);
    expect(await h.coreCalls()).toEqual({});
    // one account had more than a page, starts after the previous window, or is not there at all
    const tooLate = { ...activity, from: windowsFor(TODAY_ISO).previous.to };
    const badRow = {
      ...activity,
      transactions: [...activity.transactions.slice(1), ['2025-01-30', '1.00', 'EUR', 'SIDEWAYS', 'BOOKED', 'CARD', null, null, null]],
    };
    for (const partial of [{ ...activity, complete: false }, tooLate, null, undefined, { ...activity, transactions: 'x' }, badRow]) {
      await h.resetCoreStats();
      const { body } = await offersWith(customerCaller('C-000003'), 'C-000003', partial);
      expect(body.errors).toBeUndefined();
      expect((await h.coreCalls()).QueryTransactions).toBe(1);
    }
  });
});
