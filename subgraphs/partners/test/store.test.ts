// The partners store on embedded PGlite (in memory): catalogue, reward issues, consents and partner
// apps. The same suites run on PostgreSQL in test/integration/partners-store-postgres.test.ts when
// DATABASE_URL is set (there the concurrent cases run on parallel connections).
import type { Database } from '../../../lib/db/database';
import { openPglite } from '../../../lib/db/pglite-database';
import { newVoucherCode } from '../src/domain/reward-issues';
import { storeSuite } from './support/store-suite';
import { redemptionConsentSuite } from './support/redemption-consent-suite';
import { assertPgliteUsableUnderJest } from '../../../test/support/pglite-under-jest';

const opened: Database[] = [];

async function openInMemory(): Promise<Database> {
  assertPgliteUsableUnderJest();
  const db = await openPglite('memory://', 'partners');
  opened.push(db);
  return db;
}

async function closeOpened(): Promise<void> {
  await Promise.all(opened.splice(0).map((db) => db.close()));
}

describe('partners store on PGlite', () => {
  storeSuite(openInMemory, closeOpened);
});

describe('reward issues, partner consents and partner apps on PGlite', () => {
  redemptionConsentSuite(openInMemory, closeOpened, { concurrency: 12 });
});

describe('voucher codes', () => {
  it('are 20 symbols of an alphabet without look-alikes, and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, () => newVoucherCode());
    for (const c of codes) expect(c).toMatch(/^CBV(-[A-HJKMNP-Z2-9]{4}){5}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // every symbol of the alphabet turns up: no bias that leaves part of it out
    expect(new Set(codes.map((c) => c.slice(4).replace(/-/g, '')).join('')).size).toBe(31);
  });
});
