// The stores accounts' store suites run on: PGlite in memory always, PostgreSQL (a schema of the
// suite's own, dropped on dispose) when DATABASE_URL is set, saying so when it is not.
import type { Database } from '../../../../lib/db/database';
import { openPglite } from '../../../../lib/db/pglite-database';
import { openTempPostgres } from '../../../../test/support/temp-stores';

export type OpenedStore = { db: Database; dispose: () => Promise<void> };

/** [name, open] pairs for describe.each; `suite` names the schema and the skip message. */
export function accountsStores(suite: string): Array<[string, () => Promise<OpenedStore>]> {
  const stores: Array<[string, () => Promise<OpenedStore>]> = [
    [
      'PGlite',
      async () => {
        const memory = await openPglite('memory://', 'accounts');
        return { db: memory, dispose: () => memory.close() };
      },
    ],
  ];
  const url = process.env.DATABASE_URL;
  if (url) stores.push(['PostgreSQL', () => openTempPostgres(url, `accounts_${suite.replace(/\W+/g, '_')}`)]);
  else process.stdout.write(`${suite}: DATABASE_URL unset, PostgreSQL case skipped\n`);
  return stores;
}
