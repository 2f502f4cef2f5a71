// The staff reads behind "who looked at my data" over the real store (PGlite, and PostgreSQL when
// DATABASE_URL is set): one row per (request, customer), a retried record adds none, a customer's
// list is theirs alone, newest first, paged without gaps or repeats. And the agent pseudonym:
// stable per staff member, different between them, never the staff id, dependent on the key.
import { migrate } from '../../../lib/db/migrate';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';
import { MIGRATIONS } from '../src/db/migrations';
import { type StaffReadRecord, StaffReadStore } from '../src/db/staff-read-store';
import { staffPseudonym } from '../src/domain/staff-pseudonym';

const HASH = 'a'.repeat(64);
const record = (requestId: string, customerIds: string[], extra: Partial<StaffReadRecord> = {}): StaffReadRecord => ({
  requestId,
  at: new Date('2025-03-15T10:00:00.000Z'),
  staff: 'S-0042',
  client: 'call-centre',
  customerIds,
  operationName: 'Look',
  operationHash: HASH,
  ...extra,
});

describe.each(serviceStores('engagement', 'staff reads'))('staff read store on %s', (_name, open) => {
  let opened: OpenedStore | undefined;
  let store: StaffReadStore;

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    store = new StaffReadStore(opened.db, () => new Date('2025-03-15T10:00:01Z'));
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  it('stores one row per customer the record names, and none again when it is retried', async () => {
    expect(await store.record(record('req-1', ['C-000001', 'C-000002', 'C-000001']))).toBe(2);
    expect(await store.record(record('req-1', ['C-000001', 'C-000002']))).toBe(0);
    // a retry that names one more customer stores that one only
    expect(await store.record(record('req-1', ['C-000001', 'C-000003']))).toBe(1);
    expect(await store.record(record('req-2', []))).toBe(0);
    const rows = await opened!.db.query<{ n: unknown }>("SELECT count(*) AS n FROM staff_reads WHERE request_id = 'req-1'");
    expect(Number(rows[0]?.n)).toBe(3);
  });

  it("lists a customer's reads only, newest first, in pages that neither skip nor repeat", async () => {
    const at = (s: number) => new Date(Date.parse('2025-03-16T09:00:00Z') + s * 1000);
    // two reads at the same instant: the sequence keeps them apart in the cursor
    for (const [i, s] of [0, 1, 1, 2, 3].entries()) await store.record(record(`page-${i}`, ['C-000010'], { at: at(s), staff: `S-${i}` }));
    await store.record(record('other', ['C-000011'], { at: at(4) }));
    const all = await store.list('C-000010', 10);
    expect(all.map((r) => r.requestId)).toEqual(['page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
    expect(all.every((r) => r.customerId === 'C-000010')).toBe(true);
    const seen: string[] = [];
    let after = undefined;
    for (;;) {
      const page = await store.list('C-000010', 2, after);
      seen.push(...page.map((r) => r.requestId));
      if (page.length < 2) break;
      after = page.at(-1)!.key;
    }
    expect(seen).toEqual(all.map((r) => r.requestId));
    expect(all[0]).toMatchObject({ staff: 'S-4', client: 'call-centre', operationName: 'Look', at: at(3) });
  });
});

describe('agent pseudonym', () => {
  const pseudonym = staffPseudonym('a-test-key-of-32-characters-xxxx');

  it('is stable per staff member, differs between them, and is not the staff id', () => {
    const a = pseudonym('S-0042');
    expect(a).toMatch(/^Agent-[A-Z2-7]{8}$/);
    expect(pseudonym('S-0042')).toBe(a);
    expect(pseudonym('S-0043')).not.toBe(a);
    expect(a).not.toContain('0042');
  });

  it('depends on the key, and refuses a short one', () => {
    expect(staffPseudonym('another-key-of-32-characters-xxx')('S-0042')).not.toBe(pseudonym('S-0042'));
    expect(() => staffPseudonym('short')).toThrow(/16 characters/);
  });
});
