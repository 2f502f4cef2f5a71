// Loads the demo catalogue once per store. The claim row in seed_runs and the inserts share one
// transaction, so a crash half-way leaves nothing behind, two processes starting together on one
// PostgreSQL schema load it once (the second blocks on the claim, then sees it taken), and a
// restart never restocks rewards that customers have redeemed since.
import type { Database } from '../../../../lib/db/database';
import { DEMO_CATALOGUE_NAME, DEMO_EARN_BOOSTS, DEMO_EARN_BOOSTS_NAME, DEMO_PARTNERS, type SeedPartner, logoUrlOf } from './demo-catalogue';

export interface SeedOutcome {
  /** false when this catalogue had been loaded before: nothing was written */
  seeded: boolean;
  partners: number;
  merchants: number;
  rewards: number;
}

export async function seedCatalogue(db: Database, partners: readonly SeedPartner[] = DEMO_PARTNERS, name = DEMO_CATALOGUE_NAME): Promise<SeedOutcome> {
  return db.transaction(async (tx) => {
    const claim = await tx.query('INSERT INTO seed_runs (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING name', [name]);
    const outcome: SeedOutcome = { seeded: claim.length === 1, partners: 0, merchants: 0, rewards: 0 };
    if (!outcome.seeded) return outcome;
    for (const p of partners) {
      // rows already there (put in by hand before the first start) are kept as they are
      const inserted = await tx.query(
        `INSERT INTO partners (id, name, category, logo_url, earn_boost_percent) VALUES ($1, $2, $3, $4, $5::numeric)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [p.id, p.name, p.category, logoUrlOf(p.id), p.earnBoostPercent],
      );
      outcome.partners += inserted.length;
      for (const merchantId of p.merchantIds) {
        const m = await tx.query(
          'INSERT INTO partner_merchants (merchant_id, partner_id) VALUES ($1, $2) ON CONFLICT (merchant_id) DO NOTHING RETURNING merchant_id',
          [merchantId, p.id],
        );
        outcome.merchants += m.length;
      }
      for (const r of p.rewards) {
        const rows = await tx.query(
          `INSERT INTO rewards (id, partner_id, kind, title, points_price, stock) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [r.id, p.id, r.kind, r.title, r.pointsPrice, r.stock],
        );
        outcome.rewards += rows.length;
      }
    }
    return outcome;
  });
}

/**
 * Sets the demo partners' earn-boost multipliers once per store (a separate load, so stores seeded
 * before the multiplier existed get it too); a multiplier changed by hand since is not overwritten
 * on later starts.
 */
export async function seedEarnBoosts(
  db: Database,
  boosts: Readonly<Record<string, string>> = DEMO_EARN_BOOSTS,
  name = DEMO_EARN_BOOSTS_NAME,
): Promise<{ seeded: boolean; partners: number }> {
  return db.transaction(async (tx) => {
    const claim = await tx.query('INSERT INTO seed_runs (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING name', [name]);
    if (claim.length === 0) return { seeded: false, partners: 0 };
    let partners = 0;
    for (const [id, boost] of Object.entries(boosts)) {
      partners += (await tx.query('UPDATE partners SET earn_boost = $2::numeric WHERE id = $1 RETURNING id', [id, boost])).length;
    }
    return { seeded: true, partners };
  });
}
