// The money-path resilience suites (redemption retry and reconciliation, settlement of an
// ambiguous payout) on a real PostgreSQL server, each in a fresh schema dropped after.
import { openPostgres } from '../../../../lib/db/postgres-database';
import { randomSchema } from '../../../../test/support/temp-stores';
import { dropSchema } from '../../../../test/support/postgres';
import { redemptionRetrySuite, settlementPendingSuite } from '../support/money-path-suites';

const DATABASE_URL = process.env.DATABASE_URL;

jest.setTimeout(60000);

if (!DATABASE_URL) {
  test('loyalty money-path PostgreSQL suites left out: DATABASE_URL not set', () => {
    console.warn('loyalty money-path PostgreSQL suites left out: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them');
    expect(process.env.DATABASE_URL).toBeUndefined();
  });
} else {
  const url = DATABASE_URL;
  for (const [name, suite] of [
    ['PostgreSQL', redemptionRetrySuite],
    ['PostgreSQL ', settlementPendingSuite],
  ] as const) {
    const schema = randomSchema('loyalty_money');
    suite(
      name,
      () => openPostgres({ connectionString: url, schema }),
      () => dropSchema(url, schema),
    );
  }
}
