// Customer text never becomes XML structure in a request to the core: random strings (markup,
// CDATA markers, control characters, astral and lone surrogates) go through every string argument
// that reaches the core, and the simulator must receive each as exactly that text, in exactly the
// elements the adapter meant to send. Characters XML 1.0 cannot carry are refused unsent.
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { type CoreClient, CoreError, toClientError, type CoreCallContext, type TransactionPageQuery } from '../../src';
import { failureOf } from '../support/core-errors';
import { startInProcessCore, type InProcessCore } from '../support/in-process-core';

let inProcess: InProcessCore;
let client: CoreClient;
let received: string[];

beforeAll(async () => {
  inProcess = await startInProcessCore();
  ({ client, received } = inProcess);
});

afterAll(() => inProcess?.close());

/** Pieces that break naive XML writers, astral and non-ASCII characters, any code point XML carries. */
const carriableUnit = fc.oneof(
  fc.constantFrom('<', '>', '&', '"', "'", '<![CDATA[', ']]>', ']]', '&amp;', '&#x0;', '\r', '\n', '\r\n', '\t', ' ', '\u0085', '\u2028', '😀', '\uFFFD'),
  fc.constantFrom('</CustomerId><FromAccountId>A-1</FromAccountId>', '<![CDATA[x]]></ToName><FromAccountId>A-1</FromAccountId><ToName><![CDATA[y]]>'),
  fc.string({ unit: 'binary', maxLength: 2 }).filter((u) => xmlCarries(u)),
);
/** What XML 1.0 cannot carry at all: C0 controls, lone surrogates, U+FFFE. */
const uncarriableUnit = fc.constantFrom('\u0000', '\u0001', '\u001F', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF');
/** Mostly text the core must receive unchanged, sometimes text that must be refused. */
const hostile = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: carriableUnit, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(carriableUnit, uncarriableUnit), minLength: 1, maxLength: 12 }) },
);

/** What XML 1.0 cannot carry (Char production), checked independently of the adapter. */
function xmlCarries(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const ok = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    if (!ok) return false;
  }
  return true;
}

interface Leaf {
  path: string;
  text: string;
}

/** Every leaf element of the request element inside soap:Body, in document order, by local names. */
function leavesOf(xml: string): { header: Leaf[]; body: Leaf[] } {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Array<{ name: string; text: string; parent: boolean }> = [];
  const leaves: Leaf[] = [];
  parser.on('opentag', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.parent = true;
    stack.push({ name: t.local, text: '', parent: false });
  });
  const addText = (text: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const path = stack.map((e) => e.name);
    const el = stack.pop()!;
    // Envelope / Body / <Operation>Request / ...
    if (!el.parent && path.length > 3) leaves.push({ path: path.slice(3).join('/'), text: el.text });
  });
  parser.write(xml).close();
  return { header: leaves.filter((l) => l.path.startsWith('Header/')), body: leaves.filter((l) => !l.path.startsWith('Header/')) };
}

/** Runs `send` with the generated strings; a value XML can carry must arrive as `expected` says, any other is refused unsent. */
async function check(values: string[], send: (ctx: CoreCallContext) => Promise<unknown>, expected: Leaf[]): Promise<void> {
  const userId = values[0]!;
  received.length = 0;
  const outcome = await send({ requestId: 'prop', userId }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!values.every(xmlCarries)) {
    expect(outcome).toBeInstanceOf(CoreError);
    expect(outcome).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(toClientError(outcome)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(received).toEqual([]);
    return;
  }
  expect(received).toHaveLength(1);
  const { header, body } = leavesOf(received[0]!);
  expect(header.find((l) => l.path === 'Header/UserId')?.text).toBe(userId || 'corebridge');
  expect(body).toEqual(expected);
}

const runs = { numRuns: 100 };

describe('every string argument reaches the core as exactly that text', () => {
  it('QueryCustomer, QueryAccSumm, QueryCard (CustomerId, Pan) and QueryAccBal ids', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (user, id) => {
        const l = () => client.loaders({ requestId: 'prop', userId: user });
        await check([user, id], () => l().customer.load(id), [{ path: 'CustomerId', text: id }]);
        await check([user, id], () => l().accountsOfCustomer.load(id), [{ path: 'CustomerId', text: id }]);
        await check([user, id], () => l().cardsOfCustomer.load(id), [{ path: 'CustomerId', text: id }]);
        await check([user, id], () => l().cardByPan.load(id), [{ path: 'Pan', text: id }]);
        await check([user, id], () => l().balance.load(id), [{ path: 'AccountIds/AccountId', text: id }]);
      }),
      runs,
    );
  });

  it('QueryTransactions: account, cursor, dates, amounts, MCCs and the text filter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 8, maxLength: 8 }), async (v) => {
        const [user, accountId, afterKey, fromDate, toDate, minAmount, mcc, text] = v as [string, string, string, string, string, string, string, string];
        // undefined fields are left out, an empty text filter too (operations.ts)
        const q: TransactionPageQuery = { accountId, pageSize: 5, afterKey, fromDate, toDate, minAmount, mccs: [mcc, 'x'], text };
        const expected: Leaf[] = [
          { path: 'Queries/Query/AccountId', text: accountId },
          { path: 'Queries/Query/PageSize', text: '5' },
          { path: 'Queries/Query/AfterKey', text: afterKey },
          { path: 'Queries/Query/FromDate', text: fromDate },
          { path: 'Queries/Query/ToDate', text: toDate },
          { path: 'Queries/Query/QueryId', text: '0' },
          { path: 'Queries/Query/MinAmount', text: minAmount },
          { path: 'Queries/Query/Mccs/Mcc', text: mcc },
          { path: 'Queries/Query/Mccs/Mcc', text: 'x' },
          ...(text !== '' ? [{ path: 'Queries/Query/Text', text }] : []),
        ];
        await check(v, () => client.loaders({ requestId: 'prop', userId: user }).transactions.load(q), expected);
      }),
      runs,
    );
  });

  it('CreateTransaction: accounts, payee, narrative, reference and payment message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 7, maxLength: 7 }), async (v) => {
        const [_user, from, to, name, narrative, ref, message] = v as [string, string, string, string, string, string, string];
        // the adapter refuses blank required fields itself; this property is about text, not presence
        const fromAccountId = `F${from}`;
        const toAccountId = `T${to}`;
        const callerReference = `R${ref}`;
        const expected: Leaf[] = [
          { path: 'Transfer/FromAccountId', text: fromAccountId },
          { path: 'Transfer/ToAccountId', text: toAccountId },
          { path: 'Transfer/ToName', text: name },
          { path: 'Transfer/Amount', text: '1.00' },
          { path: 'Transfer/Currency', text: 'EUR' },
          { path: 'Transfer/Narrative', text: narrative },
          { path: 'Transfer/CallerReference', text: callerReference },
          { path: 'Transfer/PaymentMessage', text: message },
        ];
        const req = { fromAccountId, toAccountId, toName: name, amount: '1.00', currency: 'EUR', narrative, callerReference, paymentMessage: message };
        await check(v, (ctx) => client.createTransaction(req, ctx), expected);
      }),
      runs,
    );
  });
});

it('a CDATA-shaped payee name cannot add a second FromAccountId', async () => {
  received.length = 0;
  // shaped like one CDATA section, so the library would pass it through as markup
  const toName = '<![CDATA[x]]></ToName><FromAccountId>C-000002-01</FromAccountId><ToName><![CDATA[y]]>';
  await client
    .createTransaction(
      { fromAccountId: 'NO-SUCH', toAccountId: 'NO-SUCH-2', toName, amount: '1.00', currency: 'EUR', callerReference: 'cdata-1' },
      { requestId: 'x' },
    )
    .catch(() => undefined);
  const { body } = leavesOf(received[0]!);
  expect(body.filter((l) => l.path === 'Transfer/FromAccountId')).toEqual([{ path: 'Transfer/FromAccountId', text: 'NO-SUCH' }]);
  expect(body.find((l) => l.path === 'Transfer/ToName')?.text).toBe(toName);
});

it("the core's answer echoing a CDATA-shaped id stays one readable answer", async () => {
  const id = '<![CDATA[x]]></Message><Ref>C-000001</Ref><Message><![CDATA[y]]>';
  expect(await failureOf(client.loaders({}).customer.load(id))).toMatchObject({ code: 'CUSTOMER_NOT_FOUND', ref: id });
});
