// The partners' reward catalogue, for PARTNER_REWARD_IN_REACH (domain/reward-in-reach.ts): read from
// partners' service route GET /internal/rewards/catalogue (signed like every service call,
// lib/service-client.ts) and kept for a few minutes: it changes when partners edits its catalogue,
// not per event. The check is a marketing nicety, so partners being down never holds the event
// stream: the event is handled without it (a warning, without the customer, and
// engagement_reward_in_reach_skipped_total), and for a short while after a failure no call is
// tried at all, so a run of events does not wait a timeout each.
import { Counter } from 'prom-client';
import { z } from 'zod';
import type { DomainEvent } from '../../../../lib/events';
import type { Logger } from '../../../../lib/logger';
import type { ServiceClient } from '../../../../lib/service-client';
import type { ServiceMetrics } from '../../../../lib/service-metrics';
import type { RewardOffer } from '../domain/reward-in-reach';

export interface RewardCatalogue {
  /** the rewards in stock; throws when partners cannot say */
  rewards(): Promise<RewardOffer[]>;
}

const CATALOGUE = z.array(
  z.object({
    rewardId: z.string().min(1).max(64),
    partnerName: z.string().min(1).max(200),
    title: z.string().min(1).max(200),
    pointsPrice: z.number().int().positive(),
  }),
);

export class RewardCatalogueUnavailable extends Error {
  readonly code = 'DOWNSTREAM_SERVICE_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'RewardCatalogueUnavailable';
  }
}

export interface PartnerRewardCatalogueOptions {
  /** how long a read catalogue is used (default 5 minutes) */
  ttlMs?: number;
  /** after a failed read, how long events go without a call (default 30 s) */
  quietAfterFailureMs?: number;
  now?: () => number;
}

/** The catalogue from partners, cached; one read at a time however many events ask. */
export class PartnerRewardCatalogue implements RewardCatalogue {
  private cached: { at: number; rewards: RewardOffer[] } | undefined;
  private failedAt: number | undefined;
  private loading: Promise<RewardOffer[]> | undefined;
  private readonly ttlMs: number;
  private readonly quietMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: ServiceClient,
    opts: PartnerRewardCatalogueOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.quietMs = opts.quietAfterFailureMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  async rewards(): Promise<RewardOffer[]> {
    const now = this.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.rewards;
    if (this.failedAt !== undefined && now - this.failedAt < this.quietMs) throw new RewardCatalogueUnavailable('partners failed recently');
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<RewardOffer[]> {
    try {
      const res = await this.client.request('GET', '/internal/rewards/catalogue');
      if (res.status !== 200) throw new RewardCatalogueUnavailable(`partners reward catalogue answered ${res.status}`);
      const parsed = CATALOGUE.safeParse(res.body);
      if (!parsed.success) throw new RewardCatalogueUnavailable('partners reward catalogue does not match the contract');
      const rewards = parsed.data.map((r) => ({ rewardId: r.rewardId, partnerName: r.partnerName, title: r.title, pointsPrice: BigInt(r.pointsPrice) }));
      this.cached = { at: this.now(), rewards };
      this.failedAt = undefined;
      return rewards;
    } catch (err) {
      this.failedAt = this.now();
      throw err instanceof RewardCatalogueUnavailable ? err : new RewardCatalogueUnavailable((err as Error).message);
    }
  }
}

const SKIPPED = 'engagement_reward_in_reach_skipped_total';

/** Does the event need the catalogue: a points gain of a customer. */
function isPointsGain(event: DomainEvent): boolean {
  if (event.type !== 'PointsChanged' || !event.customerId) return false;
  return BigInt((event as DomainEvent<'PointsChanged'>).payload.delta) > 0n;
}

/**
 * The catalogue an event's in-reach check reads: none for an event that is not a points gain (no
 * call), none when partners cannot answer (the check is skipped for this event, counted and logged;
 * the event's other triggers still go).
 */
export function rewardsReader(catalogue: RewardCatalogue | undefined, metrics?: ServiceMetrics, log?: Logger) {
  const registry = metrics?.registry;
  const skipped = registry
    ? ((registry.getSingleMetric(SKIPPED) as Counter | undefined) ??
      new Counter({
        name: SKIPPED,
        help: 'Points gains handled without the reward-in-reach check: partners reward catalogue unavailable',
        registers: [registry],
      }))
    : undefined;
  return async (event: DomainEvent): Promise<RewardOffer[]> => {
    if (!catalogue || !isPointsGain(event)) return [];
    try {
      return await catalogue.rewards();
    } catch (err) {
      skipped?.inc();
      // the event's type and id only: no customer, no balance
      log?.warn({ eventId: event.id, err: (err as Error).message }, 'reward-in-reach check skipped: partners reward catalogue unavailable');
      return [];
    }
  };
}
