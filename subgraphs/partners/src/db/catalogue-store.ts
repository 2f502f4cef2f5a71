// Reads of the partners catalogue. Every "by ids" read is one statement for the whole batch, so
// the per-request loaders turn N lookups into one query.
import type { Queryable } from '../../../../lib/db/database';
import type { Partner, PartnerCategory, Reward, RewardKind } from '../domain/catalogue';

interface PartnerRow extends Record<string, unknown> {
  id: string;
  name: string;
  category: string;
  logo_url: string;
  earn_boost_percent: string | null;
  earn_boost: string;
}

interface RewardRow extends Record<string, unknown> {
  id: string;
  partner_id: string;
  kind: string;
  title: string;
  points_price: number;
  stock: number;
}

// NUMERIC read as text: both drivers hand it over as a string then, never as a float
const PARTNER_COLUMNS = 'id, name, category, logo_url, earn_boost_percent::text AS earn_boost_percent, earn_boost::text AS earn_boost';
const REWARD_COLUMNS = 'id, partner_id, kind, title, points_price, stock';

/** "3.00" -> "3", "1.50" -> "1.5": the multiplier as the service contract writes it. */
export function canonicalDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function toPartner(r: PartnerRow): Partner {
  return {
    id: r.id,
    name: r.name,
    category: r.category as PartnerCategory,
    logoUrl: r.logo_url,
    earnBoostPercent: r.earn_boost_percent,
    earnBoost: canonicalDecimal(r.earn_boost),
  };
}

function toReward(r: RewardRow): Reward {
  return {
    id: r.id,
    partnerId: r.partner_id,
    kind: r.kind as RewardKind,
    title: r.title,
    pointsPrice: Number(r.points_price),
    stock: Number(r.stock),
  };
}

export class CatalogueStore {
  constructor(private readonly db: Queryable) {}

  async listPartners(category?: PartnerCategory): Promise<Partner[]> {
    const rows = category
      ? await this.db.query<PartnerRow>(`SELECT ${PARTNER_COLUMNS} FROM partners WHERE category = $1 ORDER BY name, id`, [category])
      : await this.db.query<PartnerRow>(`SELECT ${PARTNER_COLUMNS} FROM partners ORDER BY name, id`);
    return rows.map(toPartner);
  }

  /** The partners among `ids` that exist, in no particular order. */
  async partnersByIds(ids: readonly string[]): Promise<Partner[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<PartnerRow>(`SELECT ${PARTNER_COLUMNS} FROM partners WHERE id = ANY($1::text[])`, [[...ids]]);
    return rows.map(toPartner);
  }

  /** Merchant ids per partner id (sorted); partners without merchants are absent. */
  async merchantIdsByPartnerIds(ids: readonly string[]): Promise<Map<string, string[]>> {
    const byPartner = new Map<string, string[]>();
    if (ids.length === 0) return byPartner;
    const rows = await this.db.query<{ partner_id: string; merchant_id: string }>(
      'SELECT partner_id, merchant_id FROM partner_merchants WHERE partner_id = ANY($1::text[]) ORDER BY partner_id, merchant_id',
      [[...ids]],
    );
    for (const r of rows) {
      const list = byPartner.get(r.partner_id) ?? [];
      list.push(r.merchant_id);
      byPartner.set(r.partner_id, list);
    }
    return byPartner;
  }

  /** Rewards per partner id, cheapest first; partners without rewards are absent. */
  async rewardsByPartnerIds(ids: readonly string[]): Promise<Map<string, Reward[]>> {
    const byPartner = new Map<string, Reward[]>();
    if (ids.length === 0) return byPartner;
    const rows = await this.db.query<RewardRow>(
      `SELECT ${REWARD_COLUMNS} FROM rewards WHERE partner_id = ANY($1::text[]) ORDER BY partner_id, points_price, id`,
      [[...ids]],
    );
    for (const r of rows) {
      const list = byPartner.get(r.partner_id) ?? [];
      list.push(toReward(r));
      byPartner.set(r.partner_id, list);
    }
    return byPartner;
  }

  /** The rewards among `ids` that exist, in no particular order. */
  async rewardsByIds(ids: readonly string[]): Promise<Reward[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<RewardRow>(`SELECT ${REWARD_COLUMNS} FROM rewards WHERE id = ANY($1::text[])`, [[...ids]]);
    return rows.map(toReward);
  }

  /** Every partner that has merchants, with them (sorted) and its earn-boost multiplier: the card feed's view. */
  async merchantsOfPartners(): Promise<Array<{ partnerId: string; name: string; category: string; merchantIds: string[]; earnBoost: string }>> {
    const rows = await this.db.query<{ partner_id: string; name: string; category: string; merchant_ids: string[]; earn_boost: string }>(
      `SELECT p.id AS partner_id, p.name, p.category, array_agg(m.merchant_id ORDER BY m.merchant_id) AS merchant_ids, p.earn_boost::text AS earn_boost
         FROM partners p JOIN partner_merchants m ON m.partner_id = p.id
        GROUP BY p.id ORDER BY p.id`,
    );
    return rows.map((r) => ({
      partnerId: r.partner_id,
      name: r.name,
      category: r.category,
      merchantIds: r.merchant_ids,
      earnBoost: canonicalDecimal(r.earn_boost),
    }));
  }

  /**
   * Every reward in stock with its partner's name, cheapest first: engagement's view (the rewards a
   * customer's points can come within reach of, PARTNER_REWARD_IN_REACH). A reward out of stock is
   * left out: telling a customer they nearly have one they cannot get helps nobody.
   */
  async rewardsInStock(): Promise<Array<{ rewardId: string; partnerId: string; partnerName: string; title: string; pointsPrice: number }>> {
    const rows = await this.db.query<{ id: string; partner_id: string; partner_name: string; title: string; points_price: number }>(
      `SELECT r.id, r.partner_id, p.name AS partner_name, r.title, r.points_price
         FROM rewards r JOIN partners p ON p.id = r.partner_id
        WHERE r.stock > 0 ORDER BY r.points_price, r.id`,
    );
    return rows.map((r) => ({ rewardId: r.id, partnerId: r.partner_id, partnerName: r.partner_name, title: r.title, pointsPrice: Number(r.points_price) }));
  }

  /** What the catalogue holds. Nothing in the service asks; the store suites check what a seed wrote through it. */
  async counts(): Promise<{ partners: number; merchants: number; rewards: number }> {
    const [row] = await this.db.query<{ partners: string | number; merchants: string | number; rewards: string | number }>(
      `SELECT (SELECT count(*) FROM partners) AS partners, (SELECT count(*) FROM partner_merchants) AS merchants,
              (SELECT count(*) FROM rewards) AS rewards`,
    );
    if (!row) throw new Error('catalogue counts: the count query returned no row');
    return { partners: Number(row.partners), merchants: Number(row.merchants), rewards: Number(row.rewards) };
  }
}
