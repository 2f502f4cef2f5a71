// ISO 20022 statements end to end: the simulated core publishes end-of-day camt.053 files, the
// accounts subgraph fetches them, streams them through the parser into its cache and answers
// Account.statements / Query.statement. Balances must chain exactly and match the core's own data.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDecimal } from '../../../lib/money';
import { readCamt, signedMinor } from '../../../legacy-adapters/iso20022/src';
import type { Txn } from '../../../core-simulator/src/data/types';
import type { RunningAccounts } from '../src/server';
import { statementId } from '../src/domain/statements';
import { useAccountsSuite, type Harness, ANCHOR } from './support/harness';
import { nth } from '../../../test/support/present';

let h: Harness;
let accounts: RunningAccounts;

const ds = () => h.core.data.dataset;
const firstAccountIdOf = (customerId: string) => nth(h.accountIds(customerId), 0);
const accountOf = (id: string) => ds().accountById.get(id)!;
const bookedOn = (accountId: string, date: string): Txn[] =>
  h.core.data
    .allTransactions(accountOf(accountId))
    .filter((t) => t.status === 'BOOKED' && new Date(t.bookedAtMs).toISOString().slice(0, 10) === date)
    .reverse();
const minorOf = (m: { amount: string; currency: string }) => parseDecimal(m.amount, m.currency).minor;

const SUMMARY =
  'id date period { from to } openingBalance { amount currency } closingBalance { amount currency } totalCredits { amount currency } totalDebits { amount currency } entryCount';

useAccountsSuite((suite) => ({ h, accounts } = suite), { customers: 20 });

describe('Account.statements', () => {
  it('lists end-of-day statements newest first, each balanced, chaining exactly day to day', async () => {
    const { body } = await h.ask(accounts, 'C-000001', `{ me { accounts { id currency statements(first: 5) { ${SUMMARY} } } } }`);
    expect(body.errors).toBeUndefined();
    const list = body.data.me.accounts as Array<{ id: string; currency: string; statements: any[] }>;
    expect(list.length).toBeGreaterThan(1);
    for (const a of list) {
      expect(a.statements.map((s) => s.date)).toEqual(['2025-01-30', '2025-01-29', '2025-01-28', '2025-01-27', '2025-01-26']);
      for (const [i, s] of a.statements.entries()) {
        expect(s.openingBalance.currency).toBe(a.currency);
        expect(minorOf(s.openingBalance) + minorOf(s.totalCredits) - minorOf(s.totalDebits)).toBe(minorOf(s.closingBalance));
        expect(s.entryCount).toBe(bookedOn(a.id, s.date).length);
        expect(s.period).toEqual({ from: `${s.date}T00:00:00Z`, to: `${s.date}T23:59:59Z` });
        // yesterday's closing is today's opening
        if (i > 0) expect(s.closingBalance).toEqual(a.statements[i - 1].openingBalance);
      }
    }
  });

  it("the latest closing balance is the core's ledger balance less what was booked after that day", async () => {
    const a = accountOf(firstAccountIdOf('C-000001'));
    const { body } = await h.ask(accounts, 'C-000001', `query($id: ID!) { account(id: $id) { statements(first: 1) { ${SUMMARY} } } }`, { id: a.accountId });
    const [latest] = body.data.account.statements;
    const after = h.core.data
      .allTransactions(a)
      .filter((t) => t.status === 'BOOKED' && new Date(t.bookedAtMs).toISOString().slice(0, 10) > latest.date)
      .reduce((sum, t) => sum + (t.direction === 'CREDIT' ? t.amountMinor : -t.amountMinor), 0n);
    expect(minorOf(latest.closingBalance)).toBe(h.core.data.balance(a).ledgerMinor - after);
  });

  it('filters by day range and refuses bad arguments with BAD_USER_INPUT', async () => {
    const id = firstAccountIdOf('C-000001');
    const q = 'query($id: ID!, $from: String, $to: String, $first: Int) { account(id: $id) { statements(from: $from, to: $to, first: $first) { date } } }';
    const ranged = (await h.ask(accounts, 'C-000001', q, { id, from: '2025-01-10', to: '2025-01-12', first: 10 })).body;
    expect(ranged.data.account.statements.map((s: { date: string }) => s.date)).toEqual(['2025-01-12', '2025-01-11', '2025-01-10']);
    for (const vars of [{ first: 0 }, { first: 32 }, { from: '2025-13-01' }, { from: '2025-01-12', to: '2025-01-10' }]) {
      const { body } = await h.ask(accounts, 'C-000001', q, { id, ...vars });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('Query.statement', () => {
  it('gives every booked entry of the day with amount, direction, dates, reference and description', async () => {
    const accountId = firstAccountIdOf('C-000001');
    // the busiest of the last ten days
    const days = Array.from({ length: 10 }, (_, i) => new Date(Date.parse(`${ANCHOR}T00:00:00Z`) - (i + 1) * 86_400_000).toISOString().slice(0, 10));
    const date = days.reduce((best, d) => (bookedOn(accountId, d).length > bookedOn(accountId, best).length ? d : best));
    const expected = bookedOn(accountId, date);
    expect(expected.length).toBeGreaterThan(0);
    const { body } = await h.ask(
      accounts,
      'C-000001',
      `query($id: ID!) { statement(id: $id) { ${SUMMARY} format messageId
      entries { amount { amount currency } direction status reversal bookingDate valueDate reference description } } }`,
      { id: statementId(accountId, date) },
    );
    expect(body.errors).toBeUndefined();
    const s = body.data.statement;
    expect(s).toMatchObject({ date, format: 'camt.053.001.08', entryCount: expected.length });
    expect(s.entries.map((e: any) => [minorOf(e.amount), e.direction, e.status, e.reference, e.valueDate, e.description, e.reversal])).toEqual(
      expected.map((t) => [t.amountMinor, t.direction, 'BOOKED', t.txnId, t.valueDate, t.description, false]),
    );
    expect(s.entries.map((e: any) => Date.parse(e.bookingDate))).toEqual(expected.map((t) => Math.floor(t.bookedAtMs / 1000) * 1000));
    const net = expected.reduce((sum, t) => sum + (t.direction === 'CREDIT' ? t.amountMinor : -t.amountMinor), 0n);
    expect(minorOf(s.closingBalance) - minorOf(s.openingBalance)).toBe(net);
  });

  it("answers another customer's statement exactly like an unknown id: null, no error", async () => {
    const miasAccount = firstAccountIdOf('C-000001');
    const q = 'query($id: ID!) { statement(id: $id) { id closingBalance { amount } } }';
    const own = (await h.ask(accounts, 'C-000001', q, { id: statementId(miasAccount, '2025-01-20') })).body;
    expect(own.data.statement.id).toBe(statementId(miasAccount, '2025-01-20'));
    const answers = await Promise.all([
      h.ask(accounts, 'C-000002', q, { id: statementId(miasAccount, '2025-01-20') }),
      h.ask(accounts, 'C-000002', q, { id: statementId('A-9999999', '2025-01-20') }),
      h.ask(accounts, 'C-000002', q, { id: 'garbage' }),
      h.ask(accounts, 'C-000001', q, { id: statementId(miasAccount, '1999-01-01') }),
    ]);
    for (const { body } of answers) expect(body).toEqual({ data: { statement: null } });
  });
});

describe('the core file drop', () => {
  it('publishes the same statement as camt.053.001.02 on request, balances identical', async () => {
    const id = firstAccountIdOf('C-000001');
    const read = async (v: string) => readCamt([await (await fetch(`${h.core.url}/statements/${id}/2025-01-20?version=${v}`)).text()]);
    const [v2, v8] = await Promise.all([read('2'), read('8')]);
    expect([v2.message.version, v8.message.version]).toEqual([2, 8]);
    expect(nth(v2.records, 0).balances).toEqual(nth(v8.records, 0).balances);
    expect(nth(v2.records, 0).entries.map(signedMinor)).toEqual(nth(v8.records, 0).entries.map(signedMinor));
    expect((await fetch(`${h.core.url}/statements/${id}/${ANCHOR}`)).status).toBe(404); // today is not closed yet
    expect((await fetch(`${h.core.url}/statements/A-9999999`)).status).toBe(404);
  });

  it('a statement read once is answered from the cache: one download, also for concurrent reads', async () => {
    const id = firstAccountIdOf('C-000001');
    let downloads = 0;
    const drop: Server = createServer((req, res) => {
      downloads += 1;
      // pass through to the simulator's file drop, counting
      fetch(`${h.core.url}/statements${req.url}`).then(
        async (upstream) => {
          res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/xml' });
          res.end(Buffer.from(await upstream.arrayBuffer()));
        },
        () => res.destroy(),
      );
    });
    await new Promise<void>((r) => drop.listen(0, '127.0.0.1', r));
    const cached = await h.start({ statementsUrl: `http://127.0.0.1:${(drop.address() as AddressInfo).port}` });
    try {
      const q = 'query($id: ID!) { statement(id: $id) { entryCount closingBalance { amount } } }';
      const vars = { id: statementId(id, '2025-01-15') };
      const [a, b] = await Promise.all([h.ask(cached, 'C-000001', q, vars), h.ask(cached, 'C-000001', q, vars)]);
      const c = await h.ask(cached, 'C-000001', q, vars);
      expect(a.body.data.statement).toEqual(b.body.data.statement);
      expect(c.body.data.statement).toEqual(a.body.data.statement);
      expect(a.body.data.statement.entryCount).toBe(bookedOn(id, '2025-01-15').length);
      expect(downloads).toBe(1);
    } finally {
      await cached.close();
      await new Promise<void>((r) => drop.close(() => r()));
    }
  });

  it('a statement file the parser refuses gives STATEMENT_UNREADABLE and nothing is cached', async () => {
    const wrong = readFileSync(join(__dirname, '..', '..', '..', 'legacy-adapters', 'iso20022', 'test', 'fixtures', 'genkgo-camt', 'camt053.v2.wrong.xml'));
    let served = 0;
    const drop: Server = createServer((req, res) => {
      if (/^\/[^/]+$/.test(req.url ?? '')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ days: ['2025-01-20'] }));
        return;
      }
      served += 1;
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(wrong);
    });
    await new Promise<void>((r) => drop.listen(0, '127.0.0.1', r));
    const broken = await h.start({ statementsUrl: `http://127.0.0.1:${(drop.address() as AddressInfo).port}` });
    try {
      const id = firstAccountIdOf('C-000001');
      const q = 'query($id: ID!) { statement(id: $id) { id } }';
      for (let i = 0; i < 2; i++) {
        const { body } = await h.ask(broken, 'C-000001', q, { id: statementId(id, '2025-01-20') });
        expect(body.data.statement).toBeNull();
        expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'STATEMENT_UNREADABLE', reason: 'CAMT_MISSING_ELEMENT' });
      }
      // refused files are not cached: each read tries the core again
      expect(served).toBe(2);
    } finally {
      await broken.close();
      await new Promise<void>((r) => drop.close(() => r()));
    }
  });
});
