// Behaviour of the streaming camt reader beyond the fixtures: stable error codes, chunking, and
// events arriving before the input ends.
import { parseCamt, readCamt, camtAmountToMinor } from '../src/camt-parser';
import { CamtError } from '../src/errors';
import { nth } from '../../../test/support/present';

const NS = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08';

function entry(amount: string, cdi = 'CRDT', extra = ''): string {
  return (
    `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${cdi}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
    `<BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt><Dt>2026-11-20</Dt></ValDt>${extra}</Ntry>`
  );
}

function statement(body: string, ns = NS): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="${ns}"><BkToCstmrStmt>` +
    '<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-21T01:00:00Z</CreDtTm></GrpHdr>' +
    `<Stmt><Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>${body}</Stmt>` +
    '</BkToCstmrStmt></Document>'
  );
}

const BAL = '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>';

async function codeOf(xml: string): Promise<string> {
  const err = await readCamt([xml]).catch((e: unknown) => e);
  if (!(err instanceof CamtError)) throw new Error(`expected a CamtError, got ${String(err)}`);
  return err.code;
}

describe('camt parser', () => {
  it('reads header, balances and entries with exact minor units', async () => {
    const doc = await readCamt([statement(BAL + entry('12.30') + entry('0.05', 'DBIT', '<AddtlNtryInf>Café Zürich</AddtlNtryInf>'))]);
    expect(doc.message).toMatchObject({ type: 'camt.053', version: 8, messageId: 'M1' });
    const s = nth(doc.records, 0);
    expect(s).toMatchObject({ id: 'S1', kind: 'STATEMENT', account: { iban: 'DE89370400440532013000' } });
    expect(s.balances[0]).toMatchObject({ type: 'OPENING', amount: { minor: 10000n, currency: 'EUR' } });
    expect(s.entries.map((e) => [e.amount.minor, e.creditDebit, e.status])).toEqual([
      [1230n, 'CRDT', 'BOOK'],
      [5n, 'DBIT', 'BOOK'],
    ]);
    expect(nth(s.entries, 1).additionalInfo).toBe('Café Zürich');
  });

  it('gives the same result whatever the chunking, also through split UTF-8 sequences', async () => {
    const xml = statement(BAL + entry('1.00', 'CRDT', '<AddtlNtryInf>Grüße aus Łódź €</AddtlNtryInf>'));
    const bytes = Buffer.from(xml, 'utf8');
    const oneByteChunks = Array.from(bytes, (b) => Uint8Array.of(b));
    const whole = await readCamt([xml]);
    const split = await readCamt(oneByteChunks);
    expect(split).toEqual(whole);
    expect(nth(nth(split.records, 0).entries, 0).additionalInfo).toBe('Grüße aus Łódź €');
  });

  it('emits entries while the input is still arriving (does not wait for the end)', async () => {
    let pulled = 0;
    const parts = [statement(BAL + entry('1.00') + '<!--cut-->' + entry('2.00')).split('<!--cut-->')].flat();
    async function* source() {
      for (const p of parts) {
        pulled += 1;
        yield p;
      }
    }
    const seen: number[] = [];
    for await (const ev of parseCamt(source())) if (ev.kind === 'entry') seen.push(pulled);
    expect(seen).toEqual([1, 2]);
  });

  it('amounts: trailing zeros below the minor unit are fine, other digits refuse the file', () => {
    expect(camtAmountToMinor('18.150', 'EUR')).toBe(1815n);
    expect(camtAmountToMinor('5442.09000', 'RON')).toBe(544209n);
    expect(camtAmountToMinor('2700', 'JPY')).toBe(2700n);
    expect(() => camtAmountToMinor('8.855', 'EUR')).toThrow(expect.objectContaining({ code: 'CAMT_INVALID_AMOUNT' }));
    expect(() => camtAmountToMinor('1.5', 'JPY')).toThrow(expect.objectContaining({ code: 'CAMT_INVALID_AMOUNT' }));
    expect(() => camtAmountToMinor('-1.00', 'EUR')).toThrow(expect.objectContaining({ code: 'CAMT_INVALID_AMOUNT' }));
    expect(() => camtAmountToMinor('1e3', 'EUR')).toThrow(expect.objectContaining({ code: 'CAMT_INVALID_AMOUNT' }));
    expect(() => camtAmountToMinor('1.00', 'XYZ')).toThrow(expect.objectContaining({ code: 'CAMT_INVALID_AMOUNT' }));
  });

  it('refuses bad input with a stable code', async () => {
    expect(await codeOf(statement(entry('8.855')))).toBe('CAMT_INVALID_AMOUNT');
    expect(await codeOf(statement(entry('1.00', 'CRED')))).toBe('CAMT_INVALID_CODE');
    expect(await codeOf(statement('<Ntry><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>'))).toBe('CAMT_MISSING_ELEMENT');
    expect(await codeOf(statement(entry('1.00').replace('<Dt>2026-11-20</Dt></BookgDt>', '<Dt>20.11.2026</Dt></BookgDt>')))).toBe('CAMT_INVALID_DATE');
    expect(await codeOf(statement(entry('1.00')).slice(0, -30))).toBe('CAMT_MALFORMED_XML');
    expect(await codeOf(statement(entry('1.00')).replace('</Amt>', '</Amount>'))).toBe('CAMT_MALFORMED_XML');
    expect(await codeOf(statement(entry('1.00'), 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.09'))).toBe('CAMT_UNSUPPORTED_MESSAGE');
    expect(await codeOf(statement(entry('1.00'), 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03'))).toBe('CAMT_UNSUPPORTED_MESSAGE');
    expect(await codeOf(statement(entry('1.00')).replace('BkToCstmrStmt>', 'BkToCstmrAcctRpt>').replace('BkToCstmrStmt>', 'BkToCstmrAcctRpt>'))).toBe(
      'CAMT_UNSUPPORTED_MESSAGE',
    );
    expect(await codeOf(statement(entry('1.00')).replace('UTF-8', 'ISO-8859-1'))).toBe('CAMT_UNSUPPORTED_ENCODING');
    expect(await codeOf(statement(entry('1.00')).replace('<Document', '<!DOCTYPE d [<!ENTITY x "y">]><Document'))).toBe('CAMT_MALFORMED_XML');
    expect(await codeOf(statement(entry('1.00')).replace('<Id>S1</Id>', ''))).toBe('CAMT_MISSING_ELEMENT');
    expect(await codeOf('not xml at all')).toBe('CAMT_MALFORMED_XML');
  });

  it('reports where in the file the problem is', async () => {
    const err = await readCamt([statement(entry('1.00', 'CRED')).replace(/></g, '>\n<')]).catch((e: CamtError) => e);
    expect(err).toBeInstanceOf(CamtError);
    expect((err as CamtError).position?.line).toBeGreaterThan(5);
    expect((err as CamtError).message).toMatch(/CdtDbtInd "CRED"/);
  });
});
