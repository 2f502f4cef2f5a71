// PostgreSQL housekeeping for suites that run against a real server in a schema of their own.
import { Client } from 'pg';

/** Drops a test's PostgreSQL schema (and everything in it). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
