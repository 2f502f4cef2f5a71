// Issue 13: a day's payout that failed ambiguously is resolved by its own reference before a later
// day pays anything, and its amount is never paid again under a new reference (PGlite; PostgreSQL
// in money-paths-postgres.int.test.ts).
import { openPglite } from '../../../../lib/db/pglite-database';
import { assertPgliteUsableUnderJest } from '../../../../test/support/pglite-under-jest';
import { settlementPendingSuite } from '../support/money-path-suites';

jest.setTimeout(60000);

settlementPendingSuite('PGlite', async () => {
  assertPgliteUsableUnderJest();
  return openPglite('memory://', 'loyalty');
});
