// The ledger suite on the embedded store (PGlite in a temp dir): the default for development.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openPglite } from '../../lib/db/pglite-database';
import { tempDir } from '../support/processes';
import { ledgerSuite } from '../support/loyalty-ledger-suite';
import { assertPgliteUsableUnderJest } from '../support/pglite-under-jest';

jest.setTimeout(60000);

ledgerSuite('PGlite', async () => {
  assertPgliteUsableUnderJest();
  const dir = tempDir('corebridge-loyalty-ledger-');
  const db = await openPglite(join(dir, 'loyalty'), 'loyalty');
  return {
    db,
    dispose: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
