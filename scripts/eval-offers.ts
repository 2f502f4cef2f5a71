// Offline evaluation of the next-best-offer engine over the simulated population:
//   npm run eval:offers [-- --json] [--customers 10000] [--sample 2000] [--seed 42] [--anchor 2025-11-20] [--first 3]
// Starts the core simulator in-process, reads each sampled customer through the SOAP adapter the
// way the offers subgraph does (QueryCustomer + QueryAccSumm + one QueryTransactions), ranks, and
// checks the result against ground truth computed straight from the simulator's data with this
// file's own definitions (its own travel MCC list, its own purchase counting, the simulator's
// personas), not through the engine's signal code.
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { startCoreSimulator } from '../core-simulator/src/server';
import type { Dataset } from '../core-simulator/src/data/dataset';
import { nth } from '../core-simulator/src/data/nth';
import { CoreClient } from '../legacy-adapters/soap/src';
import { createLogger } from '../lib/logger';
import { loadCoreSignalData } from '../subgraphs/offers/src/adapters/core-signals';
import { type PartnerInfo, signalsFrom } from '../subgraphs/offers/src/domain/signals';
import { nextBestOffers } from '../subgraphs/offers/src/domain/engine';
import type { Offer } from '../subgraphs/offers/src/domain/offer';
import { DEMO_PARTNERS } from '../subgraphs/partners/src/db/demo-catalogue';
import { argValue, percentile, positiveIntArg, rate, round3, runMain, type Rate } from './lib/evaluation';

// ---- ground truth definitions (documented in docs/offers.md) ----

/** Travel MCCs, listed here independently of lib/mcc-categories. */
const TRAVEL_MCC = (mcc: number) =>
  (mcc >= 3000 && mcc <= 3299) || // airlines by name
  (mcc >= 3351 && mcc <= 3441) || // car rental by name
  (mcc >= 3501 && mcc <= 3999) || // hotels by name
  [4411, 4511, 4722, 7011, 7012, 7512].includes(mcc); // cruise, airlines, travel agencies, lodging, timeshares, car rental
/** Heavy travel spender: at least this much (EUR minor units) at travel MCCs in the last 30 days. */
export const HEAVY_TRAVEL_MINOR = 25000n;
/** Falling activity: card purchases in the last 30 days at most half of the 30 days before, which had at least 8. */
const FALLING_MIN_PREVIOUS = 8;
/** The documented marketing kinds (everything but RETENTION and SERVICE). */
const MARKETING_KINDS = new Set(['CROSS_SELL', 'CASH_BACK', 'PARTNER', 'EXPERIENCE']);
/** Which product a cross-sell offer sells, by its rule. */
const PRODUCT_OF_RULE: Record<string, string> = { 'savings-account-v1': 'SAVINGS', 'credit-card-v1': 'CARD' };

const DAY_MS = 86_400_000;

/** list[i], which the dataset guarantees */

interface Truth {
  consent: boolean;
  held: Set<string>;
  heavyTraveller: boolean;
  falling: boolean;
  fadingPersona: boolean;
}

function groundTruth(ds: Dataset, customerIndex: number): Truth {
  const c = nth(ds.customers, customerIndex, 'customer');
  const accounts = c.accounts.map((i) => nth(ds.accounts, i, 'account'));
  const recentFrom = (ds.anchorDay - 29) * DAY_MS;
  const previousFrom = (ds.anchorDay - 59) * DAY_MS;
  let travelMinor = 0n;
  let recent = 0;
  let previous = 0;
  for (const a of accounts) {
    for (const t of ds.generator.iterate(a, undefined, previousFrom)) {
      if (t.kind !== 'CARD' || t.direction !== 'DEBIT' || t.status === 'REVERSED') continue;
      const isRecent = t.bookedAtMs >= recentFrom;
      if (isRecent) recent++;
      else previous++;
      if (isRecent && t.currency === 'EUR' && t.merchant !== undefined && TRAVEL_MCC(Number(nth(ds.merchants.all, t.merchant, 'merchant').mcc)))
        travelMinor += t.amountMinor;
    }
  }
  return {
    consent: c.marketingConsent,
    held: new Set(accounts.filter((a) => a.status !== 'CLOSED').map((a) => a.type)),
    heavyTraveller: travelMinor >= HEAVY_TRAVEL_MINOR,
    falling: previous >= FALLING_MIN_PREVIOUS && recent * 2 <= previous,
    fadingPersona: accounts.some((a) => a.profile.fade !== undefined),
  };
}

export const DEMO_PARTNER_DIRECTORY: readonly PartnerInfo[] = DEMO_PARTNERS.map((p) => ({
  partnerId: p.id,
  name: p.name,
  category: p.category,
  merchantIds: p.merchantIds,
}));

export interface EvaluationOptions {
  seed?: number;
  customers?: number;
  sample?: number;
  anchorDate?: string;
  first?: number;
  concurrency?: number;
}

export interface EvaluationResult {
  seed: number;
  anchorDate: string;
  population: number;
  evaluated: number;
  first: number;
  marketingWithoutConsent: Rate;
  heavyTravelFirstOfferTravel: Rate;
  offeredProductAlreadyHeld: Rate;
  fallingActivityGotRetention: Rate;
  fadingPersonaGotRetention: Rate;
  rankMs: { p50: number; p95: number; max: number };
  endToEndMs: { p50: number; p95: number; concurrency: number };
  coreCallsPerCustomer: number;
}

/** The sample: every k-th customer id from C-000001 (k = population / sample), so it is the same every run. */
export function sampleIndexes(population: number, sample: number): number[] {
  const n = Math.min(population, sample);
  const stride = Math.max(1, Math.floor(population / n));
  return Array.from({ length: n }, (_, i) => i * stride);
}

export async function runEvaluation(opts: EvaluationOptions = {}): Promise<EvaluationResult> {
  const seed = opts.seed ?? 42;
  const population = opts.customers ?? 10_000;
  const anchorDate = opts.anchorDate ?? '2025-11-20';
  const first = opts.first ?? 3;
  const concurrency = opts.concurrency ?? 4;
  const core = await startCoreSimulator({ port: 0, seed, customers: population, anchorDate, logger: quietLogger() });
  const client = await CoreClient.create({ wsdlUrl: core.wsdlUrl, timeoutMs: 10_000, maxConcurrency: 8, readRetries: 1 }, { log: quietLogger() });
  try {
    const ds = core.data.dataset;
    const indexes = sampleIndexes(population, opts.sample ?? 2000);
    const limit = pLimit(concurrency);
    const rankTimes: number[] = [];
    const totalTimes: number[] = [];
    const results = await Promise.all(
      indexes.map((index) =>
        limit(async () => {
          const customerId = nth(ds.customers, index, 'customer').customerId;
          const t0 = performance.now();
          // fresh loaders per customer, as per request in the subgraph
          const loaders = client.loaders({ requestId: `eval-${customerId}`, userId: 'eval' });
          const data = await loadCoreSignalData(loaders, customerId, anchorDate);
          const t1 = performance.now();
          const offers = nextBestOffers(signalsFrom({ ...data, partners: DEMO_PARTNER_DIRECTORY, channel: 'WEB', today: anchorDate }), first);
          const t2 = performance.now();
          rankTimes.push(t2 - t1);
          totalTimes.push(t2 - t0);
          return { offers, truth: groundTruth(ds, index) };
        }),
      ),
    );
    const stats = client.stats();
    const calls = ['QueryCustomer', 'QueryAccSumm', 'QueryTransactions'].reduce((sum, op) => sum + (stats[op]?.calls ?? 0), 0);

    const isMarketing = (o: Offer) => MARKETING_KINDS.has(o.kind);
    const sellsHeld = (o: Offer, held: Set<string>) => o.kind === 'CROSS_SELL' && held.has(PRODUCT_OF_RULE[o.id.split(':')[0] ?? ''] ?? '?');
    const noConsent = results.filter((r) => !r.truth.consent);
    const travellers = results.filter((r) => r.truth.heavyTraveller);
    const falling = results.filter((r) => r.truth.falling);
    const fading = results.filter((r) => r.truth.fadingPersona);
    const gotRetention = (r: (typeof results)[number]) => r.offers.some((o) => o.kind === 'RETENTION');
    rankTimes.sort((a, b) => a - b);
    totalTimes.sort((a, b) => a - b);
    return {
      seed,
      anchorDate,
      population,
      evaluated: results.length,
      first,
      marketingWithoutConsent: rate(noConsent.filter((r) => r.offers.some(isMarketing)).length, noConsent.length),
      heavyTravelFirstOfferTravel: rate(travellers.filter((r) => r.offers[0]?.topic === 'TRAVEL').length, travellers.length),
      offeredProductAlreadyHeld: rate(results.filter((r) => r.offers.some((o) => sellsHeld(o, r.truth.held))).length, results.length),
      fallingActivityGotRetention: rate(falling.filter(gotRetention).length, falling.length),
      fadingPersonaGotRetention: rate(fading.filter(gotRetention).length, fading.length),
      rankMs: { p50: round3(percentile(rankTimes, 50)), p95: round3(percentile(rankTimes, 95)), max: round3(rankTimes[rankTimes.length - 1] ?? 0) },
      endToEndMs: { p50: round3(percentile(totalTimes, 50)), p95: round3(percentile(totalTimes, 95)), concurrency },
      coreCallsPerCustomer: round3(calls / Math.max(1, results.length)),
    };
  } finally {
    await client.close();
    await core.close();
  }
}

function quietLogger() {
  // the simulator logs every start; the evaluation prints only its figures
  const log = createLogger('core-simulator');
  log.level = 'warn';
  return log;
}

function show(label: string, r: Rate, target: string): string {
  const value = r.rate === null ? 'n/a' : r.rate.toFixed(3);
  return `${label.padEnd(58)} ${value.padStart(6)}  (${r.numerator}/${r.denominator}; ${target})`;
}

export function formatResult(r: EvaluationResult): string {
  return [
    `offers evaluation: seed ${r.seed}, anchor ${r.anchorDate}, ${r.evaluated} of ${r.population} customers, top ${r.first} offers on WEB`,
    show('customers without marketing consent given a marketing offer', r.marketingWithoutConsent, 'must be 0'),
    show('heavy travel spenders whose first offer is travel-related', r.heavyTravelFirstOfferTravel, 'target >= 0.9'),
    show('customers offered a product they already hold', r.offeredProductAlreadyHeld, 'must be 0'),
    show('falling-activity customers given a retention offer', r.fallingActivityGotRetention, 'target >= 0.9'),
    show('  (simulator fading persona given a retention offer)', r.fadingPersonaGotRetention, 'for information'),
    `time to rank one customer (engine)                         p50 ${r.rankMs.p50} ms, p95 ${r.rankMs.p95} ms, max ${r.rankMs.max} ms`,
    `time incl. core reads (concurrency ${r.endToEndMs.concurrency})                       p50 ${r.endToEndMs.p50} ms, p95 ${r.endToEndMs.p95} ms`,
    `core calls per customer                                    ${r.coreCallsPerCustomer}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const num = (name: string) => positiveIntArg(args, name);
  const result = await runEvaluation({
    seed: num('--seed'),
    customers: num('--customers'),
    sample: num('--sample'),
    first: num('--first'),
    anchorDate: argValue(args, '--anchor'),
  });
  process.stdout.write(args.includes('--json') ? `${JSON.stringify(result, null, 2)}\n` : `${formatResult(result)}\n`);
  const failed =
    result.marketingWithoutConsent.numerator > 0 ||
    result.offeredProductAlreadyHeld.numerator > 0 ||
    (result.heavyTravelFirstOfferTravel.rate ?? 1) < 0.9 ||
    (result.fallingActivityGotRetention.rate ?? 1) < 0.9;
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) runMain('eval:offers', main);
