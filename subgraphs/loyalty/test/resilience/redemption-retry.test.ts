// Issue 13: a cash redemption whose payment failed ambiguously is resumed by a retry with the same
// key and finished by the reconciliation job, paid once or refunded (PGlite; PostgreSQL in
// money-paths-postgres.int.test.ts).
import { openPglite } from '../../../../lib/db/pglite-database';
import { assertPgliteUsableUnderJest } from '../../../../test/support/pglite-under-jest';
import { redemptionRetrySuite } from '../support/money-path-suites';

jest.setTimeout(60000);

redemptionRetrySuite('PGlite', async () => {
  assertPgliteUsableUnderJest();
  return openPglite('memory://', 'loyalty');
});
