// The embedded store's PostgreSQL settings (lib/db/pglite-database.ts): shared buffers of 16MB by
// default, the largest part of a PGlite process's memory (docs/performance.md "Footprint"), another
// size through PGLITE_SHARED_BUFFERS, and a malformed size refused before anything opens.
import { openPglite } from '../db/pglite-database';
import { assertPgliteUsableUnderJest } from '../../test/support/pglite-under-jest';

jest.setTimeout(60_000);

async function sharedBuffers(): Promise<string | undefined> {
  const db = await openPglite('memory://', 'settings_test');
  try {
    const [row] = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
    return row?.shared_buffers;
  } finally {
    await db.close();
  }
}

describe('embedded store settings', () => {
  const saved = process.env.PGLITE_SHARED_BUFFERS;
  beforeAll(() => assertPgliteUsableUnderJest());
  afterEach(() => {
    if (saved === undefined) delete process.env.PGLITE_SHARED_BUFFERS;
    else process.env.PGLITE_SHARED_BUFFERS = saved;
  });

  it('runs with 16MB of shared buffers unless told otherwise', async () => {
    delete process.env.PGLITE_SHARED_BUFFERS;
    expect(await sharedBuffers()).toBe('16MB');
  });

  it('takes another size from PGLITE_SHARED_BUFFERS', async () => {
    process.env.PGLITE_SHARED_BUFFERS = '32MB';
    expect(await sharedBuffers()).toBe('32MB');
  });

  it('refuses a size PostgreSQL would not read, before opening anything', async () => {
    process.env.PGLITE_SHARED_BUFFERS = '16 megabytes';
    await expect(openPglite('memory://', 'settings_test')).rejects.toThrow('PGLITE_SHARED_BUFFERS');
  });
});
