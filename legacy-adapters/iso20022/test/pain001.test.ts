// pain.001 messages are checked against the official ISO 20022 schema (copied into
// legacy-adapters/iso20022/xsd, see SOURCE.md there) with xmllint compiled to WebAssembly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { buildPain001, transliterateToSepa, type Pain001Input } from '../src/pain001';
import { Pain001Error } from '../src/errors';

const XSD = readFileSync(join(__dirname, '..', 'xsd', 'pain.001.001.03.xsd'), 'utf8');

/** One xmllint run for several documents (each run costs about half a second). */
async function schemaCheck(...docs: string[]) {
  return validateXML({
    xml: docs.map((contents, i) => ({ fileName: `message-${i}.xml`, contents })),
    schema: [{ fileName: 'pain.001.001.03.xsd', contents: XSD }],
  });
}

const base: Pain001Input = {
  messageId: 'CB-20261123-000001',
  createdAt: new Date('2026-11-23T10:15:30.123Z'),
  debtor: { name: 'Anna Schmidt', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' },
  creditor: { name: 'Jan de Vries', iban: 'nl91abna0417164300', bic: 'ABNANL2A' },
  amount: { minor: 123450n, currency: 'EUR' },
  endToEndId: 'TRF-7f3a9c',
  remittanceInformation: 'Invoice 2026/114',
};

function pain001Error(fn: () => unknown): Pain001Error {
  try {
    fn();
  } catch (err) {
    if (err instanceof Pain001Error) return err;
    throw err;
  }
  throw new Error('expected a Pain001Error');
}

describe('buildPain001', () => {
  it('builds a SEPA EUR transfer that the ISO schema accepts, with every field where it belongs', async () => {
    const xml = buildPain001(base);
    const result = await schemaCheck(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(xml).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">');
    expect(xml).toContain('<MsgId>CB-20261123-000001</MsgId>');
    expect(xml).toContain('<CreDtTm>2026-11-23T10:15:30Z</CreDtTm>');
    expect(xml).toContain('<ReqdExctnDt>2026-11-23</ReqdExctnDt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">1234.50</InstdAmt>');
    expect(xml.match(/<CtrlSum>1234.50<\/CtrlSum>/g)).toHaveLength(2);
    expect(xml).toContain('<IBAN>DE89370400440532013000</IBAN>');
    expect(xml).toContain('<IBAN>NL91ABNA0417164300</IBAN>');
    expect(xml).toContain('<DbtrAgt><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></DbtrAgt>');
    expect(xml).toContain('<CdtrAgt><FinInstnId><BIC>ABNANL2A</BIC></FinInstnId></CdtrAgt>');
    expect(xml).toContain('<Cdtr><Nm>Jan de Vries</Nm></Cdtr>');
    expect(xml).toContain('<EndToEndId>TRF-7f3a9c</EndToEndId>');
    expect(xml).toContain('<Ustrd>Invoice 2026/114</Ustrd>');
    expect(xml).toContain('<SvcLvl><Cd>SEPA</Cd></SvcLvl>');
    expect(xml).toContain('<ChrgBr>SLEV</ChrgBr>');
  });

  it('builds non-EUR transfers (no SEPA service level, shared charges, the currency decimals) that validate', async () => {
    const gbp = buildPain001({ ...base, amount: { minor: 5n, currency: 'GBP' }, creditor: { name: 'Tom Jones', iban: 'GB82 WEST 1234 5698 7654 32' } });
    const jpy = buildPain001({ ...base, amount: { minor: 1500n, currency: 'JPY' } });
    const kwd = buildPain001({
      ...base,
      amount: { minor: 1234n, currency: 'KWD' },
      remittanceInformation: undefined,
      debtor: { ...base.debtor, bic: undefined },
    });
    const result = await schemaCheck(gbp, jpy, kwd);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(gbp).toContain('<InstdAmt Ccy="GBP">0.05</InstdAmt>');
    expect(gbp).not.toContain('SEPA');
    expect(gbp).toContain('<ChrgBr>SHAR</ChrgBr>');
    expect(gbp).not.toContain('<CdtrAgt>');
    expect(jpy).toContain('<InstdAmt Ccy="JPY">1500</InstdAmt>');
    expect(kwd).toContain('<InstdAmt Ccy="KWD">1.234</InstdAmt>');
    expect(kwd).toContain('<DbtrAgt><FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId></DbtrAgt>');
    expect(kwd).not.toContain('<RmtInf>');
  });

  it('transliterates names and references to the SEPA Latin set and escapes XML', async () => {
    const xml = buildPain001({
      ...base,
      debtor: { ...base.debtor, name: 'Zoë Müller-Łukasz & Søn' },
      creditor: { ...base.creditor, name: "Seán O'Brien" },
      remittanceInformation: 'Straße 5 – “Miete” Oktober',
    });
    expect((await schemaCheck(xml)).valid).toBe(true);
    expect(xml).toContain('<Dbtr><Nm>Zoe Muller-Lukasz + Son</Nm></Dbtr>');
    expect(xml).toContain('<Cdtr><Nm>Sean O&apos;Brien</Nm></Cdtr>');
    expect(xml).toContain('<Ustrd>Strasse 5 - &apos;Miete&apos; Oktober</Ustrd>');
    expect(transliterateToSepa('Ærøskøbing Ħal')).toBe('AEroskobing Hal');
  });

  it('refuses what has no SEPA spelling, invalid IBANs/BICs, bad amounts and bad identifiers, each with its code', () => {
    expect(pain001Error(() => buildPain001({ ...base, creditor: { ...base.creditor, name: '张伟' } }))).toMatchObject({
      code: 'PAIN001_UNSUPPORTED_CHARACTER',
      field: 'creditor.name',
    });
    expect(pain001Error(() => buildPain001({ ...base, remittanceInformation: 'rent <b>' }))).toMatchObject({ code: 'PAIN001_UNSUPPORTED_CHARACTER' });
    expect(pain001Error(() => buildPain001({ ...base, remittanceInformation: 'thanks 🙂' }))).toMatchObject({ code: 'PAIN001_UNSUPPORTED_CHARACTER' });
    expect(pain001Error(() => buildPain001({ ...base, creditor: { ...base.creditor, iban: 'NL91ABNA0417164301' } }))).toMatchObject({
      code: 'PAIN001_INVALID_IBAN',
      field: 'creditor.iban',
    });
    expect(pain001Error(() => buildPain001({ ...base, creditor: { ...base.creditor, bic: 'ABN1NL2A' } }))).toMatchObject({ code: 'PAIN001_INVALID_BIC' });
    expect(pain001Error(() => buildPain001({ ...base, amount: { minor: 0n, currency: 'EUR' } }))).toMatchObject({ code: 'PAIN001_INVALID_AMOUNT' });
    expect(pain001Error(() => buildPain001({ ...base, amount: { minor: -100n, currency: 'EUR' } }))).toMatchObject({ code: 'PAIN001_INVALID_AMOUNT' });
    expect(pain001Error(() => buildPain001({ ...base, amount: { minor: 100n, currency: 'XYZ' } }))).toMatchObject({ code: 'PAIN001_INVALID_AMOUNT' });
    expect(pain001Error(() => buildPain001({ ...base, endToEndId: 'A//B' }))).toMatchObject({ code: 'PAIN001_INVALID_FIELD', field: 'endToEndId' });
    expect(pain001Error(() => buildPain001({ ...base, messageId: 'X'.repeat(36) }))).toMatchObject({ code: 'PAIN001_INVALID_FIELD', field: 'messageId' });
    expect(pain001Error(() => buildPain001({ ...base, creditor: { ...base.creditor, name: 'A'.repeat(71) } }))).toMatchObject({
      code: 'PAIN001_INVALID_FIELD',
    });
    expect(pain001Error(() => buildPain001({ ...base, creditor: { ...base.creditor, name: '  ' } }))).toMatchObject({ code: 'PAIN001_INVALID_FIELD' });
  });

  it('the schema check catches a broken message (it is not a rubber stamp)', async () => {
    const xml = buildPain001(base);
    const missingEndToEnd = xml.replace(/<EndToEndId>[^<]*<\/EndToEndId>/, '');
    const tooManyDecimals = xml.replace('<InstdAmt Ccy="EUR">1234.50</InstdAmt>', '<InstdAmt Ccy="EUR">1234.123456</InstdAmt>');
    const wrongOrder = xml.replace(/(<Cdtr>.*<\/Cdtr>)\n(<CdtrAcct>.*<\/CdtrAcct>)/, '$2\n$1');
    expect(wrongOrder).not.toBe(xml);
    const result = await schemaCheck(xml, missingEndToEnd, tooManyDecimals, wrongOrder);
    expect(result.valid).toBe(false);
    // every broken document fails, the intact one does not
    expect(new Set(result.errors.map((e) => e.loc?.fileName).filter(Boolean))).toEqual(new Set(['message-1.xml', 'message-2.xml', 'message-3.xml']));
    expect(result.errors.find((e) => e.loc?.fileName === 'message-1.xml')?.message).toMatch(/EndToEndId/);
  });
});
