// Issue 13, item 4 on a real PostgreSQL server (several connections, real row locks), in a fresh
// schema dropped after: the reversal suite of support/card-reversal-suite.ts.
import { openPostgres } from '../../../../lib/db/postgres-database';
import { randomSchema } from '../../../../test/support/temp-stores';
import { dropSchema } from '../../../../test/support/postgres';
import { cardReversalSuite } from '../support/card-reversal-suite';

const DATABASE_URL = process.env.DATABASE_URL;

jest.setTimeout(60000);

if (!DATABASE_URL) {
  test('loyalty card reversal PostgreSQL suite left out: DATABASE_URL not set', () => {
    console.warn('loyalty card reversal PostgreSQL suite left out: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it');
    expect(process.env.DATABASE_URL).toBeUndefined();
  });
} else {
  const url = DATABASE_URL;
  const schema = randomSchema('loyalty_reversal');
  cardReversalSuite(
    'PostgreSQL',
    () => openPostgres({ connectionString: url, schema, maxConnections: 10 }),
    () => dropSchema(url, schema),
  );
}
