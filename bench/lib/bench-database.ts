// `--store postgres`: the subgraphs get a database of their own on DATABASE_URL's server for the
// run (never the one the tests or a developer use), dropped when the run ends.
import { Client } from 'pg';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer<T>(serverUrl: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function freshBenchDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  if (!serverUrl) throw new Error('--store postgres needs DATABASE_URL (a PostgreSQL server the bench may create a database on)');
  const name = `corebridge_bench_${process.pid}_${Date.now()}`;
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
