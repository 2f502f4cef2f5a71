// GET /statements/<accountId>: the days with an end-of-day statement (newest first);
// GET /statements/<accountId>/<yyyy-mm-dd>[?version=2|8]: that day's camt.053 file, streamed.
// Like a core's statement file drop: plain HTTP, no SOAP envelope.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeCamt053 } from '../../../legacy-adapters/iso20022/src';
import { sendJson } from '../admin';
import type { CoreBank } from '../data/ledger';
import { eodStatement, statementDays } from './eod-statements';

const STATEMENTS_PATH = '/statements';
const ROUTE = /^\/statements\/([A-Za-z0-9-]{1,64})(?:\/([0-9]{4}-[0-9]{2}-[0-9]{2}))?$/;

/** Handles /statements/*; returns false when the path is not a statements route. */
export async function handleStatements(req: IncomingMessage, res: ServerResponse, url: URL, bank: CoreBank): Promise<boolean> {
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== STATEMENTS_PATH && !path.startsWith(`${STATEMENTS_PATH}/`)) return false;
  if (req.method !== 'GET') {
    sendJson(res, 405, { error: 'METHOD_NOT_ALLOWED', message: `${req.method} ${url.pathname}` });
    return true;
  }
  const [, accountId, day] = ROUTE.exec(path) ?? [];
  const account = accountId !== undefined ? bank.dataset.accountById.get(accountId) : undefined;
  if (!account) {
    sendJson(res, 404, { error: 'ACCOUNT_NOT_FOUND', message: 'no such account' });
    return true;
  }
  if (!day) {
    sendJson(res, 200, { accountId: account.accountId, currency: account.currency, days: statementDays(bank, account) });
    return true;
  }
  const v = url.searchParams.get('version') ?? '8';
  if (v !== '2' && v !== '8' && v !== '02' && v !== '08') {
    sendJson(res, 400, { error: 'BAD_REQUEST', message: 'version must be 2 or 8 (camt.053.001.02 / .08)' });
    return true;
  }
  const statement = eodStatement(bank, account, day, Number(v) as 2 | 8);
  if (!statement) {
    sendJson(res, 404, { error: 'STATEMENT_NOT_FOUND', message: `no statement for ${day}` });
    return true;
  }
  res.writeHead(200, {
    'content-type': 'application/xml; charset=utf-8',
    'content-disposition': `attachment; filename="camt053-${account.accountId}-${day}.xml"`,
  });
  await pipeline(Readable.from(writeCamt053(statement.header, statement.entries)), res);
  return true;
}
