// Accounts' TransactionBooked events over the real store (PGlite, and PostgreSQL when DATABASE_URL
// is set): a stored notification writes exactly one event per new movement into the outbox in the
// same transaction, naming the owner the core gave (Acct/Ownr), signed by direction, with the bank
// transaction code; a repeat writes none; the relay gives them their log positions.
import { migrate } from '../../../lib/db/migrate';

import { EventLog, EventRelay, parseEvent, type DomainEvent } from '../../../lib/events';
import { writeCamt054 } from '../../../legacy-adapters/iso20022/src';
import { accountsStores, type OpenedStore } from './support/stores';
import { ingestNotification } from '../src/adapters/core-notifications';
import { CoreMovements } from '../src/db/core-movements';
import { MIGRATIONS } from '../src/db/migrations';
import { movementBalances, type ReadBalanceNow } from '../src/adapters/movement-balances';
import type { Logger } from '../../../lib/logger';

const IBAN = 'DE89370400440532013000';

/** A salary run (salary and bonus credited) and, in the same message's account, nothing else. */
function salaryRun(messageId: string, ownerId?: string): string {
  return writeCamt054(
    {
      version: 8,
      messageId,
      createdAt: '2026-12-04T09:00:00Z',
      notificationId: 'A-0000001-1',
      iban: IBAN,
      currency: 'EUR',
      ...(ownerId ? { ownerId } : {}),
    },
    [
      {
        reference: 'RUN-B-17',
        amountMinor: 315000n,
        creditDebit: 'CRDT',
        status: 'BOOK',
        bookingDateTime: '2026-12-04T08:59:58Z',
        valueDate: '2026-12-04',
        description: 'Salary run: 2 payments',
        bankTransactionCode: { domain: 'PMNT', family: 'RCDT', subFamily: 'SALA' },
        details: [
          { amountMinor: 285000n, creditDebit: 'CRDT', accountServicerReference: 'B-17-1', counterpartyName: 'Acme GmbH', description: 'Salary' },
          { amountMinor: 30000n, creditDebit: 'CRDT', accountServicerReference: 'B-17-2', counterpartyName: 'Acme GmbH', description: 'Bonus' },
        ],
      },
    ],
  );
}

function cardSettlement(messageId: string): string {
  return writeCamt054(
    { version: 8, messageId, createdAt: '2026-12-04T09:00:00Z', notificationId: 'A-0000001-2', iban: IBAN, currency: 'EUR', ownerId: 'C-000001' },
    [
      {
        reference: 'RUN-B-18',
        amountMinor: 4250n,
        creditDebit: 'DBIT',
        status: 'BOOK',
        bookingDateTime: '2026-12-04T09:00:00Z',
        valueDate: '2026-12-04',
        description: 'Card purchase',
        bankTransactionCode: { domain: 'PMNT', family: 'CCRD', subFamily: 'POSD' },
        details: [{ amountMinor: 4250n, creditDebit: 'DBIT', accountServicerReference: 'B-18', counterpartyName: 'Test Grocer', description: 'Groceries' }],
      },
    ],
  );
}

type Opened = OpenedStore;
const STORES = accountsStores('transaction booked');

describe.each(STORES)('TransactionBooked on %s', (_name, open) => {
  let opened: Opened;
  let store: CoreMovements;

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
  });
  afterAll(async () => opened.dispose());

  beforeEach(async () => {
    await opened.db.exec('DELETE FROM core_movements; DELETE FROM core_parked_entries; DELETE FROM event_outbox; UPDATE event_log_head SET position = 0;');
    store = new CoreMovements(opened.db);
  });

  const outbox = async (): Promise<DomainEvent<'TransactionBooked'>[]> =>
    (await opened.db.query<{ envelope: string }>('SELECT envelope FROM event_outbox ORDER BY seq')).map(
      (r) => parseEvent(JSON.parse(r.envelope)) as DomainEvent<'TransactionBooked'>,
    );

  it('writes one event per stored movement, for the owner the core named, and none for a repeat', async () => {
    const body = salaryRun('NTF-1', 'C-000001');
    expect(await ingestNotification([Buffer.from(body)], store)).toEqual({ applied: 2, duplicates: 0, parked: 0 });
    const events = await outbox();
    expect(events.map((e) => [e.type, e.producer, e.customerId, e.payload.transactionId, e.payload.amountMinor, e.payload.bookingCode])).toEqual([
      ['TransactionBooked', 'accounts', 'C-000001', 'B-17-1', '285000', 'PMNT/RCDT/SALA'],
      ['TransactionBooked', 'accounts', 'C-000001', 'B-17-2', '30000', 'PMNT/RCDT/SALA'],
    ]);
    expect(events[0]?.payload).toMatchObject({ accountId: IBAN, currency: 'EUR', bookedAt: '2026-12-04T08:59:58.000Z' });
    // ids, amounts and codes only: the counterparty's name and the remittance stay in accounts
    expect(JSON.stringify(events)).not.toMatch(/Acme|Salary|Bonus/);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);

    // the core sending it again (a lost 200): nothing new stored, no event
    expect(await ingestNotification([Buffer.from(body)], store)).toEqual({ applied: 0, duplicates: 2, parked: 0 });
    expect(await outbox()).toHaveLength(2);
  });

  it('signs a debit negative, and leaves the customer out when the core named no owner', async () => {
    await ingestNotification([Buffer.from(cardSettlement('NTF-2'))], store);
    await ingestNotification([Buffer.from(salaryRun('NTF-3'))], store);
    const [debit, ...credits] = await outbox();
    expect(debit?.payload).toMatchObject({ amountMinor: '-4250', bookingCode: 'PMNT/CCRD/POSD', transactionId: 'B-18' });
    expect(debit?.customerId).toBe('C-000001');
    expect(credits.map((e) => e.customerId)).toEqual([undefined, undefined]);
  });

  it('gives each movement the balance after it, from the balance read once per account and taken back over the later ones', async () => {
    const reads: string[][] = [];
    const read: ReadBalanceNow = async (customerId, accountKey) => {
      reads.push([customerId, accountKey]);
      return { coreAccountId: 'A-0000001', ledgerMinor: 400_000n, currency: 'EUR', accountType: 'SAVINGS' };
    };
    const withBalances = new CoreMovements(opened.db, undefined, undefined, undefined, movementBalances(read, { warn: () => undefined } as unknown as Logger));
    await ingestNotification([Buffer.from(salaryRun('NTF-7', 'C-000001'))], withBalances);
    // no owner named: nobody to read the account for
    await ingestNotification(
      [Buffer.from(salaryRun('NTF-8'))],
      new CoreMovements(opened.db, undefined, undefined, undefined, movementBalances(read, {} as Logger)),
    );
    const events = await outbox();
    // the account's type from the same read (engagement's customer facts: products held)
    expect(events.map((e) => [e.payload.amountMinor, e.payload.coreAccountId, e.payload.balanceAfterMinor, e.payload.accountType])).toEqual([
      ['285000', 'A-0000001', '370000', 'SAVINGS'],
      ['30000', 'A-0000001', '400000', 'SAVINGS'],
    ]);
    expect(reads).toEqual([['C-000001', IBAN]]);
  });

  it('stores the notification and writes the events without a balance when the core cannot be read', async () => {
    const warned: unknown[] = [];
    const failing: ReadBalanceNow = async () => {
      throw new Error('core down');
    };
    const withBalances = new CoreMovements(
      opened.db,
      undefined,
      undefined,
      undefined,
      movementBalances(failing, { warn: (o: unknown) => warned.push(o) } as unknown as Logger),
    );
    expect(await ingestNotification([Buffer.from(cardSettlement('NTF-9'))], withBalances)).toEqual({ applied: 1, duplicates: 0, parked: 0 });
    const [debit] = await outbox();
    expect(debit?.payload.amountMinor).toBe('-4250');
    expect(debit?.payload).not.toHaveProperty('balanceAfterMinor');
    expect(debit?.payload).not.toHaveProperty('coreAccountId');
    expect(debit?.payload).not.toHaveProperty('accountType');
    // no customer id or IBAN in the log line
    expect(JSON.stringify(warned)).not.toMatch(/C-000001|DE89/);
  });

  it('commits no event when the notification rolls back', async () => {
    const failing = new CoreMovements(opened.db, async (tx, movements) => {
      const { onMovementsBooked } = await import('../src/db/core-movements');
      await onMovementsBooked(tx, movements);
      throw new Error('after the events were written');
    });
    await expect(ingestNotification([Buffer.from(salaryRun('NTF-4', 'C-000001'))], failing)).rejects.toThrow('after the events were written');
    expect(await outbox()).toEqual([]);
    expect(await store.ofAccount(IBAN)).toEqual([]);
  });

  it('is published by the relay in booking order, each event once in the log', async () => {
    await ingestNotification([Buffer.from(salaryRun('NTF-5', 'C-000001'))], store);
    await ingestNotification([Buffer.from(cardSettlement('NTF-6'))], store);
    const relay = new EventRelay({ db: opened.db, producer: 'accounts' });
    expect(await relay.runOnce()).toBe(3);
    expect(await relay.runOnce()).toBe(0);
    const log = await new EventLog(opened.db).after(0n, 10);
    expect(log.map((l) => [l.position, (l.envelope.payload as { transactionId: string }).transactionId])).toEqual([
      [1n, 'B-17-1'],
      [2n, 'B-17-2'],
      [3n, 'B-18'],
    ]);
  });
});
