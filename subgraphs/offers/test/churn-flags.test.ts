// The churn flags store (db/churn-flags.ts) over the real store (PGlite, and PostgreSQL when
// DATABASE_URL is set): one flag per customer, written once per event id, never replaced by an
// older one; and the request loader reads the flags of many customers in one query.
import type { Database, Row } from '../../../lib/db/database';
import { migrate } from '../../../lib/db/migrate';
import { type DomainEvent, newEvent } from '../../../lib/events';
import { MIGRATIONS } from '../src/db/migrations';
import { ChurnEventWithoutCustomer, churnFlagLoader, ChurnFlagStore } from '../src/db/churn-flags';
import { OFFERS_GROUP } from '../src/adapters/churn-consumer';
import { type OpenedStore, serviceStores } from '../../../test/support/temp-stores';

function raised(
  customerId: string | undefined,
  raisedAt: string,
  score = 80,
  text = 'Card purchases fell from 21 to 6 in 30 days',
): DomainEvent<'ChurnRiskRaised'> {
  return newEvent({
    type: 'ChurnRiskRaised',
    key: `churn:${customerId}:${raisedAt}`,
    ...(customerId ? { customerId } : {}),
    occurredAt: new Date(raisedAt),
    payload: { score, threshold: 70, reasons: [{ code: 'CARD_ACTIVITY_FALLING', text }], raisedAt },
  });
}

describe.each(serviceStores('offers', 'churn flags'))('churn flags on %s', (_name, open) => {
  let opened: OpenedStore | undefined;
  let flags: ChurnFlagStore;
  const statements: string[] = [];

  beforeAll(async () => {
    opened = await open();
    await migrate(opened.db, MIGRATIONS);
    const db = opened.db;
    // counts the statements the store sends: the loader must send one for many customers
    const counting: Database = Object.create(db, {
      query: { value: <T extends Row>(text: string, params?: readonly unknown[]) => (statements.push(text), db.query<T>(text, params)) },
    }) as Database;
    flags = new ChurnFlagStore(counting);
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  it('keeps a flag once per event id, with its reasons and figures', async () => {
    const e = raised('C-F1', '2025-03-14T09:00:00.000Z', 82);
    expect(await flags.record(OFFERS_GROUP, e)).toBe(true);
    expect(await flags.record(OFFERS_GROUP, e)).toBe(false);
    const flag = (await flags.flagsOf(['C-F1'])).get('C-F1');
    expect(flag).toEqual({
      score: 82,
      threshold: 70,
      reasons: [{ code: 'CARD_ACTIVITY_FALLING', text: 'Card purchases fell from 21 to 6 in 30 days' }],
      raisedAt: new Date('2025-03-14T09:00:00.000Z'),
    });
  });

  it('replaces a flag with a newer one, never with an older one delivered late', async () => {
    await flags.record(OFFERS_GROUP, raised('C-F2', '2025-03-10T09:00:00.000Z', 75));
    await flags.record(OFFERS_GROUP, raised('C-F2', '2025-03-12T09:00:00.000Z', 90, 'Salary of 2,400.00 EUR not received'));
    expect(await flags.record(OFFERS_GROUP, raised('C-F2', '2025-03-11T09:00:00.000Z', 71))).toBe(true);
    expect((await flags.flagsOf(['C-F2'])).get('C-F2')).toMatchObject({ score: 90, reasons: [{ text: 'Salary of 2,400.00 EUR not received' }] });
  });

  it('refuses an event naming no customer, writing nothing', async () => {
    const e = raised(undefined, '2025-03-14T09:00:00.000Z');
    await expect(flags.record(OFFERS_GROUP, e)).rejects.toThrow(ChurnEventWithoutCustomer);
    const seen = await opened!.db.query(`SELECT 1 FROM event_processed WHERE event_id = $1`, [e.id]);
    expect(seen).toEqual([]);
  });

  it('loads the flags of every customer of a request in one query', async () => {
    const loader = churnFlagLoader(flags);
    statements.length = 0;
    const got = await Promise.all(['C-F1', 'C-F2', 'C-NONE', 'C-F1'].map((id) => loader.load(id)));
    expect(got.map((f) => f?.score ?? null)).toEqual([82, 90, null, 82]);
    expect(statements).toHaveLength(1);
    expect(await flags.flagsOf([])).toEqual(new Map());
    expect(statements).toHaveLength(1);
  });
});
