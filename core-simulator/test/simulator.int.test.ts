// The simulated core over real SOAP: every operation through a node-soap client built from the
// served WSDL, business failures, transfers and idempotency, fault knobs, admin statistics, and
// the simulator as a real process (start-up time, memory, configuration errors).
/* eslint-disable max-lines -- one suite over one started simulator: splitting it would start the process twice */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as soap from 'soap';
import { isValidLuhn } from '../src/data/pan';
import { type RunningCoreSimulator, startCoreSimulator } from '../src/server';
import { sequentialRounds, type TimedCall } from '../src/stats';
import { createLogger } from '../../lib/logger';
import { formatMinor, parseDecimal } from '../../lib/money';
import { freePort, ROOT, startProcess } from '../../scripts/lib/processes';
import { missing } from '../../test/support/present';

const ANCHOR = '2025-06-30';
// what an adapter must pass: node-soap would otherwise turn xsd:decimal into a JS number
const KEEP_AS_TEXT = { decimal: (t: string) => t, date: (t: string) => t, dateTime: (t: string) => t };

// SOAP results are dynamic objects; the assertions below are what pins their shape
type Any = any;

let sim: RunningCoreSimulator;
let client: soap.Client;
let messageNo = 0;

const header = (op: string) => ({ SourceSystem: 'ITEST', UserId: 'tester', Branch: '001', Operation: op, MessageId: `it-${++messageNo}` });

async function call(op: string, body: Record<string, unknown>, c: soap.Client = client): Promise<Any> {
  const [result] = await (c as Any)[`${op}Async`]({ Header: header(op), ...body });
  return result;
}

async function soapError(p: Promise<unknown>): Promise<Any> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeDefined();
  return err;
}

async function admin(path: string, body?: unknown): Promise<{ status: number; json: Any }> {
  const res = await fetch(`${sim.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

type Balances = Record<string, { available: string; ledger: string }>;

async function balances(...ids: string[]): Promise<Balances> {
  const r = await call('QueryAccBal', { AccountIds: { AccountId: ids } });
  return Object.fromEntries(r.Balances.Balance.map((b: Any) => [b.AccountId, { available: b.Available, ledger: b.Ledger }]));
}

function balanceOf(all: Balances, id: string): Balances[string] {
  return all[id] ?? missing(`balance of ${id}`);
}

async function accountsOf(customerId: string): Promise<Any[]> {
  return (await call('QueryAccSumm', { CustomerId: customerId })).Accounts.Account;
}

async function top(accountId: string, n = 1): Promise<Any[]> {
  const r = await call('QueryTransactions', { Queries: { Query: [{ AccountId: accountId, PageSize: n }] } });
  return r.Pages.Page[0].Transactions.Transaction;
}

beforeAll(async () => {
  const logger = createLogger('core-simulator');
  logger.level = 'warn';
  sim = await startCoreSimulator({ port: await freePort(), seed: 42, anchorDate: ANCHOR, logger });
  client = await soap.createClientAsync(sim.wsdlUrl, { customDeserializer: KEEP_AS_TEXT });
}, 60000);

afterAll(async () => {
  await sim?.close();
});

afterEach(async () => {
  await admin('/admin/faults/reset', {});
});

describe('contract', () => {
  it('serves the WSDL with its real address and the imported XSD beside it', async () => {
    const wsdl = await (await fetch(sim.wsdlUrl)).text();
    expect(wsdl).toContain(`<soap:address location="${sim.url}/core"/>`);
    expect(wsdl).toContain('schemaLocation="core.xsd"');
    const xsd = readFileSync(resolve(ROOT, 'core-simulator/wsdl/core.xsd'), 'utf8');
    expect(await (await fetch(`${sim.url}/core.xsd`)).text()).toBe(xsd);
    expect(await (await fetch(`${sim.url}/core?xsd`)).text()).toBe(xsd);
    const ops = Object.keys(client.describe().CoreBankingService.CoreBankingPort).sort();
    expect(ops).toEqual([
      'CreateTransaction',
      'GetExchangeRates',
      'QueryAccBal',
      'QueryAccSumm',
      'QueryCard',
      'QueryCustomer',
      'QueryTransactions',
      'QueryTransfer',
      'SetCardStatus',
    ]);
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
  });
});

describe('malformed requests', () => {
  it('answers unparsable XML with the same CoreFault shape as every other fault', async () => {
    const res = await fetch(`${sim.url}/core`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: 'not <xml' });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toContain('<faultcode>soap:Server</faultcode>');
    expect(body).toMatch(/<CoreFault xmlns="urn:corebridge:core:v1"><Code>SYSTEM_ERROR<\/Code>/);
    expect((await fetch(`${sim.url}/core`, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(`${sim.url}/nowhere`)).status).toBe(404);
  });
});

describe('operations', () => {
  it('QueryCustomer answers typed fields, echoes the header, and CUSTOMER_NOT_FOUND for an unknown id', async () => {
    const r = await call('QueryCustomer', { CustomerId: 'C-000001' });
    expect(r.Header).toMatchObject({ SourceSystem: 'ITEST', Operation: 'QueryCustomer', Status: 'SUCCESS' });
    expect(r.Header.MessageId).toBe(`it-${messageNo}`);
    expect(r.Customer).toMatchObject({
      CustomerId: 'C-000001',
      FullName: 'Mia Hoffmann',
      Segment: 'PREMIER',
      MarketingConsent: true,
      EStatements: false,
      City: 'Berlin',
    });
    expect(r.Customer.CustomerSince).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await call('QueryCustomer', { CustomerId: 'C-000002' })).Customer.MarketingConsent).toBe(false);
    const missing = await call('QueryCustomer', { CustomerId: 'C-999999' });
    expect(missing.Header.Status).toBe('FAILURE');
    expect(missing.Errors.Error).toEqual([{ Code: 'CUSTOMER_NOT_FOUND', Message: expect.any(String), Ref: 'C-999999' }]);
    expect(missing.Customer).toBeUndefined();
  });

  it('refuses a request without Header with INVALID_REQUEST', async () => {
    const [r] = await (client as Any).QueryCustomerAsync({ CustomerId: 'C-000001' });
    expect(r.Header.Status).toBe('FAILURE');
    expect(r.Errors.Error[0].Code).toBe('INVALID_REQUEST');
  });

  it('QueryAccSumm lists accounts with product specifics as decimal strings', async () => {
    const c1 = await accountsOf('C-000001');
    expect(c1.map((a) => `${a.Type}:${a.Currency}:${a.Status}`)).toEqual(['CURRENT:EUR:ACTIVE', 'SAVINGS:EUR:ACTIVE', 'CARD:EUR:ACTIVE', 'CURRENT:GBP:ACTIVE']);
    expect(c1[1]).toMatchObject({ InterestRate: '2.10', SavingsGoal: '20000.00' });
    expect(c1[2]).toMatchObject({ CreditLimit: '5000.00' });
    const c4 = await accountsOf('C-000004');
    expect(c4[1].Status).toBe('CLOSED');
    expect(c4[2]).toMatchObject({ Type: 'LOAN', LoanPrincipal: '18000.00', InterestRate: '4.90', NextInstalmentDate: '2025-07-15' });
    expect(c4[2].NextInstalmentAmount).toMatch(/^\d+\.\d{2}$/);
    expect((await call('QueryAccSumm', { CustomerId: 'C-123456789' })).Errors.Error[0].Code).toBe('CUSTOMER_NOT_FOUND');
  });

  it('QueryAccBal answers many accounts in one call and lists unknown ones as errors with Ref', async () => {
    const r = await call('QueryAccBal', { AccountIds: { AccountId: ['A-0000001', 'A-NOPE', 'A-0000003', 'A-0000004'] } });
    expect(r.Header.Status).toBe('SUCCESS');
    expect(r.Errors.Error).toEqual([{ Code: 'ACCOUNT_NOT_FOUND', Message: expect.any(String), Ref: 'A-NOPE' }]);
    expect(r.Balances.Balance.map((b: Any) => [b.AccountId, b.Currency])).toEqual([
      ['A-0000001', 'EUR'],
      ['A-0000003', 'EUR'],
      ['A-0000004', 'GBP'],
    ]);
    for (const b of r.Balances.Balance) {
      expect(b.Available).toMatch(/^-?\d+\.\d{2}$/);
      expect(b.Ledger).toMatch(/^-?\d+\.\d{2}$/);
    }
    expect(r.Balances.Balance[1].Ledger).toBe('-642.18');
    const none = await call('QueryAccBal', { AccountIds: { AccountId: ['A-X', 'A-Y'] } });
    expect(none.Header.Status).toBe('FAILURE');
    expect(none.Errors.Error.map((e: Any) => e.Ref)).toEqual(['A-X', 'A-Y']);
    const tooMany = await call('QueryAccBal', { AccountIds: { AccountId: Array.from({ length: 101 }, (_, i) => `A-${i}`) } });
    expect(tooMany.Errors.Error[0].Code).toBe('INVALID_REQUEST');
  });

  it('QueryTransactions pages several accounts in one call, newest first, continuing after NextKey', async () => {
    const r = await call('QueryTransactions', {
      Queries: {
        Query: [
          { AccountId: 'A-0000001', PageSize: 5 },
          { AccountId: 'A-0000003', PageSize: 3 },
          { AccountId: 'A-0000002', PageSize: 2 },
        ],
      },
    });
    expect(r.Header.Status).toBe('SUCCESS');
    const [p1, p3, p2] = r.Pages.Page;
    expect([p1.AccountId, p3.AccountId, p2.AccountId]).toEqual(['A-0000001', 'A-0000003', 'A-0000002']);
    expect(p1.Transactions.Transaction).toHaveLength(5);
    expect(p1.HasMore).toBe(true);
    const first = p1.Transactions.Transaction;
    const t = first[0];
    expect(t.BookedAt.slice(0, 10)).toBe(ANCHOR);
    expect(t).toMatchObject({ AccountId: 'A-0000001', Currency: 'EUR', Amount: expect.stringMatching(/^\d+\.\d{2}$/) });
    expect(['DEBIT', 'CREDIT']).toContain(t.Direction);
    const withMerchant = [...first, ...p3.Transactions.Transaction].find((x: Any) => x.Merchant);
    expect(withMerchant.Merchant).toMatchObject({ Mcc: expect.stringMatching(/^\d{4}$/), Latitude: expect.stringMatching(/^-?\d+\.\d+$/) });
    const next = await call('QueryTransactions', { Queries: { Query: [{ AccountId: 'A-0000001', PageSize: 5, AfterKey: p1.NextKey }] } });
    const second = next.Pages.Page[0].Transactions.Transaction;
    const both = [...first, ...second];
    expect(new Set(both.map((x: Any) => x.TxnId)).size).toBe(10);
    const whole = await top('A-0000001', 10);
    expect(both.map((x: Any) => x.TxnId)).toEqual(whole.map((x: Any) => x.TxnId));
    for (let i = 1; i < both.length; i++) expect(both[i - 1].BookedAt >= both[i].BookedAt).toBe(true);
  });

  it('QueryTransactions filters by dates and refuses bad queries per query', async () => {
    const r = await call('QueryTransactions', {
      Queries: {
        Query: [
          { AccountId: 'A-0000001', PageSize: 500, FromDate: '2025-06-01', ToDate: '2025-06-07' },
          { AccountId: 'A-0000001', PageSize: 0 },
          { AccountId: 'A-0000002', PageSize: 501 },
          { AccountId: 'A-0000003', PageSize: 10, AfterKey: 'made-up' },
          { AccountId: 'A-NOPE', PageSize: 10 },
        ],
      },
    });
    expect(r.Header.Status).toBe('SUCCESS');
    const days = r.Pages.Page[0].Transactions.Transaction.map((x: Any) => x.BookedAt.slice(0, 10));
    expect(days.length).toBeGreaterThan(0);
    expect(days.every((day: string) => day >= '2025-06-01' && day <= '2025-06-07')).toBe(true);
    expect(r.Pages.Page[0].HasMore).toBe(false);
    expect(r.Errors.Error.map((e: Any) => [e.Code, e.Ref])).toEqual([
      ['INVALID_REQUEST', 'A-0000001'],
      ['INVALID_REQUEST', 'A-0000002'],
      ['INVALID_REQUEST', 'A-0000003'],
      ['ACCOUNT_NOT_FOUND', 'A-NOPE'],
    ]);
    const tooMany = await call('QueryTransactions', { Queries: { Query: Array.from({ length: 51 }, () => ({ AccountId: 'A-0000001', PageSize: 1 })) } });
    expect(tooMany.Header.Status).toBe('FAILURE');
    expect(tooMany.Errors.Error[0].Code).toBe('INVALID_REQUEST');
  });

  it('QueryCard finds cards by customer, card id and PAN, and never returns a full PAN', async () => {
    const { json } = await admin('/admin/cards?customerId=C-000001');
    expect(json.cards).toHaveLength(2);
    for (const c of json.cards) expect(isValidLuhn(c.pan)).toBe(true);
    const byCustomer = await call('QueryCard', { CustomerId: 'C-000001' });
    expect(byCustomer.Cards.Card.map((c: Any) => [c.CardId, c.MaskedPan, c.Kind])).toEqual(json.cards.map((c: Any) => [c.cardId, c.maskedPan, c.kind]));
    expect(client.lastResponse).not.toContain(json.cards[0].pan);
    const [visa, mc] = byCustomer.Cards.Card;
    expect(visa).toMatchObject({ Brand: 'VISA', Kind: 'DEBIT', Status: 'ACTIVE', AccountId: 'A-0000001' });
    expect(mc).toMatchObject({ Brand: 'MASTERCARD', Kind: 'CREDIT', AccountId: 'A-0000003' });
    expect(typeof visa.ExpiryMonth).toBe('number');
    expect(visa.MaskedPan).toBe(`${json.cards[0].pan.slice(0, 6)}******${json.cards[0].pan.slice(-4)}`);
    const byPan = await call('QueryCard', { Pan: json.cards[1].pan });
    expect(byPan.Cards.Card[0].CardId).toBe(json.cards[1].cardId);
    expect(client.lastResponse).not.toContain(json.cards[1].pan);
    expect((await call('QueryCard', { CardId: json.cards[0].cardId })).Cards.Card[0].MaskedPan).toBe(json.cards[0].maskedPan);
    const unknownPan = await call('QueryCard', { Pan: '4000000000000002' });
    expect(unknownPan.Errors.Error[0]).toMatchObject({ Code: 'CARD_NOT_FOUND', Ref: '400000******0002' });
    expect(client.lastResponse).not.toContain('4000000000000002');
    expect((await call('QueryCard', { CardId: 'K-NOPE' })).Errors.Error[0].Code).toBe('CARD_NOT_FOUND');
  });
});

describe('SetCardStatus', () => {
  it('freezes and releases a card over SOAP, idempotent by target state, shown by QueryCard and the admin route', async () => {
    const { json } = await admin('/admin/cards?customerId=C-000002');
    const cardId: string = json.cards[0].cardId;
    try {
      const first = await call('SetCardStatus', { CardId: cardId, CustomerId: 'C-000002', TargetStatus: 'FROZEN' });
      expect(first.Header.Status).toBe('SUCCESS');
      expect(first.Card).toMatchObject({ CardId: cardId, Status: 'FROZEN', MaskedPan: json.cards[0].maskedPan });
      expect(first.Changed).toBe(true);
      expect(client.lastResponse).not.toContain(json.cards[0].pan);
      const again = await call('SetCardStatus', { CardId: cardId, CustomerId: 'C-000002', TargetStatus: 'FROZEN' });
      expect([again.Header.Status, again.Card.Status, again.Changed]).toEqual(['SUCCESS', 'FROZEN', false]);
      expect((await call('QueryCard', { CardId: cardId })).Cards.Card[0].Status).toBe('FROZEN');
      expect((await admin('/admin/cards?customerId=C-000002')).json.cards[0].status).toBe('FROZEN');
      // another customer's card answers as an unknown one
      const foreign = await call('SetCardStatus', { CardId: cardId, CustomerId: 'C-000001', TargetStatus: 'ACTIVE' });
      expect([foreign.Header.Status, foreign.Errors.Error[0].Code]).toEqual(['FAILURE', 'CARD_NOT_FOUND']);
      const bad = await call('SetCardStatus', { CardId: cardId, TargetStatus: 'BLOCKED' });
      expect(bad.Errors.Error[0].Code).toBe('INVALID_REQUEST');
      const back = await call('SetCardStatus', { CardId: cardId, CustomerId: 'C-000002', TargetStatus: 'ACTIVE' });
      expect([back.Card.Status, back.Changed]).toEqual(['ACTIVE', true]);
    } finally {
      await admin('/admin/data/reset', {});
    }
  });
});

describe('CreateTransaction', () => {
  it('moves money, shows it on top of both histories, and replays instead of debiting twice', async () => {
    const before = await balances('A-0000001', 'A-0000002');
    const transfer = {
      FromAccountId: 'A-0000001',
      ToAccountId: 'A-0000002',
      Amount: '42.10',
      Currency: 'EUR',
      Narrative: 'To savings',
      CallerReference: 'it-transfer-1',
    };
    const first = await call('CreateTransaction', { Transfer: transfer });
    expect(first.Header.Status).toBe('SUCCESS');
    expect(first.Result).toMatchObject({ CallerReference: 'it-transfer-1', Status: 'BOOKED', Amount: '42.10', Currency: 'EUR', Replayed: false });
    const after = await balances('A-0000001', 'A-0000002');
    const minor = (s: string) => parseDecimal(s, 'EUR').minor;
    expect(minor(balanceOf(after, 'A-0000001').available)).toBe(minor(balanceOf(before, 'A-0000001').available) - 4210n);
    expect(minor(balanceOf(after, 'A-0000002').available)).toBe(minor(balanceOf(before, 'A-0000002').available) + 4210n);
    expect((await top('A-0000001'))[0]).toMatchObject({ TxnId: first.Result.TxnId, Direction: 'DEBIT', Amount: '42.10', Description: 'To savings' });
    expect((await top('A-0000002'))[0]).toMatchObject({ Direction: 'CREDIT', Amount: '42.10', Reference: 'it-transfer-1' });

    const again = await call('CreateTransaction', { Transfer: { ...transfer, Amount: '42.1' } });
    expect(again.Result).toEqual({ ...first.Result, Replayed: true });
    expect(await balances('A-0000001', 'A-0000002')).toEqual(after);

    const reused = await call('CreateTransaction', { Transfer: { ...transfer, Amount: '42.11' } });
    expect(reused.Header.Status).toBe('FAILURE');
    expect(reused.Errors.Error[0]).toMatchObject({ Code: 'REFERENCE_REUSED', Ref: 'it-transfer-1' });
    expect(await balances('A-0000001', 'A-0000002')).toEqual(after);
  });

  it('pays another bank by IBAN: a debit only', async () => {
    const before = await balances('A-0000001');
    const r = await call('CreateTransaction', {
      Transfer: {
        FromAccountId: 'A-0000001',
        ToIban: 'NL91ABNA0417164300',
        ToName: 'Jan de Vries',
        Amount: '7.00',
        Currency: 'EUR',
        CallerReference: 'it-ext-1',
      },
    });
    expect(r.Header.Status).toBe('SUCCESS');
    const minor = (s: string) => parseDecimal(s, 'EUR').minor;
    expect(minor(balanceOf(await balances('A-0000001'), 'A-0000001').available)).toBe(minor(balanceOf(before, 'A-0000001').available) - 700n);
    expect((await top('A-0000001'))[0]).toMatchObject({ CounterpartyIban: 'NL91ABNA0417164300', CounterpartyName: 'Jan de Vries' });
  });

  it('refuses with a stable code and leaves every balance unchanged', async () => {
    const c5 = await accountsOf('C-000005');
    const c4 = await accountsOf('C-000004');
    const low = c5.find((a) => a.Currency === 'EUR')!.AccountId;
    const usd = c5.find((a) => a.Currency === 'USD')!.AccountId;
    const closed = c4.find((a) => a.Status === 'CLOSED')!.AccountId;
    const ids = ['A-0000001', 'A-0000002', low, usd, closed];
    const before = await balances(...ids);
    const lowAvailable = balanceOf(before, low).available;
    const base = { FromAccountId: 'A-0000001', ToAccountId: 'A-0000002', Amount: '1.00', Currency: 'EUR' };
    const cases: Array<[Record<string, string>, string]> = [
      [{ Amount: '0' }, 'INVALID_AMOUNT'],
      [{ Amount: '-1.00' }, 'INVALID_AMOUNT'],
      [{ Amount: '1.001' }, 'INVALID_AMOUNT'],
      [{ Currency: 'GBP' }, 'CURRENCY_MISMATCH'],
      [{ FromAccountId: low, ToAccountId: usd }, 'CURRENCY_MISMATCH'],
      [{ FromAccountId: low, Amount: formatMinor(parseDecimal(lowAvailable, 'EUR').minor + 1n, 'EUR') }, 'INSUFFICIENT_FUNDS'],
      [{ ToAccountId: closed }, 'ACCOUNT_CLOSED'],
      [{ ToAccountId: 'A-NOPE' }, 'ACCOUNT_NOT_FOUND'],
      [{ FromAccountId: 'A-NOPE' }, 'ACCOUNT_NOT_FOUND'],
    ];
    let n = 0;
    for (const [change, code] of cases) {
      const r = await call('CreateTransaction', { Transfer: { ...base, ...change, CallerReference: `it-refuse-${++n}` } });
      expect([JSON.stringify(change), r.Header.Status, r.Errors?.Error?.[0]?.Code]).toEqual([JSON.stringify(change), 'FAILURE', code]);
      expect(r.Result).toBeUndefined();
    }
    expect(await balances(...ids)).toEqual(before);
  });
});

describe('test controls', () => {
  it('counts every SOAP call by operation, failed ones included, and resets', async () => {
    expect((await admin('/admin/stats/reset', {})).json.calls).toEqual({});
    await call('QueryCustomer', { CustomerId: 'C-000001' });
    await call('QueryCustomer', { CustomerId: 'C-999999' });
    await call('QueryAccBal', { AccountIds: { AccountId: ['A-0000001', 'A-0000002'] } });
    const { json } = await admin('/admin/stats');
    expect(json.calls).toEqual({ QueryCustomer: 2, QueryAccBal: 1 });
    expect(json.failures).toEqual({ QueryCustomer: 1 });
    expect(json.totals).toMatchObject({ calls: 3, success: 2, failure: 1, fault: 0, inFlight: 0, maxInFlight: 1 });
    await admin('/admin/stats/reset', {});
    expect((await admin('/admin/stats')).json.totals.calls).toBe(0);
  });

  it('keeps a timeline of the calls served: two at once are one round trip, one after the other two', async () => {
    // 30 ms a call, so the two sent together are in the core together
    expect((await admin('/admin/faults', { latencyMs: 30 })).status).toBe(200);
    await admin('/admin/stats/reset', {});
    try {
      await Promise.all([call('QueryCustomer', { CustomerId: 'C-000001' }), call('QueryAccSumm', { CustomerId: 'C-000001' })]);
      await call('QueryAccBal', { AccountIds: { AccountId: ['A-0000001'] } });
    } finally {
      await admin('/admin/faults', { latencyMs: 0 });
    }
    const { json } = await admin('/admin/stats');
    expect(json.recentCalls.map((c: TimedCall) => c.operation).sort()).toEqual(['QueryAccBal', 'QueryAccSumm', 'QueryCustomer']);
    for (const c of json.recentCalls as TimedCall[]) expect(c.endMs).toBeGreaterThanOrEqual(c.startMs);
    expect(sequentialRounds(json.recentCalls)).toBe(2);
    await admin('/admin/stats/reset', {});
    expect((await admin('/admin/stats')).json.recentCalls).toEqual([]);
  });

  it('validates fault settings: bad JSON and bad values get 400 with a message, partial updates keep the rest', async () => {
    const bad = await admin('/admin/faults', '{"latencyMs": ');
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/JSON/);
    const range = await admin('/admin/faults', { errorRate: 2 });
    expect(range.status).toBe(400);
    expect(range.json.message).toMatch(/errorRate/);
    expect((await admin('/admin/faults', { latencyMs: 5, jitterMs: 3 })).status).toBe(200);
    expect((await admin('/admin/faults', { maxSessions: 4 })).json).toMatchObject({ latencyMs: 5, jitterMs: 3, maxSessions: 4, errorRate: 0, down: false });
    expect((await admin('/admin/faults')).json).toMatchObject({ latencyMs: 5, jitterMs: 3, maxSessions: 4 });
  });

  it('adds latency to each SOAP call', async () => {
    await admin('/admin/faults', { latencyMs: 400 });
    const t0 = performance.now();
    await call('QueryCustomer', { CustomerId: 'C-000003' });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    await admin('/admin/faults', { latencyMs: 0 });
    const t1 = performance.now();
    await call('QueryCustomer', { CustomerId: 'C-000003' });
    expect(performance.now() - t1).toBeLessThan(390);
  });

  it('answers a SOAP Fault with CoreFault SYSTEM_ERROR at errorRate 1, and moves no money', async () => {
    await admin('/admin/stats/reset', {});
    await admin('/admin/faults', { errorRate: 1 });
    const err = await soapError(call('QueryCustomer', { CustomerId: 'C-000001' }));
    expect(err.response?.status).toBe(500);
    expect(err.root.Envelope.Body.Fault).toMatchObject({ faultcode: 'soap:Server', detail: { CoreFault: { Code: 'SYSTEM_ERROR' } } });
    await soapError(
      call('CreateTransaction', {
        Transfer: { FromAccountId: 'A-0000001', ToAccountId: 'A-0000002', Amount: '1.00', Currency: 'EUR', CallerReference: 'it-fault-1' },
      }),
    );
    const stats = (await admin('/admin/stats')).json;
    expect(stats.calls).toEqual({ QueryCustomer: 1, CreateTransaction: 1 });
    expect(stats.totals).toMatchObject({ fault: 2, systemError: 2 });
    await admin('/admin/faults', { errorRate: 0 });
    const balance = await balances('A-0000001');
    const ok = await call('CreateTransaction', {
      Transfer: { FromAccountId: 'A-0000001', ToAccountId: 'A-0000002', Amount: '1.00', Currency: 'EUR', CallerReference: 'it-fault-1' },
    });
    expect(ok.Result.Replayed).toBe(false);
    const minor = (s: string) => parseDecimal(s, 'EUR').minor;
    expect(minor(balanceOf(await balances('A-0000001'), 'A-0000001').available)).toBe(minor(balanceOf(balance, 'A-0000001').available) - 100n);
  });

  it('drops connections while down, keeps /health and admin up, and recovers', async () => {
    await admin('/admin/stats/reset', {});
    await admin('/admin/faults', { down: true });
    const err = await soapError(call('QueryCustomer', { CustomerId: 'C-000001' }));
    expect(String(err.code ?? err.message)).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    await expect(fetch(sim.wsdlUrl)).rejects.toThrow();
    expect((await (await fetch(`${sim.url}/health`)).json()).down).toBe(true);
    expect((await admin('/admin/stats')).json.totals).toMatchObject({ calls: 1, refused: 1 });
    await admin('/admin/faults', { down: false });
    expect((await call('QueryCustomer', { CustomerId: 'C-000001' })).Header.Status).toBe('SUCCESS');
  });

  it('holds at most maxSessions calls in flight; the rest wait up to 2 s, then SESSION_LIMIT', async () => {
    await admin('/admin/stats/reset', {});
    await admin('/admin/faults', { maxSessions: 1, latencyMs: 1200 });
    const t0 = performance.now();
    const settled = await Promise.all(
      [1, 2, 3].map((i) =>
        call('QueryCustomer', { CustomerId: `C-00000${i}` }).then(
          (r) => ({ ok: true, ms: performance.now() - t0, id: r.Customer.CustomerId }),
          (e: Any) => ({ ok: false, ms: performance.now() - t0, code: e.root?.Envelope?.Body?.Fault?.detail?.CoreFault?.Code }),
        ),
      ),
    );
    const ok = settled.filter((s) => s.ok);
    const refused = settled.filter((s) => !s.ok);
    expect(ok).toHaveLength(2);
    expect(refused).toEqual([expect.objectContaining({ code: 'SESSION_LIMIT' })]);
    // one after the other: the second waited for the first
    expect(Math.max(...ok.map((s) => s.ms))).toBeGreaterThanOrEqual(2300);
    expect(refused.at(0)!.ms).toBeGreaterThanOrEqual(1900);
    expect(refused.at(0)!.ms).toBeLessThan(2400);
    const stats = (await admin('/admin/stats')).json;
    expect(stats.totals).toMatchObject({ calls: 3, sessionLimit: 1, maxInFlight: 1 });
  });

  it('shows test cards with full PANs only on the admin route, and dataset totals', async () => {
    expect((await admin('/admin/cards')).status).toBe(400);
    expect((await admin('/admin/cards?customerId=C-999999')).status).toBe(404);
    const { json } = await admin('/admin/info');
    expect(json.totals).toMatchObject({ customers: 10_000, accounts: expect.any(Number), cards: expect.any(Number) });
    expect(json.totals.transactions).toBeGreaterThanOrEqual(1_000_000);
    expect(json.totals.transactions).toBe(json.totals.seededTransactions + json.totals.createdTransactions);
    expect(json.totals.transactions).toBe(sim.data.totalTransactions);
    expect(json.anchorDate).toBe(ANCHOR);
  });
});

describe('as a real process', () => {
  it('starts with the default 10,000 customers, stays under 500 MB, and serves SOAP (start-up time is printed, not asserted: timing belongs to the benchmark)', async () => {
    const port = await freePort();
    const t0 = performance.now();
    const proc = await startProcess(
      'core',
      'core-simulator/src/main.ts',
      { CORE_PORT: String(port), CORE_OPS_PORT: '0', CORE_ANCHOR_DATE: ANCHOR, CORE_SEED: '42' },
      `http://127.0.0.1:${port}/health`,
    );
    const startMs = performance.now() - t0;
    try {
      const info = await (await fetch(`http://127.0.0.1:${port}/admin/info`)).json();
      expect(info.totals.customers).toBe(10_000);
      expect(info.totals.transactions).toBe(sim.data.dataset.generatedTransactions); // same seed + anchor: same bank
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.child.pid}/status`, 'utf8'))?.[1]);
      const other = await soap.createClientAsync(`http://127.0.0.1:${port}/core?wsdl`, { customDeserializer: KEEP_AS_TEXT });
      const r = await call('QueryAccBal', { AccountIds: { AccountId: ['A-0000001'] } }, other);
      expect(r.Balances.Balance[0].Available).toBe('4850.00');
      expect(rssKb * 1024).toBeLessThan(500 * 1024 * 1024);
      process.stdout.write(
        `core simulator process: ready in ${Math.round(startMs)} ms (internal start-up ${info.startupMs} ms), RSS ${Math.round(rssKb / 1024)} MB\n`,
      );
    } finally {
      await proc.stop();
    }
    // explicit: a run by path does not get the project's timeout, and a test cut short leaves the process behind
  }, 60000);

  it('refuses a bad setting at start, naming it, with exit code 78', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', resolve(ROOT, 'core-simulator/src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, CORE_PORT: '0', CORE_ANCHOR_DATE: '2025-02-30' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/CORE_ANCHOR_DATE/);
  }, 60000);
});
