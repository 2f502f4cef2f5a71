// response-parser.ts against the `soap` library's own parser: for every answer the simulator gives
// (each operation, successes and business failures) and for hand-made answers at the edges of XML,
// the objects must be the same, key order included; what the parser does not read itself must go
// to the library's parser and end as the library ends it.
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import nock from 'nock';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../core-simulator/src/server';
import { createLogger } from '../../../lib/logger';
import { freePort, ROOT } from '../../../scripts/lib/processes';
import { CoreClient } from '../src';
import { CORE_OPERATIONS } from '../src/contract';
import { ResponseParser, type SoapWsdl } from '../src/response-parser';
import { libraryClient, simulatorAnswers, type CoreAnswer } from './support/simulator-answers';
import { faultEnvelope, failureEnvelope, responseEnvelope, xml } from './support/soap-core-nock';

const NS = 'urn:corebridge:core:v1';

// the envelope builders come with nock, which patches node:http and fetch on import: un-patch them
// for the next test file in this worker (a later file's fetch would find no socket)
afterAll(() => nock.restore());

type Outcome = { value: unknown } | { error: string };

function outcome(parse: () => unknown): Outcome {
  try {
    return { value: parse() };
  } catch (err) {
    return { error: err instanceof Error ? err.message : JSON.stringify(err) };
  }
}

describe('ResponseParser: every answer of the simulator', () => {
  let answers: CoreAnswer[] = [];

  beforeAll(async () => {
    answers = await simulatorAnswers(12);
  }, 60_000);

  it('reads each one itself and gives exactly what the library gives, key order included', async () => {
    const { wsdl, library } = await libraryClient(join(ROOT, 'core-simulator/wsdl/core.wsdl'));
    const parser = new ResponseParser(wsdl, library);
    const operations = new Set(answers.map((b) => b.operation));
    expect([...operations].sort()).toEqual([...CORE_OPERATIONS].sort());
    // the set holds FAILURE answers and pages of hundreds of transactions
    expect(answers.some((b) => b.body.includes('<Status>FAILURE</Status>'))).toBe(true);
    expect(Math.max(...answers.map((b) => b.body.length))).toBeGreaterThan(50_000);
    for (const { operation, body } of answers) {
      const ours = parser.parse(body);
      const theirs = library(body);
      if (!isDeepStrictEqual(ours, theirs) || JSON.stringify(ours) !== JSON.stringify(theirs)) {
        throw new Error(`${operation}: the parsers differ on ${body.slice(0, 300)}`);
      }
    }
    expect(parser.fallbacks).toBe(0);
  });
});

describe('ResponseParser: answers at the edges of XML', () => {
  let wsdl: SoapWsdl;
  let library: (xml: string) => unknown;

  beforeAll(async () => {
    ({ wsdl, library } = await libraryClient(join(ROOT, 'core-simulator/wsdl/core.wsdl')));
  });

  const customer = (inner: string) => responseEnvelope('QueryCustomer', `<Customer>${inner}</Customer>`);
  const envelopeWith = (prefix: string, body: string) =>
    `<${prefix}:Envelope xmlns:${prefix}="http://schemas.xmlsoap.org/soap/envelope/"><${prefix}:Body>${body}</${prefix}:Body></${prefix}:Envelope>`;

  // [what, answer, read by ResponseParser itself]
  const cases: Array<[string, string, boolean]> = [
    [
      'entities and character references',
      customer('<CustomerId>C-1</CustomerId><FullName>Zoë &amp; Co &lt;x&gt; &#x20AC; &#8364; &quot;q&quot;</FullName>'),
      true,
    ],
    ['text with spaces around it and inside it', customer('<CustomerId>  C-1 </CustomerId><FullName>\n  Ada   Example \n</FullName>'), true],
    ['whitespace between elements', customer('\n  <CustomerId>C-1</CustomerId>\n  <FullName>Ada</FullName>\n'), true],
    ['an empty string element, open and close', customer('<CustomerId>C-1</CustomerId><ShortName></ShortName>'), true],
    ['an empty string element, self-closing', customer('<CustomerId>C-1</CustomerId><ShortName/>'), true],
    ['booleans in every spelling', customer('<CustomerId>C-1</CustomerId><MarketingConsent>TRUE</MarketingConsent><EStatements>1</EStatements>'), true],
    ['an element the schema does not know, twice', customer('<CustomerId>C-1</CustomerId><Extra>a</Extra><Extra>b</Extra><Extra/>'), true],
    ['nested unknown elements', customer('<CustomerId>C-1</CustomerId><Extra><Deep><Deeper>x</Deeper></Deep></Extra>'), true],
    ['one account (an array in the schema)', responseEnvelope('QueryAccSumm', `<Accounts>${xml.account('A-1', 'C-1')}</Accounts>`), true],
    ['no accounts, self-closing', responseEnvelope('QueryAccSumm', '<Accounts/>'), true],
    [
      'a page with one transaction and an int',
      responseEnvelope('QueryTransactions', `<Pages>${xml.page('A-1', [xml.transaction('T-1', 'A-1')], true, 'k')}</Pages>`),
      true,
    ],
    ['a business failure with a Ref', failureEnvelope('QueryAccBal', [{ code: 'ACCOUNT_NOT_FOUND', message: 'no <such> account', ref: 'A-9' }]), true],
    [
      'another envelope prefix',
      envelopeWith('SOAP-ENV', `<QueryCustomerResponse xmlns="${NS}"><Customer><CustomerId>C-1</CustomerId></Customer></QueryCustomerResponse>`),
      true,
    ],
    [
      'a prefixed response element',
      envelopeWith('soap', `<c:QueryCustomerResponse xmlns:c="${NS}"><c:Customer><c:CustomerId>C-1</c:CustomerId></c:Customer></c:QueryCustomerResponse>`),
      true,
    ],
    [
      'a SOAP Header block',
      `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><Trace>abc</Trace></soap:Header><soap:Body><QueryCustomerResponse xmlns="${NS}"><Customer><CustomerId>C-1</CustomerId></Customer></QueryCustomerResponse></soap:Body></soap:Envelope>`,
      true,
    ],
    ['an empty Body', envelopeWith('soap', ''), true],
    ['a SOAP Fault', faultEnvelope('SYSTEM_ERROR', 'core <down>'), false],
    ['xsi:nil', customer('<CustomerId>C-1</CustomerId><Email xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>'), false],
    ['an attribute', customer('<CustomerId kind="x">C-1</CustomerId>'), false],
    ['CDATA', customer('<CustomerId><![CDATA[C-<1>]]></CustomerId>'), false],
    ['a comment inside text', customer('<CustomerId>C-<!-- c -->1</CustomerId>'), false],
    ['a processing instruction', customer('<CustomerId>C-1<?pi x?></CustomerId>'), false],
    ['mixed content', customer('<FullName>Ada <b>Example</b></FullName>'), false],
    ['a response element the WSDL does not name', envelopeWith('soap', `<NoSuchResponse xmlns="${NS}"><A>1</A></NoSuchResponse>`), false],
    ['an unclosed element', customer('<CustomerId>C-1</CustomerId><FullName>Ada').replace('</soap:Envelope>', ''), false],
    ['an undefined entity', customer('<CustomerId>C-1 &nbsp;</CustomerId>'), false],
    ['two root elements', `${customer('<CustomerId>C-1</CustomerId>')}<soap:Envelope/>`, false],
  ];

  it.each(cases)('%s: the same outcome as the library', (_what, answer, readItself) => {
    const parser = new ResponseParser(wsdl, library);
    expect(outcome(() => parser.parse(answer))).toStrictEqual(outcome(() => library(answer)));
    expect(parser.fallbacks).toBe(readItself ? 0 : 1);
  });

  it('gives what the library gives for any text the core may write (random answers)', () => {
    const parser = new ResponseParser(wsdl, library);
    const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const field = fc.tuple(
      fc.constantFrom('FullName', 'ShortName', 'City', 'Email', 'Segment', 'MarketingConsent', 'Unknown'),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 6 }), (fields) => {
        const answer = customer(`<CustomerId>C-1</CustomerId>${fields.map(([n, t]) => `<${n}>${escape(t)}</${n}>`).join('')}`);
        expect(outcome(() => parser.parse(answer))).toStrictEqual(outcome(() => library(answer)));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps money and dates as the core wrote them (the custom deserializers)', () => {
    const parser = new ResponseParser(wsdl, library);
    const body = responseEnvelope('QueryAccBal', `<Balances>${xml.balance('A-1', '0.10', '1234567890123456.07')}</Balances>`);
    const result = parser.parse(body) as { Body: { QueryAccBalResponse: { Balances: { Balance: Array<Record<string, unknown>> } } } };
    expect(result.Body.QueryAccBalResponse.Balances.Balance[0]).toMatchObject({
      Available: '0.10',
      Ledger: '1234567890123456.07',
      AsOf: '2025-01-31T10:00:00Z',
    });
  });

  it('once installed, reads the client answers and leaves the streaming form to the library', async () => {
    const { client } = await libraryClient(join(ROOT, 'core-simulator/wsdl/core.wsdl'));
    const installed = client.wsdl as unknown as SoapWsdl;
    const parser = ResponseParser.install(installed);
    const body = customer('<CustomerId>C-1</CustomerId>');
    expect(installed.xmlToObject(body)).toStrictEqual(library(body));
    expect(() => installed.xmlToObject(faultEnvelope('SESSION_LIMIT'))).toThrow(/soap:Server: core trouble/);
    expect(parser.fallbacks).toBe(1);
  });
});

describe('CoreClient and CORE_FAST_PARSE', () => {
  let core: RunningCoreSimulator;

  beforeAll(async () => {
    const logger = createLogger('core-simulator');
    logger.level = 'silent';
    core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: 5, anchorDate: '2025-01-31', logger });
  });

  afterAll(async () => {
    await core?.close();
  });

  const parsedBy = async (client: CoreClient, parser: string) => {
    const text = await client.registry.getSingleMetricAsString('core_answers_parsed_total');
    return Number(new RegExp(`parser="${parser}"} (\\d+)`).exec(text)?.[1] ?? 0);
  };

  it.each([
    [true, 'scanner'],
    [false, undefined],
  ] as const)('fastParse %s: the answers are read by %s, and the results are the same', async (fastParse, reader) => {
    const client = await CoreClient.create({ wsdlUrl: core.wsdlUrl, timeoutMs: 10000, maxConcurrency: 2, readRetries: 0, wsdlWaitMs: 10000, fastParse });
    try {
      const loaders = client.loaders({ requestId: 'r-1' });
      const accounts = await loaders.accountsOfCustomer.load('C-000001');
      const page = await loaders.transactions.load({ accountId: accounts[0]!.accountId, pageSize: 50 });
      expect(page).toMatchObject({ accountId: accounts[0]!.accountId });
      await expect(loaders.customer.load('C-999999')).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
      expect(await parsedBy(client, 'scanner')).toBe(reader === 'scanner' ? 3 : 0);
      expect(await parsedBy(client, 'library')).toBe(0);
    } finally {
      await client.close();
    }
  });
});
