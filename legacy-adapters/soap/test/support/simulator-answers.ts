// Every kind of answer the simulator gives, as the raw XML the core sent: each operation, business
// failures among them, and pages of hundreds of transactions. For the response parser's tests and
// its benchmark (bench/soap-parse.ts), which hold the adapter's parser to the soap library's.
import * as soap from 'soap';
import { startCoreSimulator } from '../../../../core-simulator/src/server';
import { createLogger } from '../../../../lib/logger';
import { freePort } from '../../../../scripts/lib/processes';
import { KEEP_AS_TEXT } from '../../src/contract';
import type { SoapWsdl } from '../../src/response-parser';

export interface CoreAnswer {
  operation: string;
  body: string;
}

/** A client as wsdl-client.ts makes it, and the library's own parse of its WSDL. */
export async function libraryClient(wsdlUrl: string): Promise<{ client: soap.Client; wsdl: SoapWsdl; library: (xml: string) => unknown }> {
  const client = await soap.createClientAsync(wsdlUrl, { customDeserializer: KEEP_AS_TEXT, escapeXML: false, disableCache: true });
  const wsdl = client.wsdl as unknown as SoapWsdl;
  const original = wsdl.xmlToObject.bind(wsdl);
  return { client, wsdl, library: (x) => original(x) };
}

/** Asks a simulator of its own (seed 42, January 2025) everything a day of the stack asks, for `customers` customers. */
export async function simulatorAnswers(customers = 12): Promise<CoreAnswer[]> {
  const logger = createLogger('core-simulator');
  logger.level = 'silent';
  const core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: Math.max(customers, 5), anchorDate: '2025-01-31', logger });
  try {
    const { client } = await libraryClient(core.wsdlUrl);
    client.setEndpoint(`${core.url}/core`);
    const answers: CoreAnswer[] = [];
    let operation = '';
    client.on('response', (body: string) => answers.push({ operation, body }));
    const call = async (op: string, args: Record<string, unknown>): Promise<Record<string, unknown>> => {
      operation = op;
      const header = { SourceSystem: 'TEST', UserId: 'u', Branch: '000', Operation: op, MessageId: `m-${answers.length}` };
      const method = (client as unknown as Record<string, (a: unknown) => Promise<[Record<string, unknown>]>>)[`${op}Async`]!;
      const [result] = await method({ Header: header, ...args });
      return result;
    };
    for (let i = 1; i <= customers; i++) await askAbout(`C-${String(i).padStart(6, '0')}`, i, call);
    await call('QueryCustomer', { CustomerId: 'C-999999' });
    await call('QueryTransfer', { CallerReference: 'never-sent' });
    await call('GetExchangeRates', { RateDate: '2025-01-30' });
    await call('GetExchangeRates', { RateDate: '2025-01-30', BaseCurrency: 'USD' });
    return answers;
  } finally {
    await core.close();
  }
}

type Call = (op: string, args: Record<string, unknown>) => Promise<Record<string, unknown>>;

const ids = (list: unknown, key: string) => [list ?? []].flat().map((x) => (x as Record<string, string>)[key]!);

async function askAbout(customerId: string, i: number, call: Call): Promise<void> {
  await call('QueryCustomer', { CustomerId: customerId });
  const summary = await call('QueryAccSumm', { CustomerId: customerId });
  const accounts = ids((summary.Accounts as Record<string, unknown> | undefined)?.Account, 'AccountId');
  await call('QueryAccBal', { AccountIds: { AccountId: [...accounts, 'A-9999999'] } });
  const queries = accounts.flatMap((a, k) => [
    { AccountId: a, PageSize: 20, QueryId: String(3 * k) },
    { AccountId: a, PageSize: 500, FromDate: '2024-12-01', QueryId: String(3 * k + 1) },
    { AccountId: a, PageSize: 5, QueryId: String(3 * k + 2), Direction: 'CREDIT', MinAmount: '10.00' },
  ]);
  await call('QueryTransactions', { Queries: { Query: [...queries, { AccountId: 'A-9999999', PageSize: 5, QueryId: 'x' }] } });
  const cards = await call('QueryCard', { CustomerId: customerId });
  const cardIds = ids((cards.Cards as Record<string, unknown> | undefined)?.Card, 'CardId');
  if (cardIds[0]) {
    await call('SetCardStatus', { CardId: cardIds[0], CustomerId: customerId, TargetStatus: 'FROZEN' });
    await call('SetCardStatus', { CardId: cardIds[0], CustomerId: customerId, TargetStatus: 'ACTIVE' });
  }
  if (accounts.length >= 2) {
    const transfer = { FromAccountId: accounts[0], ToAccountId: accounts[1], Amount: '1.00', Currency: 'EUR', CallerReference: `ref-${i}` };
    await call('CreateTransaction', { Transfer: transfer });
    await call('CreateTransaction', { Transfer: transfer });
    await call('CreateTransaction', { Transfer: { ...transfer, Amount: '99999999.00', CallerReference: `big-${i}` } });
    await call('QueryTransfer', { CallerReference: `ref-${i}` });
  }
}
