// Issue 13: the one invariant checker of the money paths (run after every money-path test) fails
// a store where money is inconsistent: a redemption left PENDING with its points taken, one marked
// COMPLETED or FAILED against what the ledger holds, a cash debit without its payment, a PAID
// settlement without its payout journal.
import { openPglite } from '../../../../lib/db/pglite-database';
import type { Database } from '../../../../lib/db/database';
import { assertPgliteUsableUnderJest } from '../../../../test/support/pglite-under-jest';
import { migrate } from '../../src/db/migrate';
import { Ledger } from '../../src/db/ledger/ledger';
import { checkLedgerInvariants } from '../../src/db/ledger/invariants';
import { pointsEarnedJournal, pointsRedeemedJournal } from '../../src/domain/ledger/loyalty-journals';
import { redemptionJournalKey } from '../../src/domain/redemption';

jest.setTimeout(60000);

describe('the money-path invariant checker', () => {
  let db: Database;
  let ledger: Ledger;
  let n = 0;

  beforeAll(async () => {
    assertPgliteUsableUnderJest();
    db = await openPglite('memory://', 'loyalty');
    await migrate(db);
    ledger = new Ledger(db, () => new Date('2025-03-15T10:00:00Z'));
  });

  afterAll(async () => {
    await db.close();
  });

  // each test's rows judged alone (the working tables change status; the ledger stays balanced)
  afterEach(async () => {
    await db.query(`DELETE FROM redemptions`);
    await db.query(`DELETE FROM settlements`);
  });

  /** A stored cash redemption of 100 points, its debit posted when `debited`. */
  async function redemption(status: string, debited: boolean, payTo: string | null = 'ACC-1'): Promise<string> {
    const c = `INV-${++n}`;
    const key = `${c}|key-${c}-0001`;
    await ledger.post(pointsEarnedJournal({ customerId: c, points: 500n, businessDate: '2025-03-15', idempotencyKey: `grant-${c}`, description: 'grant' }));
    if (debited) {
      await ledger.post(
        pointsRedeemedJournal({
          customerId: c,
          points: 100n,
          businessDate: '2025-03-15',
          idempotencyKey: redemptionJournalKey(key, 'debit'),
          description: 'x',
        }),
      );
    }
    await db.query(`INSERT INTO redemptions (redemption_key, customer_id, fingerprint, status, result, pay_to_account) VALUES ($1, $2, $3, $4, '{}', $5)`, [
      key,
      c,
      JSON.stringify(['CASH', 100, null]),
      status,
      debited ? payTo : null,
    ]);
    return c;
  }

  const violations = async () => (await checkLedgerInvariants(ledger, db)).violations;

  it('passes a sound store', async () => {
    await redemption('COMPLETED', true);
    await redemption('FAILED', false);
    expect(await violations()).toEqual([]);
  });

  it('fails a redemption left PENDING with its points taken', async () => {
    await redemption('PENDING', true);
    expect(await violations()).toEqual([expect.stringMatching(/left PENDING \(100 points taken\)/)]);
  });

  it('fails a FAILED redemption that kept the points, and a COMPLETED one that took none', async () => {
    await redemption('FAILED', true);
    await redemption('COMPLETED', false);
    expect(await violations()).toEqual([
      expect.stringMatching(/FAILED with its 100 points kept/),
      expect.stringMatching(/COMPLETED but its points are not taken/),
    ]);
  });

  it('fails a cash debit without its recorded payment', async () => {
    await redemption('COMPLETED', true, null);
    expect(await violations()).toEqual([expect.stringMatching(/cash debit without a recorded payment/)]);
  });

  it('fails a PAID settlement without its payout journal', async () => {
    await db.query(
      `INSERT INTO settlements (customer_id, currency, business_date, amount_minor, account_id, reference, status)
       VALUES ('INV-S', 'EUR', '2025-03-14', 250, 'ACC-S', 'CASHBACK-INV-S-2025-03-14', 'PAID')`,
    );
    expect(await violations()).toEqual([expect.stringMatching(/settlement EUR 2025-03-14 of INV-S is PAID but its payout journal is missing/)]);
  });
});
