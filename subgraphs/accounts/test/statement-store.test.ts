// The statement store ingests a camt.053 file all or nothing, and the camt.053 writer's output
// reads back to exactly what was written.
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { StatementStore } from '../src/db/statement-store';
import { StatementError, statementId, parseStatementId } from '../src/domain/statements';
import { writeCamt053, type Camt053Entry, type Camt053Header, readCamt, CamtError, signedMinor } from '../../../legacy-adapters/iso20022/src';
import { nth } from '../../../test/support/present';
import { entryLines } from '../src/graphql/statement-resolvers';

const FIXTURES = join(__dirname, '..', '..', '..', 'legacy-adapters', 'iso20022', 'test', 'fixtures', 'genkgo-camt');
const fixture = (name: string) => createReadStream(join(FIXTURES, name), { highWaterMark: 128 });

function header(date: string, openingMinor: bigint, entries: Camt053Entry[], version: 2 | 8 = 8): Camt053Header {
  const net = entries.reduce((s, e) => s + (e.creditDebit === 'CRDT' ? e.amountMinor : -e.amountMinor), 0n);
  return {
    version,
    messageId: `M-${date}`,
    createdAt: `${date}T23:59:59Z`,
    statementId: `S-${date}`,
    fromDateTime: `${date}T00:00:00Z`,
    toDateTime: `${date}T23:59:59Z`,
    iban: 'DE89370400440532013000',
    currency: 'EUR',
    opening: { minor: openingMinor, date },
    closing: { minor: openingMinor + net, date },
  };
}

const entry = (minor: bigint, creditDebit: 'CRDT' | 'DBIT', i = 0): Camt053Entry => ({
  reference: `T-${i}`,
  amountMinor: minor,
  creditDebit,
  status: 'BOOK',
  bookingDateTime: '2026-11-20T10:00:00Z',
  valueDate: '2026-11-20',
  description: `Entry ${i} <&> Café`,
});

async function text(gen: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of gen) out += c;
  return out;
}

const snapshot = (store: StatementStore, ids: string[]) => ({
  size: store.size,
  entries: store.entryCount,
  present: ids.map((id) => store.get(id)?.closing.minor ?? null),
});

describe('StatementStore.ingest', () => {
  it('stores a parsed statement with its balances and entries', async () => {
    const store = new StatementStore();
    const s = nth(await store.ingest(fixture('camt053.v2.five.decimals.xml'), { accountId: 'A-1', requireBalanced: false }), 0);
    expect(s).toMatchObject({ accountId: 'A-1', date: '2014-12-31', format: 'camt.053.001.02', currency: 'EUR', statementId: '253EURNL26VAYB8060476890' });
    expect([s.opening.minor, s.closing.minor, s.credits.minor, s.debits.minor]).toEqual([1815n, 2705n, 885n, 0n]);
    expect(store.get(statementId('A-1', '2014-12-31'))).toBe(s);
    expect(parseStatementId(s.id)).toEqual({ accountId: 'A-1', date: '2014-12-31' });
    expect(parseStatementId('not-an-id')).toBeUndefined();
  });

  it('the wrong fixture is refused and the store is unchanged', async () => {
    const store = new StatementStore();
    await store.ingest(fixture('camt053.v2.five.decimals.xml'), { accountId: 'A-1', requireBalanced: false });
    const ids = [statementId('A-1', '2014-12-31')];
    const before = snapshot(store, ids);
    const err = await store.ingest(fixture('camt053.v2.wrong.xml'), { accountId: 'A-1', requireBalanced: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CamtError);
    expect(err).toMatchObject({ code: 'CAMT_MISSING_ELEMENT' });
    expect(snapshot(store, ids)).toEqual(before);
  });

  it('a file failing after a complete first statement stores neither statement', async () => {
    const store = new StatementStore();
    const good = readFileSync(join(FIXTURES, 'camt053.v2.multi.statement.xml'), 'utf8');
    // the second statement's entry gets an amount below the cent
    const lastAmt = good.lastIndexOf('<Amt Ccy="EUR">7.00</Amt>');
    const broken = `${good.slice(0, lastAmt)}<Amt Ccy="EUR">7.001</Amt>${good.slice(lastAmt + '<Amt Ccy="EUR">7.00</Amt>'.length)}`;
    const err = await store.ingest([broken], { accountId: 'A-2', requireBalanced: false }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CAMT_INVALID_AMOUNT' });
    expect(store.size).toBe(0);
    // the unbroken file has two statements of one day: ambiguous, refused as a whole too
    await expect(store.ingest([good], { accountId: 'A-2', requireBalanced: false })).rejects.toMatchObject({ code: 'STATEMENT_INVALID' });
    expect(store.size).toBe(0);
  });

  it('refuses unbalanced statements and messages that are not statements', async () => {
    const store = new StatementStore();
    const entries = [entry(1000n, 'CRDT')];
    const h = header('2026-11-20', 500n, entries);
    const unbalanced = await text(writeCamt053({ ...h, closing: { ...h.closing, minor: h.closing.minor + 1n } }, entries));
    const err = await store.ingest([unbalanced], { accountId: 'A-3' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatementError);
    expect(err).toMatchObject({ code: 'STATEMENT_UNBALANCED' });
    await expect(store.ingest(fixture('camt052.v4.xml'), { accountId: 'A-3', requireBalanced: false })).rejects.toMatchObject({ code: 'STATEMENT_INVALID' });
    expect(store.size).toBe(0);
    await store.ingest([await text(writeCamt053(h, entries))], { accountId: 'A-3' });
    expect(store.size).toBe(1);
  });

  it('a batched entry (card settlement) is stored with a movement per detail, shown as one statement line each', async () => {
    const store = new StatementStore();
    const batched = createReadStream(join(FIXTURES, '..', 'batched', 'card-settlement.camt053.v2.xml'));
    const [s] = await store.ingest(batched, { accountId: 'A-9' });
    expect(s?.entries.map((e) => e.details.length)).toEqual([3, 1]);
    const lines = nth(s?.entries ?? [], 0).details.map((d) => [d.accountServicerReference, d.amount.minor, d.creditDebit]);
    expect(lines).toEqual([
      ['POS-1', 4230n, 'DBIT'],
      ['POS-2', 1990n, 'DBIT'],
      ['POS-3', 1525n, 'DBIT'],
    ]);
    const shown = (s?.entries ?? []).flatMap(entryLines);
    expect(shown.map((l) => [l.reference, l.amount.amount, l.counterpartyName, l.description])).toEqual([
      ['POS-1', '42.30', 'Rewe City', 'Rewe City Berlin'],
      ['POS-2', '19.90', 'Deutsche Bahn', 'Card settlement 26.11.'],
      ['POS-3', '15.25', 'Cafe Einstein', 'Card settlement 26.11.'],
      ['FEE-202611', '0.00', null, 'Account fee waived'],
    ]);
  });

  it('a statement whose batched entry does not add up is refused whole (CAMT_DETAILS_MISMATCH), nothing stored', async () => {
    const store = new StatementStore();
    const xml = readFileSync(join(FIXTURES, '..', 'batched', 'card-settlement.camt053.v2.xml'), 'utf8').replace(
      '<Amt Ccy="EUR">15.25</Amt>',
      '<Amt Ccy="EUR">15.26</Amt>',
    );
    await expect(store.ingest([xml], { accountId: 'A-9' })).rejects.toMatchObject({ code: 'CAMT_DETAILS_MISMATCH' });
    expect(store.size).toBe(0);
  });

  it('is bounded: least recently used statements leave first', async () => {
    const store = new StatementStore({ maxStatements: 3 });
    const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'] as const;
    for (const [i, d] of days.entries()) {
      if (i === 3) expect(store.get(statementId('A-4', days[0]))).toBeDefined(); // touch the oldest
      await store.ingest([await text(writeCamt053(header(d, 0n, [entry(5n, 'CRDT')]), [entry(5n, 'CRDT')]))], { accountId: 'A-4' });
    }
    expect(store.size).toBe(3);
    expect(days.map((d) => store.get(statementId('A-4', d)) !== undefined)).toEqual([true, false, false, true, true]);
  });
});

describe('camt.053 writer -> parser', () => {
  it('reads back every amount to the minor unit, balanced, in .02 and .08 (property)', async () => {
    const arbEntry = fc.record({ minor: fc.bigInt({ min: 1n, max: 10n ** 15n }), credit: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbEntry, { maxLength: 30 }),
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.constantFrom<2 | 8>(2, 8),
        async (spec, opening, version) => {
          const entries = spec.map((e, i) => entry(e.minor, e.credit ? 'CRDT' : 'DBIT', i));
          const h = header('2026-11-20', opening, entries, version);
          const doc = await readCamt(writeCamt053(h, entries));
          const s = nth(doc.records, 0);
          expect(doc.message.version).toBe(version);
          expect(s.entries.map((e) => signedMinor(e))).toEqual(entries.map((e) => (e.creditDebit === 'CRDT' ? e.amountMinor : -e.amountMinor)));
          const [open, close] = [nth(s.balances, 0), nth(s.balances, 1)];
          expect(open.amount.minor).toBe(opening);
          expect(open.amount.minor + s.entries.reduce((sum, e) => sum + signedMinor(e), 0n)).toBe(close.amount.minor);
          expect(s.entries[0]?.additionalInfo ?? 'Entry 0 <&> Café').toBe('Entry 0 <&> Café');
        },
      ),
      { numRuns: 60 },
    );
  });
});
