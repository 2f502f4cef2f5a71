// A canned legacy core for SOAP adapter unit tests: the real WSDL + XSD served through nock, and
// SOAP 1.1 envelopes built by hand the way the core's contract (core.xsd) shapes them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { ROOT } from '../../../../scripts/lib/processes';
import { missing } from '../../../../test/support/present';

export const CORE_HOST = 'http://core.test';
export const WSDL_URL = `${CORE_HOST}/core?wsdl`;
const NS = 'urn:corebridge:core:v1';

const WSDL = readFileSync(join(ROOT, 'core-simulator/wsdl/core.wsdl'), 'utf8');
const XSD = readFileSync(join(ROOT, 'core-simulator/wsdl/core.xsd'), 'utf8');

/** Serves the WSDL and the XSD it imports (relative to the WSDL URL) for as long as the test runs. */
export function serveWsdl(): void {
  nock(CORE_HOST).persist().get('/core').query({ wsdl: '' }).reply(200, WSDL, { 'content-type': 'text/xml' });
  nock(CORE_HOST).persist().get('/core.xsd').reply(200, XSD, { 'content-type': 'text/xml' });
}

export interface ErrorItem {
  code: string;
  message?: string;
  ref?: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function envelope(inner: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${inner}</soap:Body></soap:Envelope>`;
}

/** `<Op>Response` with Header, optional Errors and `bodyXml` (unprefixed, default namespace). */
export function responseEnvelope(
  operation: string,
  bodyXml: string,
  opts: { status?: 'SUCCESS' | 'FAILURE'; errors?: ErrorItem[]; messageId?: string } = {},
): string {
  const status = opts.status ?? (opts.errors?.length ? 'FAILURE' : 'SUCCESS');
  const errors = opts.errors?.length
    ? `<Errors>${opts.errors
        .map((e) => `<Error><Code>${e.code}</Code><Message>${esc(e.message ?? e.code)}</Message>${e.ref ? `<Ref>${esc(e.ref)}</Ref>` : ''}</Error>`)
        .join('')}</Errors>`
    : '';
  return envelope(
    `<${operation}Response xmlns="${NS}"><Header><SourceSystem>CORE</SourceSystem><Operation>${operation}</Operation>` +
      `<MessageId>${opts.messageId ?? 'm-1'}</MessageId><Status>${status}</Status><Timestamp>2025-01-31T10:00:00Z</Timestamp></Header>` +
      `${errors}${bodyXml}</${operation}Response>`,
  );
}

export function failureEnvelope(operation: string, errors: ErrorItem[]): string {
  return responseEnvelope(operation, '', { status: 'FAILURE', errors });
}

/** A SOAP Fault carrying the core's CoreFault detail (SYSTEM_ERROR | SESSION_LIMIT | TIMEOUT). */
export function faultEnvelope(code: string, message = 'core trouble'): string {
  return envelope(
    `<soap:Fault><faultcode>soap:Server</faultcode><faultstring>${esc(message)}</faultstring>` +
      `<detail><c:CoreFault xmlns:c="${NS}"><c:Code>${code}</c:Code><c:Message>${esc(message)}</c:Message></c:CoreFault></detail></soap:Fault>`,
  );
}

export const xml = {
  customer: (id: string) =>
    `<Customer><CustomerId>${id}</CustomerId><FullName>Ada Example</FullName><ShortName>Ada</ShortName><Segment>PREMIER</Segment>` +
    `<CustomerSince>2011-04-02</CustomerSince><BirthDate>1980-01-15</BirthDate><Email>ada@example.test</Email><Phone>+491700000000</Phone>` +
    `<Country>DE</Country><City>Berlin</City><MarketingConsent>true</MarketingConsent><EStatements>false</EStatements></Customer>`,
  account: (id: string, customerId: string, extra = '') =>
    `<Account><AccountId>${id}</AccountId><CustomerId>${customerId}</CustomerId><AccountNumber>0001${id}</AccountNumber>` +
    `<Iban>DE00123456780001</Iban><Type>CURRENT</Type><ProductCode>CUR01</ProductCode><ProductName>Current account</ProductName>` +
    `<Currency>EUR</Currency><Status>ACTIVE</Status><OpenedOn>2015-06-01</OpenedOn>${extra}</Account>`,
  balance: (id: string, available = '100.00', ledger = '100.00') =>
    `<Balance><AccountId>${id}</AccountId><Currency>EUR</Currency><Available>${available}</Available><Ledger>${ledger}</Ledger><AsOf>2025-01-31T10:00:00Z</AsOf></Balance>`,
  transaction: (id: string, accountId: string, amount = '12.34', withMerchant = true) =>
    `<Transaction><TxnId>${id}</TxnId><AccountId>${accountId}</AccountId><BookedAt>2025-01-30T08:15:00Z</BookedAt><ValueDate>2025-01-30</ValueDate>` +
    `<Amount>${amount}</Amount><Currency>EUR</Currency><Direction>DEBIT</Direction><Status>BOOKED</Status><Kind>CARD</Kind><Description>Coffee</Description>` +
    (withMerchant
      ? `<Merchant><MerchantId>M1</MerchantId><Name>Bean Bar</Name><Mcc>5814</Mcc><City>Berlin</City><Country>DE</Country><Latitude>52.520008</Latitude><Longitude>13.404954</Longitude></Merchant>`
      : '') +
    `</Transaction>`,
  page: (accountId: string, transactions: string[], hasMore = false, nextKey?: string) =>
    `<Page><AccountId>${accountId}</AccountId><Transactions>${transactions.join('')}</Transactions><HasMore>${hasMore}</HasMore>` +
    `${nextKey ? `<NextKey>${nextKey}</NextKey>` : ''}</Page>`,
  card: (id: string, customerId: string, maskedPan = '411111******1111') =>
    `<Card><CardId>${id}</CardId><CustomerId>${customerId}</CustomerId><AccountId>A-1</AccountId><MaskedPan>${maskedPan}</MaskedPan>` +
    `<Brand>VISA</Brand><Kind>DEBIT</Kind><Status>ACTIVE</Status><ExpiryMonth>07</ExpiryMonth><ExpiryYear>2028</ExpiryYear></Card>`,
  transferResult: (ref: string, amount: string) =>
    `<Result><TxnId>T-9</TxnId><CallerReference>${ref}</CallerReference><Status>BOOKED</Status><BookedAt>2025-01-31T10:00:00Z</BookedAt>` +
    `<Amount>${amount}</Amount><Currency>EUR</Currency><Replayed>false</Replayed></Result>`,
};

/** Text of every `<name>` (any prefix) in a request body, in order. */
export function elements(body: string, name: string): string[] {
  const re = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[\\w-]+:)?${name}>`, 'g');
  return [...body.matchAll(re)].map(([, text]) => text ?? missing(`the text of <${name}>`));
}

/** Text of the first `<name>` in a request body; the test fails when the request has none. */
export function element(body: string, name: string): string {
  return elements(body, name)[0] ?? missing(`<${name}> in the request`);
}

/** The inner XML of every `<Query>` of a QueryTransactions request, in order. */
export function queriesOf(body: string): string[] {
  return [...body.matchAll(/<(?:\w+:)?Query>([\s\S]*?)<\/(?:\w+:)?Query>/g)].map(([, inner]) => inner ?? missing('the content of <Query>'));
}

/** The operation a request asks for, from its SOAPAction header. */
export function operationOf(headers: Record<string, string | string[] | undefined>): string {
  const action = String(headers['soapaction'] ?? '').replace(/"/g, '');
  return action.slice(action.lastIndexOf('/') + 1);
}

const pendingAnswers = new Set<NodeJS.Timeout>();

/** Drops every interceptor and every delayed answer still waiting (call in afterEach). */
export function resetCannedCore(): void {
  for (const t of pendingAnswers) clearTimeout(t);
  pendingAnswers.clear();
  nock.cleanAll();
}

/**
 * The jest lifecycle of a test file that talks to the canned core: no real network while it runs,
 * the WSDL served for each test, and after each test the file's client closed (`closeClient`) and
 * the canned answers dropped. Call once at the top level of the file.
 */
export function useCannedCore(closeClient: () => Promise<void>): void {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => {
    nock.enableNetConnect();
    // un-patch node:http: the next test file in this worker brings its own nock
    nock.restore();
  });
  beforeEach(() => serveWsdl());
  afterEach(async () => {
    await closeClient();
    resetCannedCore();
  });
}

export interface CannedRequest {
  operation: string;
  body: string;
}

export type CannedAnswer = string | { status: number; body: string };

/**
 * A fake core endpoint: every POST /core is recorded and answered by `handler` after
 * `delayMs(operation)` (default 0). `inFlight` and `maxInFlight` count requests not yet answered.
 */
export function fakeCore(handler: (req: CannedRequest) => CannedAnswer, opts: { delayMs?: (req: CannedRequest) => number } = {}) {
  const state = { requests: [] as CannedRequest[], inFlight: 0, maxInFlight: 0 };
  nock(CORE_HOST)
    .persist()
    .post('/core')
    .reply(function (_uri, requestBody, callback) {
      const req: CannedRequest = {
        operation: operationOf(this.req.headers),
        body: String(typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody)),
      };
      state.requests.push(req);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      const answer = () => {
        state.inFlight--;
        const a = handler(req);
        if (typeof a === 'string') return callback(null, [a.includes('<soap:Fault>') ? 500 : 200, a, { 'content-type': 'text/xml; charset=utf-8' }]);
        return callback(null, [a.status, a.body, { 'content-type': 'text/xml; charset=utf-8' }]);
      };
      const delay = opts.delayMs?.(req) ?? 0;
      if (delay > 0) {
        const t = setTimeout(() => {
          pendingAnswers.delete(t);
          answer();
        }, delay);
        pendingAnswers.add(t);
      } else {
        answer();
      }
    });
  return {
    state,
    calls: (operation?: string) => state.requests.filter((r) => !operation || r.operation === operation).length,
  };
}
