// Every camt file of the Genkgo fixture set must parse to what its JSON twin (the output of the
// Genkgo PHP library) says: balances, amounts, currencies, dates and entry counts. Table-driven over
// the directory, so a file added there is covered without touching this test.
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCamt, type CamtParseOptions } from '../src/camt-parser';
import { CamtError } from '../src/errors';
import { signedMinor, type CamtDocument, type CamtRecord, type CamtRefusedEntry } from '../src/camt-types';
import { nth } from '../../../test/support/present';

const DIR = join(__dirname, 'fixtures', 'genkgo-camt');
const xmlFiles = readdirSync(DIR)
  .filter((f) => f.endsWith('.xml'))
  .sort();
const wrongFiles = xmlFiles.filter((f) => f.endsWith('.wrong.xml'));
const goodFiles = xmlFiles.filter((f) => !f.endsWith('.wrong.xml'));
/**
 * Genkgo's samples whose entry details do not make up the entry (one detail of 105.75 EUR under an
 * entry of 8.85 EUR; three details with no SEK amount under one SEK entry): read by default they are
 * refused (CAMT_DETAILS_MISMATCH); read on ('emit') every other field must still match the twin.
 */
const MISMATCHED: Readonly<Record<string, RegExp>> = {
  'camt053.v3.xml': /its 1 TxDtls add up to 10575, the entry is 885/,
  'camt054.v2.xml': /TxDtls #1 of 3 has no amount in SEK/,
  'camt054.v4.xml': /TxDtls #1 of 3 has no amount in SEK \(only in CHF\)/,
  'camt054.v8.xml': /TxDtls #1 of 3 has no amount in SEK \(only in CHF\)/,
};

type Json = Record<string, any>;
const RECORD_KIND: Record<string, string> = { Statement: 'STATEMENT', Report: 'REPORT', Notification: 'NOTIFICATION' };

/** An instant in ms; a bare date or a zone-less date-time counts as UTC (as the twin's generator did). */
function instant(text: string | undefined | null): number | null {
  if (!text) return null;
  let t = text.replace(/(\.\d{3})\d+/, '$1');
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t += 'T00:00:00Z';
  else if (!/(Z|[+-]\d{2}:\d{2})$/.test(t)) t += 'Z';
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new Error(`bad date ${text}`);
  return ms;
}
const jsonDate = (d: Json | null | undefined): number | null => instant(d?.['0'] ?? null);
const blankToUndefined = (s: string | null | undefined): string | undefined => (s === null || s === '' ? undefined : s);

/** The twin serialises each object once and writes "__RECURSIVITY__" after: collect every record object it holds. */
function recordsOf(twin: Json): Json[] {
  const found = new Map<string, Json>();
  const visit = (r: unknown) => {
    if (r && typeof r === 'object' && (r as Json).getId !== undefined && !found.has((r as Json).getId)) found.set((r as Json).getId, r);
  };
  (twin.getRecords as unknown[]).forEach(visit);
  for (const e of twin.getEntries as Json[]) visit(e.getRecord);
  return [...found.values()];
}

async function parseInSmallChunks(file: string, options: CamtParseOptions = {}): Promise<CamtDocument> {
  // 97-byte chunks: element names, amounts and UTF-8 sequences get split across chunk boundaries
  return readCamt(createReadStream(join(DIR, file), { highWaterMark: 97 }), options);
}

/** A record's entries by position, refused ones (read on) included. */
function entriesOf(r: CamtRecord): CamtRefusedEntry[] {
  return [...r.entries, ...(r.refused ?? []).map((x) => x.entry)].sort((a, b) => a.index - b.index);
}

function compareRecord(expected: Json, actual: CamtRecord): void {
  expect(actual.kind).toBe(RECORD_KIND[String(expected.__CLASS__).split('\\').pop()!]);
  expect(actual.account.iban ?? actual.account.otherId).toBe(expected.getAccount.getIdentification);
  expect(instant(actual.createdAt)).toBe(jsonDate(expected.getCreatedOn));
  expect(instant(actual.fromDateTime)).toBe(jsonDate(expected.getFromDate));
  expect(instant(actual.toDateTime)).toBe(jsonDate(expected.getToDate));
  expect(entriesOf(actual)).toHaveLength((expected.getEntries as unknown[]).length);
  if (expected.getBalances !== undefined) {
    expect(
      actual.balances.map((b) => ({
        type: b.type.toLowerCase(),
        amount: b.amount.minor.toString(),
        currency: b.amount.currency,
        date: instant(b.date),
      })),
    ).toEqual(
      (expected.getBalances as Json[]).map((b) => ({
        type: b.getType,
        amount: b.getAmount.getAmount,
        currency: b.getAmount.getCurrency.getCode,
        date: jsonDate(b.getDate),
      })),
    );
  } else {
    expect(actual.balances).toHaveLength(0);
  }
}

describe('camt fixtures parse to their JSON twins', () => {
  it('the fixture directory holds the files this suite is about', () => {
    expect(goodFiles.length).toBeGreaterThanOrEqual(25);
    for (const twin of readdirSync(DIR).filter((f) => f.endsWith('.json'))) expect(xmlFiles).toContain(twin.replace(/\.json$/, '.xml'));
    expect(wrongFiles).toEqual(['camt053.v2.wrong.xml']);
    expect(readFileSync(join(DIR, 'LICENSE'), 'utf8')).toContain('MIT');
  });

  it.each(goodFiles)('%s', async (file) => {
    const twin = JSON.parse(readFileSync(join(DIR, file.replace(/\.xml$/, '.json')), 'utf8')) as Json;
    const doc = await parseInSmallChunks(file, MISMATCHED[file] ? { detailsMismatch: 'emit' } : {});
    const refused = doc.records.flatMap((r) => r.refused ?? []);
    if (MISMATCHED[file]) expect(refused.map((x) => x.error.message)).toEqual([expect.stringMatching(MISMATCHED[file])]);
    else expect(refused).toEqual([]);

    expect(doc.message.type).toBe(`camt.0${/^camt0?(5\d)/.exec(file)![1]}`);
    expect(doc.message.messageId).toBe(twin.getGroupHeader.getMessageId);
    expect(instant(doc.message.createdAt)).toBe(jsonDate(twin.getGroupHeader.getCreatedOn));
    expect(doc.records).toHaveLength((twin.getRecords as unknown[]).length);

    const expectedRecords = recordsOf(twin);
    expect(expectedRecords.length).toBeGreaterThan(0);
    for (const expected of expectedRecords) {
      const actual = doc.records.find((r) => r.id === expected.getId);
      expect(actual).toBeDefined();
      compareRecord(expected, actual!);
    }

    let record: Json | undefined;
    for (const e of twin.getEntries as Json[]) {
      if (typeof e.getRecord === 'object') record = e.getRecord;
      const actual = nth(entriesOf(doc.records.find((r) => r.id === record!.getId)!), e.getIndex);
      expect({
        amount: signedMinor(actual).toString(),
        currency: actual.amount.currency,
        creditDebit: actual.creditDebit,
        status: actual.status,
        reversal: actual.reversal,
        bookingDate: instant(actual.bookingDate),
        valueDate: instant(actual.valueDate),
        accountServicerReference: actual.accountServicerReference,
        additionalInfo: actual.additionalInfo,
      }).toEqual({
        amount: e.getAmount.getAmount,
        currency: e.getAmount.getCurrency.getCode,
        creditDebit: e.getCreditDebitIndicator,
        status: e.getStatus,
        reversal: e.getReversalIndicator,
        bookingDate: jsonDate(e.getBookingDate),
        valueDate: jsonDate(e.getValueDate),
        accountServicerReference: blankToUndefined(e.getAccountServicerReference),
        additionalInfo: blankToUndefined(e.getAdditionalInfo),
      });
    }
  });

  it.each(Object.keys(MISMATCHED))('%s is refused whole when not told to read on', async (file) => {
    const err = await parseInSmallChunks(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CamtError);
    expect(err).toMatchObject({ code: 'CAMT_DETAILS_MISMATCH', message: expect.stringMatching(MISMATCHED[file]!) });
  });

  it.each(wrongFiles)('%s is refused with a clear error', async (file) => {
    const err = await parseInSmallChunks(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CamtError);
    expect(err).toMatchObject({ code: 'CAMT_MISSING_ELEMENT' });
    expect((err as Error).message).toMatch(/BkToCstmrStmt has no Stmt/);
  });
});
