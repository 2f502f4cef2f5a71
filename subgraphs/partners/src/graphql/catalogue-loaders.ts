// Per-request DataLoaders (one set per GraphQL request, so nothing is cached across callers):
// `_entities` with N partner representations, or N partners each asking for their rewards, costs
// one query per kind of read, not N.
import DataLoader from 'dataloader';
import type { CatalogueStore } from '../db/catalogue-store';
import type { Partner, Reward } from '../domain/catalogue';

// bounds the size of one `= ANY($1)` array however many representations a request carries
const MAX_BATCH = 500;

export interface CatalogueLoaders {
  partner: DataLoader<string, Partner | null>;
  merchantIds: DataLoader<string, string[]>;
  rewardsOfPartner: DataLoader<string, Reward[]>;
  reward: DataLoader<string, Reward | null>;
}

function byId<T extends { id: string }>(rows: readonly T[], ids: readonly string[]): Array<T | null> {
  const found = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => found.get(id) ?? null);
}

export function createLoaders(store: CatalogueStore): CatalogueLoaders {
  const options = { maxBatchSize: MAX_BATCH };
  return {
    partner: new DataLoader(async (ids) => byId(await store.partnersByIds(ids), ids), options),
    merchantIds: new DataLoader(async (ids) => {
      const map = await store.merchantIdsByPartnerIds(ids);
      return ids.map((id) => map.get(id) ?? []);
    }, options),
    rewardsOfPartner: new DataLoader(async (ids) => {
      const map = await store.rewardsByPartnerIds(ids);
      return ids.map((id) => map.get(id) ?? []);
    }, options),
    reward: new DataLoader(async (ids) => byId(await store.rewardsByIds(ids), ids), options),
  };
}
