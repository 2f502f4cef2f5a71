// Reward issuing, partner consents and partner apps, run against PGlite (test/unit/partners-store)
// and PostgreSQL (test/integration/partners-store-postgres, when DATABASE_URL is set, where the
// concurrent cases really run on parallel connections).
import type { Database } from '../../../../lib/db/database';
import { migrate } from '../../src/db/migrate';
import { seedCatalogue, seedEarnBoosts } from '../../src/db/seed';
import { CatalogueStore } from '../../src/db/catalogue-store';
import { RewardIssuer } from '../../src/db/reward-issuer';
import type { IssueOutcome } from '../../src/domain/reward-issues';
import { ConsentStore } from '../../src/db/consent-store';
import type { ConsentScope } from '../../src/domain/consents';
import { partnerAppByClientId, readPartnerAppsFile, registerPartnerApps } from '../../src/db/partner-apps-store';
import { nth } from '../../../../test/support/present';

const VOUCHER = /^CBV(-[A-HJKMNP-Z2-9]{4}){5}$/;

async function stockOf(db: Database, rewardId: string): Promise<number> {
  const row = nth(await db.query<{ stock: number }>('SELECT stock FROM rewards WHERE id = $1', [rewardId]), 0);
  return Number(row.stock);
}

async function addReward(db: Database, id: string, stock: number): Promise<void> {
  await db.query(`INSERT INTO rewards (id, partner_id, kind, title, points_price, stock) VALUES ($1, 'P-BEANSTREET', 'VOUCHER', 'Test reward', 250, $2)`, [
    id,
    stock,
  ]);
}

export function redemptionConsentSuite(open: () => Promise<Database>, closeAll: () => Promise<void>, opts: { concurrency: number }): void {
  let db: Database;
  let issuer: RewardIssuer;
  let consents: ConsentStore;

  beforeAll(async () => {
    db = await open();
    await migrate(db);
    await seedCatalogue(db);
    await seedEarnBoosts(db);
    issuer = new RewardIssuer(db);
    consents = new ConsentStore(db);
  }, 60000);

  afterAll(async () => {
    await closeAll();
  });

  describe('partner merchants for the card feed', () => {
    it('lists every partner with its merchant ids and its earn-boost multiplier as a canonical decimal', async () => {
      const list = await new CatalogueStore(db).merchantsOfPartners();
      expect(list.length).toBeGreaterThanOrEqual(12);
      expect(list.find((p) => p.partnerId === 'P-BEANSTREET')).toEqual({
        partnerId: 'P-BEANSTREET',
        name: 'Bean Street Coffee',
        category: 'COFFEE',
        merchantIds: ['M-COFFEE-001', 'M-COFFEE-002', 'M-COFFEE-003'],
        earnBoost: '3',
      });
      expect(list.find((p) => p.partnerId === 'P-CITYHOP')?.earnBoost).toBe('1.5');
      // a partner the boosts leave out earns at the base rate
      expect(list.find((p) => p.partnerId === 'P-ARENAONE')?.earnBoost).toBe('1');
      for (const p of list) expect(p.earnBoost).toMatch(/^\d+(\.\d*[1-9])?$/);
      expect(await seedEarnBoosts(db)).toEqual({ seeded: false, partners: 0 });
    });
  });

  describe('issuing rewards', () => {
    it('takes one unit, stores an unguessable voucher code, and answers a retry with the same voucher', async () => {
      await addReward(db, 'R-TEST-ISSUE', 3);
      const first = await issuer.issue({ rewardId: 'R-TEST-ISSUE', customerId: 'C-000001', idempotencyKey: 'k-issue-1' });
      expect(first).toMatchObject({ kind: 'ISSUED', rewardId: 'R-TEST-ISSUE', pointsPrice: 250, replayed: false });
      const code = (first as { voucherCode: string }).voucherCode;
      expect(code).toMatch(VOUCHER);
      expect(await stockOf(db, 'R-TEST-ISSUE')).toBe(2);
      const again = await issuer.issue({ rewardId: 'R-TEST-ISSUE', customerId: 'C-000001', idempotencyKey: 'k-issue-1' });
      expect(again).toEqual({ kind: 'ISSUED', rewardId: 'R-TEST-ISSUE', voucherCode: code, pointsPrice: 250, replayed: true });
      expect(await stockOf(db, 'R-TEST-ISSUE')).toBe(2);
      const second = await issuer.issue({ rewardId: 'R-TEST-ISSUE', customerId: 'C-000001', idempotencyKey: 'k-issue-2' });
      expect((second as { voucherCode: string }).voucherCode).not.toBe(code);
      const [stored] = await db.query<{ voucher_code: string }>("SELECT voucher_code FROM reward_issues WHERE idempotency_key = 'k-issue-1'");
      expect(stored?.voucher_code).toBe(code);
    });

    it('refuses a key reused for another reward or customer, an unknown reward, and a sold-out one, taking nothing', async () => {
      await addReward(db, 'R-TEST-EMPTY', 0);
      expect(await issuer.issue({ rewardId: 'R-TEST-EMPTY', customerId: 'C-000001', idempotencyKey: 'k-issue-1' })).toEqual({ kind: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await issuer.issue({ rewardId: 'R-TEST-ISSUE', customerId: 'C-000002', idempotencyKey: 'k-issue-1' })).toEqual({ kind: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await issuer.issue({ rewardId: 'R-NOPE', customerId: 'C-000001', idempotencyKey: 'k-nope' })).toEqual({ kind: 'REWARD_NOT_FOUND' });
      expect(await issuer.issue({ rewardId: 'R-TEST-EMPTY', customerId: 'C-000001', idempotencyKey: 'k-empty' })).toEqual({ kind: 'OUT_OF_STOCK' });
      expect(await stockOf(db, 'R-TEST-EMPTY')).toBe(0);
      // the refused attempts left no claim behind: the keys are still free
      const rows = await db.query("SELECT 1 FROM reward_issues WHERE idempotency_key IN ('k-nope', 'k-empty')");
      expect(rows).toHaveLength(0);
      await db.query("UPDATE rewards SET stock = 1 WHERE id = 'R-TEST-EMPTY'");
      expect(await issuer.issue({ rewardId: 'R-TEST-EMPTY', customerId: 'C-000001', idempotencyKey: 'k-empty' })).toMatchObject({ kind: 'ISSUED' });
    });

    it('releases once: the unit comes back, the voucher is void, a repeat changes nothing', async () => {
      await addReward(db, 'R-TEST-RELEASE', 1);
      await issuer.issue({ rewardId: 'R-TEST-RELEASE', customerId: 'C-000001', idempotencyKey: 'k-release' });
      expect(await stockOf(db, 'R-TEST-RELEASE')).toBe(0);
      expect(await issuer.release('k-release')).toBe(true);
      expect(await stockOf(db, 'R-TEST-RELEASE')).toBe(1);
      expect(await issuer.release('k-release')).toBe(true);
      expect(await stockOf(db, 'R-TEST-RELEASE')).toBe(1);
      expect(await issuer.release('k-never-issued')).toBe(false);
      expect(await issuer.issue({ rewardId: 'R-TEST-RELEASE', customerId: 'C-000001', idempotencyKey: 'k-release' })).toEqual({ kind: 'ISSUE_RELEASED' });
      expect(await stockOf(db, 'R-TEST-RELEASE')).toBe(1);
    });

    it(`never goes below zero: ${opts.concurrency} concurrent issues of a reward with stock 5 issue exactly 5 vouchers`, async () => {
      await addReward(db, 'R-TEST-RACE', 5);
      const outcomes = await Promise.all(
        Array.from({ length: opts.concurrency }, (_, i) =>
          issuer.issue({ rewardId: 'R-TEST-RACE', customerId: `C-${String(i).padStart(6, '0')}`, idempotencyKey: `race-${i}` }),
        ),
      );
      const issued = outcomes.filter((o): o is Extract<IssueOutcome, { kind: 'ISSUED' }> => o.kind === 'ISSUED');
      expect(issued).toHaveLength(5);
      expect(outcomes.filter((o) => o.kind === 'OUT_OF_STOCK')).toHaveLength(opts.concurrency - 5);
      expect(new Set(issued.map((o) => o.voucherCode)).size).toBe(5);
      expect(await stockOf(db, 'R-TEST-RACE')).toBe(0);
      const { n } = nth(await db.query<{ n: string | number }>("SELECT count(*) AS n FROM reward_issues WHERE reward_id = 'R-TEST-RACE'"), 0);
      expect(Number(n)).toBe(5);
    });

    it('takes one unit for the same key sent concurrently, and every answer carries the same voucher', async () => {
      await addReward(db, 'R-TEST-SAMEKEY', 10);
      const outcomes = await Promise.all(
        Array.from({ length: Math.min(opts.concurrency, 12) }, () =>
          issuer.issue({ rewardId: 'R-TEST-SAMEKEY', customerId: 'C-000009', idempotencyKey: 'same-key' }),
        ),
      );
      const codes = new Set(outcomes.map((o) => (o.kind === 'ISSUED' ? o.voucherCode : o.kind)));
      expect(codes.size).toBe(1);
      expect([...codes][0]).toMatch(VOUCHER);
      expect(await stockOf(db, 'R-TEST-SAMEKEY')).toBe(9);
    });
  });

  describe('partner consents', () => {
    it('records every grant and revocation with a version; the current row equals the newest event', async () => {
      const g1 = await consents.grant('C-100001', 'P-SKYLARK', ['LOYALTY_TIER', 'PROFILE_BASIC', 'PROFILE_BASIC']);
      expect(g1).toMatchObject({ kind: 'CHANGED', state: { version: 1, scopes: ['PROFILE_BASIC', 'LOYALTY_TIER'] } });
      const g2 = await consents.grant('C-100001', 'P-SKYLARK', ['SPEND_CATEGORIES']);
      expect(g2).toMatchObject({ kind: 'CHANGED', state: { version: 2, scopes: ['SPEND_CATEGORIES'] } });
      const r3 = await consents.revoke('C-100001', 'P-SKYLARK');
      expect(r3).toMatchObject({ kind: 'CHANGED', state: { version: 3, scopes: [] } });
      const r4 = await consents.revoke('C-100001', 'P-SKYLARK');
      expect(r4).toMatchObject({ kind: 'UNCHANGED', state: { version: 3, scopes: [] } });
      expect(await consents.revoke('C-100001', 'P-ZIPRIDE')).toEqual({ kind: 'UNCHANGED', state: null });

      const history = (await consents.historyOfPairs([{ customerId: 'C-100001', partnerId: 'P-SKYLARK' }])).get('C-100001\u0000P-SKYLARK') ?? [];
      expect(history.map((e) => [e.version, e.action, e.scopes])).toEqual([
        [1, 'GRANTED', ['PROFILE_BASIC', 'LOYALTY_TIER']],
        [2, 'GRANTED', ['SPEND_CATEGORIES']],
        [3, 'REVOKED', []],
      ]);
      const current = await consents.current('C-100001', 'P-SKYLARK');
      expect(current?.updatedAt).toBe(nth(history, 2).recordedAt);
      expect(Date.parse(nth(history, 0).recordedAt)).toBeLessThanOrEqual(Date.parse(nth(history, 2).recordedAt));
    });

    it('stores nothing for an unknown partner, and refuses to change or delete a recorded event', async () => {
      expect(await consents.grant('C-100002', 'P-NOSUCH', ['PROFILE_BASIC'])).toEqual({ kind: 'PARTNER_NOT_FOUND' });
      expect(await consents.revoke('C-100002', 'P-NOSUCH')).toEqual({ kind: 'PARTNER_NOT_FOUND' });
      expect(await db.query("SELECT 1 FROM partner_consents WHERE customer_id = 'C-100002'")).toHaveLength(0);
      expect(await db.query("SELECT 1 FROM partner_consent_events WHERE customer_id = 'C-100002'")).toHaveLength(0);
      await expect(db.query("UPDATE partner_consent_events SET scopes = '{}' WHERE customer_id = 'C-100001'")).rejects.toThrow(/append-only/);
      await expect(db.query("DELETE FROM partner_consent_events WHERE customer_id = 'C-100001'")).rejects.toThrow(/append-only/);
      await expect(consents.grant('C-100002', 'P-SKYLARK', [])).rejects.toThrow(RangeError);
    });

    it(`keeps versions gap-free under ${opts.concurrency} concurrent grants and revocations, the final state being the newest version`, async () => {
      const customerId = 'C-100003';
      const scopeSets: ConsentScope[][] = [['PROFILE_BASIC'], ['LOYALTY_TIER', 'SPEND_CATEGORIES'], ['SPEND_CATEGORIES']];
      await consents.grant(customerId, 'P-TUNEPOOL', ['PROFILE_BASIC']);
      const outcomes = await Promise.all(
        Array.from({ length: opts.concurrency }, (_, i) =>
          i % 3 === 2 ? consents.revoke(customerId, 'P-TUNEPOOL') : consents.grant(customerId, 'P-TUNEPOOL', nth(scopeSets, i % scopeSets.length)),
        ),
      );
      const changed = outcomes.filter((o) => o.kind === 'CHANGED');
      const history = (await consents.historyOfPairs([{ customerId, partnerId: 'P-TUNEPOOL' }])).get(`${customerId}\u0000P-TUNEPOOL`) ?? [];
      expect(history.map((e) => e.version)).toEqual(Array.from({ length: changed.length + 1 }, (_, i) => i + 1));
      // every grant was recorded; a revocation only when something was granted
      expect(outcomes.filter((o, i) => i % 3 !== 2 && o.kind === 'CHANGED')).toHaveLength(outcomes.filter((_, i) => i % 3 !== 2).length);
      const versions = changed.map((o) => (o.kind === 'CHANGED' ? o.state?.version : -1));
      expect(new Set(versions).size).toBe(changed.length);
      const last = nth(history, -1);
      const current = await consents.current(customerId, 'P-TUNEPOOL');
      expect(current).toMatchObject({ version: last.version, scopes: last.scopes, updatedAt: last.recordedAt });
      // a revocation never follows a revocation
      for (let i = 1; i < history.length; i++) if (nth(history, i).action === 'REVOKED') expect(nth(history, i - 1).action).toBe('GRANTED');
    });
  });

  describe('partner apps', () => {
    it('registers the apps of the bundled file and finds them by client id; unknown ids are null', async () => {
      const apps = readPartnerAppsFile();
      expect(apps.length).toBeGreaterThanOrEqual(2);
      expect(await registerPartnerApps(db, apps)).toEqual({ registered: apps.length, skipped: [] });
      expect(await registerPartnerApps(db, apps)).toEqual({ registered: apps.length, skipped: [] });
      expect(await partnerAppByClientId(db, 'beanstreet-app')).toEqual({
        clientId: 'beanstreet-app',
        partnerId: 'P-BEANSTREET',
        name: 'Bean Street Coffee app',
        allowedOperations: ['PartnerCustomerView', 'PartnerCatalogue'],
      });
      expect(await partnerAppByClientId(db, 'nobody-app')).toBeNull();
      expect(await partnerAppByClientId(db, "x' OR 1=1 --")).toBeNull();
      const skipped = await registerPartnerApps(db, [{ clientId: 'ghost-app', partnerId: 'P-GHOST', name: 'Ghost', allowedOperations: ['PartnerCatalogue'] }]);
      expect(skipped).toEqual({ registered: 0, skipped: ['ghost-app'] });
    });
  });
}
