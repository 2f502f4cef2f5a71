// Issue 13, item 3 on a real PostgreSQL server, in a fresh schema dropped after: the
// foreign-currency suite of support/foreign-currency-suite.ts.
import { openPostgres } from '../../../../lib/db/postgres-database';
import { randomSchema } from '../../../../test/support/temp-stores';
import { dropSchema } from '../../../../test/support/postgres';
import { foreignCurrencySuite } from '../support/foreign-currency-suite';

const DATABASE_URL = process.env.DATABASE_URL;

jest.setTimeout(60000);

if (!DATABASE_URL) {
  test('loyalty foreign-currency PostgreSQL suite left out: DATABASE_URL not set', () => {
    console.warn('loyalty foreign-currency PostgreSQL suite left out: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it');
    expect(process.env.DATABASE_URL).toBeUndefined();
  });
} else {
  const url = DATABASE_URL;
  const schema = randomSchema('loyalty_fx');
  foreignCurrencySuite(
    'PostgreSQL',
    () => openPostgres({ connectionString: url, schema, maxConnections: 10 }),
    () => dropSchema(url, schema),
  );
}
