// Entries that carry several transactions (NtryDtls with several TxDtls): each detail read with its
// own references and amount, the details checked against the entry, a mismatch refused by code
// (the whole file, or only that entry when the caller reads on), the number of details bounded;
// and the camt.054 writer's batches read back the same.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCamt, readCamt } from '../src/camt-parser';
import { writeCamt054 } from '../src/camt054-writer';
import { CamtError } from '../src/errors';
import type { CamtEvent } from '../src/camt-types';
import { NOTIFICATION_SIGNATURE_HEADER, signNotification, verifyNotification } from '../src/notification-signature';
import { nth } from '../../../test/support/present';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'batched', name), 'utf8');

async function refusal(source: string, opts = {}): Promise<CamtError> {
  const err = await readCamt([source], opts).catch((e: unknown) => e);
  if (!(err instanceof CamtError)) throw new Error(`expected a CamtError, got ${String(err)}`);
  return err;
}

/** A camt.054.001.08 with the given entries. */
function notification(entries: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>' +
    '<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-21T01:00:00Z</CreDtTm></GrpHdr>' +
    `<Ntfctn><Id>N1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>${entries}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`
  );
}

function entry(ref: string, amount: string, cdi: string, details: string): string {
  return `<Ntry><NtryRef>${ref}</NtryRef><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${cdi}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><NtryDtls>${details}</NtryDtls></Ntry>`;
}

const tx = (amount: string, cdi: string, ref: string) =>
  `<TxDtls><Refs><AcctSvcrRef>${ref}</AcctSvcrRef></Refs><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${cdi}</CdtDbtInd></TxDtls>`;

describe('batched entries', () => {
  it('a salary run: one entry, one detail per payment with its own refs, amount, counterparty and remittance', async () => {
    const doc = await readCamt([fixture('salary-run.camt054.v8.xml')]);
    const e = nth(nth(doc.records, 0).entries, 0);
    expect(e).toMatchObject({ reference: 'SALRUN-2026-11-0007', amount: { minor: 320000n, currency: 'EUR' }, creditDebit: 'CRDT' });
    expect(e.details).toEqual([
      {
        index: 0,
        amount: { minor: 285000n, currency: 'EUR' },
        creditDebit: 'CRDT',
        accountServicerReference: 'TX-9001',
        instructionId: 'PAY-11-1',
        endToEndId: 'SAL-2026-11-E0815',
        transactionId: 'T-9001',
        counterpartyName: 'Nordlicht Logistik GmbH',
        counterpartyIban: 'DE02120300000000202051',
        remittanceInformation: 'Gehalt November 2026',
      },
      {
        index: 1,
        amount: { minor: 30000n, currency: 'EUR' },
        creditDebit: 'CRDT',
        accountServicerReference: 'TX-9002',
        endToEndId: 'BON-2026-11-E0815',
        transactionId: 'T-9002',
        counterpartyName: 'Nordlicht Logistik GmbH',
        remittanceInformation: 'Bonus Q3',
      },
      {
        index: 2,
        amount: { minor: 5000n, currency: 'EUR' },
        creditDebit: 'CRDT',
        accountServicerReference: 'TX-9003',
        endToEndId: 'NOTPROVIDED',
        remittanceInformation: 'Reisekosten Oktober',
      },
    ]);
    // the entry's one-line view stays the first detail's, as before details were read
    expect(e).toMatchObject({ endToEndId: 'SAL-2026-11-E0815', counterpartyName: 'Nordlicht Logistik GmbH', remittanceInformation: 'Gehalt November 2026' });
  });

  it('a card settlement in a .001.02 statement: amounts from AmtDtls/TxAmt; an entry without details is its own one detail', async () => {
    const doc = await readCamt([fixture('card-settlement.camt053.v2.xml')]);
    const [batch, plain] = nth(doc.records, 0).entries;
    expect(batch?.details.map((d) => [d.accountServicerReference, d.amount.minor, d.creditDebit, d.counterpartyName])).toEqual([
      ['POS-1', 4230n, 'DBIT', 'Rewe City'],
      ['POS-2', 1990n, 'DBIT', 'Deutsche Bahn'],
      ['POS-3', 1525n, 'DBIT', 'Cafe Einstein'],
    ]);
    expect(plain?.details).toEqual([{ index: 0, amount: { minor: 0n, currency: 'EUR' }, creditDebit: 'DBIT', remittanceInformation: 'Account fee waived' }]);
  });

  it('a single detail without an amount takes the entry amount and direction', async () => {
    const doc = await readCamt([fixture('mismatch.camt054.v4.xml')], { detailsMismatch: 'emit' });
    const e = nth(nth(doc.records, 0).entries, 0);
    expect(e.details).toEqual([
      {
        index: 0,
        amount: { minor: 12500n, currency: 'EUR' },
        creditDebit: 'CRDT',
        endToEndId: 'INV-2026-0042',
        counterpartyName: 'Jan de Vries',
        remittanceInformation: 'Invoice 2026-0042',
      },
    ]);
  });

  it('details that do not add up refuse the whole file by default, naming the entry', async () => {
    const err = await refusal(fixture('mismatch.camt054.v4.xml'));
    expect(err.code).toBe('CAMT_DETAILS_MISMATCH');
    expect(err.message).toMatch(/Ntry #1 of ACC-1-N43 \(CARDSET-20261127-01\): its 2 TxDtls add up to -5000, the entry is -6000/);
  });

  it('read on (detailsMismatch emit): the mismatched entry is an entry-refused event, the others are read', async () => {
    const events: CamtEvent[] = [];
    for await (const ev of parseCamt([fixture('mismatch.camt054.v4.xml')], { detailsMismatch: 'emit' })) events.push(ev);
    expect(events.map((e) => e.kind)).toEqual(['message', 'record', 'entry-refused', 'entry', 'record-end', 'message-end']);
    const refused = events.find((e) => e.kind === 'entry-refused');
    expect(refused).toMatchObject({
      entry: { index: 0, reference: 'CARDSET-20261127-01', amount: { minor: 6000n } },
      error: { code: 'CAMT_DETAILS_MISMATCH' },
    });
    expect(events.find((e) => e.kind === 'entry')).toMatchObject({ entry: { index: 1, reference: 'TRF-20261127-09' } });
    expect(events.at(-1)).toEqual({ kind: 'message-end', recordCount: 1, entryCount: 2 });
  });

  it('a netted batch may mix directions: the signed details must make the signed entry', async () => {
    const ok = await readCamt([notification(entry('NET-1', '70.00', 'DBIT', tx('80.00', 'DBIT', 'P1') + tx('10.00', 'CRDT', 'R1')))]);
    expect(nth(nth(ok.records, 0).entries, 0).details.map((d) => [d.amount.minor, d.creditDebit])).toEqual([
      [8000n, 'DBIT'],
      [1000n, 'CRDT'],
    ]);
    // the same amounts, both debits: 90.00 is not 70.00
    expect((await refusal(notification(entry('NET-2', '70.00', 'DBIT', tx('80.00', 'DBIT', 'P1') + tx('10.00', 'DBIT', 'R1'))))).code).toBe(
      'CAMT_DETAILS_MISMATCH',
    );
  });

  it('several details need an amount each in the entry currency', async () => {
    const noAmount = '<TxDtls><Refs><EndToEndId>E</EndToEndId></Refs></TxDtls>';
    expect((await refusal(notification(entry('B-1', '10.00', 'CRDT', tx('10.00', 'CRDT', 'A') + noAmount)))).message).toMatch(
      /TxDtls #2 of 2 has no amount in EUR/,
    );
    const chf = '<TxDtls><Amt Ccy="CHF">5.00</Amt></TxDtls>';
    expect((await refusal(notification(entry('B-2', '10.00', 'CRDT', tx('5.00', 'CRDT', 'A') + chf)))).message).toMatch(
      /TxDtls #2 of 2 has no amount in EUR \(only in CHF\)/,
    );
  });

  it('bounds the details held per entry (CAMT_TOO_MANY_DETAILS), whatever the mismatch mode', async () => {
    const xml = notification(entry('BIG', '3.00', 'CRDT', tx('1.00', 'CRDT', 'A') + tx('1.00', 'CRDT', 'B') + tx('1.00', 'CRDT', 'C')));
    expect((await readCamt([xml], { maxDetailsPerEntry: 3 })).records[0]?.entries[0]?.details).toHaveLength(3);
    const err = await refusal(xml, { maxDetailsPerEntry: 2, detailsMismatch: 'emit' });
    expect(err.code).toBe('CAMT_TOO_MANY_DETAILS');
    expect(err.message).toMatch(/Ntry #1 of N1: more than 2 TxDtls/);
  });

  it.each([2, 8] as const)('writeCamt054 .001.0%d: a batch reads back detail by detail', async (version) => {
    const xml = writeCamt054(
      {
        version,
        messageId: 'NTF-1',
        createdAt: '2026-11-27T06:00:05Z',
        notificationId: 'A-1-1',
        electronicSequenceNumber: '1',
        iban: 'DE89370400440532013000',
        currency: 'EUR',
        ownerId: 'C-000042',
      },
      [
        {
          reference: 'B-0000001',
          amountMinor: 330000n,
          creditDebit: 'CRDT',
          status: 'BOOK',
          bookingDateTime: '2026-11-27T06:00:00Z',
          valueDate: '2026-11-27',
          description: 'Salary run: 2 payments',
          bankTransactionCode: { domain: 'PMNT', family: 'RCDT', subFamily: 'SALA' },
          details: [
            {
              amountMinor: 300000n,
              accountServicerReference: 'B-0000001-1',
              endToEndId: 'SAL-2026-11',
              counterpartyName: 'Nordlicht & Co <GmbH>',
              description: 'Salary 2026-11',
            },
            { amountMinor: 30000n, accountServicerReference: 'B-0000001-2', counterpartyIban: 'DE02120300000000202051', description: 'Bonus 2026-11' },
          ],
        },
      ],
    );
    const doc = await readCamt([xml]);
    expect(doc.message).toMatchObject({ type: 'camt.054', version, messageId: 'NTF-1' });
    const r = nth(doc.records, 0);
    expect(r).toMatchObject({ kind: 'NOTIFICATION', id: 'A-1-1', account: { iban: 'DE89370400440532013000', currency: 'EUR', ownerId: 'C-000042' } });
    const e = nth(r.entries, 0);
    expect(e).toMatchObject({
      reference: 'B-0000001',
      accountServicerReference: 'B-0000001',
      amount: { minor: 330000n },
      additionalInfo: 'Salary run: 2 payments',
    });
    expect(
      e.details.map((d) => [d.accountServicerReference, d.amount.minor, d.creditDebit, d.counterpartyName, d.counterpartyIban, d.remittanceInformation]),
    ).toEqual([
      ['B-0000001-1', 300000n, 'CRDT', 'Nordlicht & Co <GmbH>', undefined, 'Salary 2026-11'],
      ['B-0000001-2', 30000n, 'CRDT', undefined, 'DE02120300000000202051', 'Bonus 2026-11'],
    ]);
  });

  it('the notification signature: HMAC-SHA256 of the exact body, refused for another body, secret or shape', () => {
    const body = fixture('salary-run.camt054.v8.xml');
    const sig = signNotification(body, 'a-secret-of-enough-length');
    expect(NOTIFICATION_SIGNATURE_HEADER).toBe('x-core-signature');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyNotification(Buffer.from(body), sig, 'a-secret-of-enough-length')).toBe(true);
    expect(verifyNotification(body.replace('3200.00', '3300.00'), sig, 'a-secret-of-enough-length')).toBe(false);
    expect(verifyNotification(body, sig, 'another-secret-of-enough-length')).toBe(false);
    expect(verifyNotification(body, sig.toUpperCase(), 'a-secret-of-enough-length')).toBe(false);
    expect(verifyNotification(body, undefined, 'a-secret-of-enough-length')).toBe(false);
  });
});
