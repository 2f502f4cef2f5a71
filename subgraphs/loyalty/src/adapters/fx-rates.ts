// The core's dated FX tables for earning, cached per date: a day's table is asked for once however
// many advices of that day arrive (concurrent asks share one call), and a failed ask is not kept,
// so the next advice asks again. A table is kept an hour: today's may still be replaced by the
// core's publication later in the day.
import { LRUCache } from 'lru-cache';
import type { LoyaltyCore } from './core';
import { type DatedRates, type ExchangeRateSource, FxUnavailableError } from '../domain/earn-basis';

export interface CoreExchangeRatesOptions {
  ttlMs?: number;
  maxDates?: number;
}

export class CoreExchangeRates implements ExchangeRateSource {
  private readonly cache: LRUCache<string, DatedRates>;
  private coreCalls = 0;
  private lookups = 0;

  constructor(core: Pick<LoyaltyCore, 'exchangeRates'>, opts: CoreExchangeRatesOptions = {}) {
    this.cache = new LRUCache<string, DatedRates>({
      max: opts.maxDates ?? 400,
      ttl: opts.ttlMs ?? 3_600_000,
      fetchMethod: async (date) => {
        this.coreCalls++;
        const table = await core.exchangeRates(date);
        if (table.rates.length === 0) throw new FxUnavailableError(`the core has no FX table on or before ${date}`);
        return { base: table.base, rates: new Map(table.rates.map((r) => [r.currency, { rate: r.rate, rateDate: r.rateDate }])) };
      },
    });
  }

  async ratesOn(date: string): Promise<DatedRates> {
    this.lookups++;
    try {
      const table = await this.cache.fetch(date);
      if (!table) throw new FxUnavailableError(`no FX table for ${date}`);
      return table;
    } catch (err) {
      if (err instanceof FxUnavailableError) throw err;
      throw new FxUnavailableError(`the core's FX rates for ${date} are unavailable`, { cause: err });
    }
  }

  /** calls that reached the core (tests) */
  get calls(): number {
    return this.coreCalls;
  }

  /** look-ups answered without a call of their own (cached, or joined to one under way): cache_hits_total */
  get hits(): number {
    return this.lookups - this.coreCalls;
  }

  /** look-ups that called the core: cache_misses_total */
  get misses(): number {
    return this.coreCalls;
  }
}

/** Without a core there is no rate: a purchase in another currency cannot earn (the feed asks for a re-send). */
export const NO_EXCHANGE_RATES: ExchangeRateSource = {
  ratesOn: (date) => Promise.reject(new FxUnavailableError(`no core to read the FX rates of ${date} from`)),
};
