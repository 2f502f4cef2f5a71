// Offline evaluation of churn early warning (docs/cx.md "Churn early warning"):
//   npm run eval:churn [-- --json] [--customers 500] [--seed 42] [--anchor 2025-11-20] [--top 5] [--threshold 50]
// The simulator's seeded population with a known set of leavers and noisy stayers
// (lib/churn-population.ts) goes as events through engagement's real code: the customer facts
// (CustomerFactsStore.apply), NPS requests and answers (FeedbackStore), then the daily churn pass
// (ChurnPass: ChurnStore.factsOf, domain/churn.ts, ChurnStore.record) at the end of the anchor day,
// on PGlite with the production migrations. The labels are only read here, after scoring.
// Figures: precision and recall among the top `--top` % of scores (customers ranked by score, a tie
// by customer id), and the same at the threshold (score >= threshold: who gets an agent task).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate } from '../lib/db/migrate';
import { openPglite } from '../lib/db/pglite-database';
import { MIGRATIONS } from '../subgraphs/engagement/src/db/migrations';
import { CustomerFactsStore } from '../subgraphs/engagement/src/db/customer-facts';
import { FeedbackStore } from '../subgraphs/engagement/src/db/feedback-store';
import { ChurnStore } from '../subgraphs/engagement/src/db/churn-store';
import { ChurnPass } from '../subgraphs/engagement/src/adapters/churn-pass';
import { checkAnswer } from '../subgraphs/engagement/src/domain/feedback';
import { CHURN_REASON_CODES, DEFAULT_CHURN_THRESHOLD, type ChurnReasonCode } from '../subgraphs/engagement/src/domain/churn';
import { HOME, LEAVER_SHARE, populationOf, type SimCustomer } from './lib/churn-population';
import { argValue, positiveIntArg, rate, runMain, type Rate } from './lib/evaluation';

export interface EvaluationOptions {
  seed?: number;
  customers?: number;
  anchorDate?: string;
  /** the share ranked at the top, in percent (default 5) */
  topPercent?: number;
  threshold?: number;
  /** PGlite in memory instead of a temp dir (tests) */
  inMemory?: boolean;
}

export interface Scored {
  customerId: string;
  score: number;
  leaver: boolean;
  reasons: ChurnReasonCode[];
}

export interface Ranked {
  /** customers ranked at the top: ceil(share x population) */
  k: number;
  /** leavers among them */
  truePositives: number;
  /** leavers in the population */
  leavers: number;
  /** truePositives / k */
  precision: Rate;
  /** truePositives / leavers */
  recall: Rate;
}

/** Customers ranked by score, highest first; a tie by customer id (so a run always cuts the same). */
export function ranked(scored: readonly Scored[]): Scored[] {
  return [...scored].sort((a, b) => b.score - a.score || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

/** Precision and recall of the `k` customers ranked first (k = ceil(percent % of the population)). */
export function atTop(scored: readonly Scored[], percent: number): Ranked {
  const k = Math.ceil((scored.length * percent) / 100);
  return figures(ranked(scored).slice(0, k), scored);
}

/** Precision and recall of the customers at or above the threshold (those who got an agent task). */
export function atThreshold(scored: readonly Scored[], threshold: number): Ranked {
  return figures(
    scored.filter((s) => s.score >= threshold),
    scored,
  );
}

function figures(chosen: readonly Scored[], all: readonly Scored[]): Ranked {
  const truePositives = chosen.filter((s) => s.leaver).length;
  const leavers = all.filter((s) => s.leaver).length;
  return { k: chosen.length, truePositives, leavers, precision: rate(truePositives, chosen.length), recall: rate(truePositives, leavers) };
}

export interface EvaluationResult {
  seed: number;
  anchorDate: string;
  customers: number;
  leavers: number;
  events: number;
  npsAnswers: number;
  threshold: number;
  topPercent: number;
  top: Ranked;
  atThreshold: Ranked;
  /** ChurnRiskRaised events in engagement's outbox after the pass (one per agent task) */
  eventsRaised: number;
  tasks: number;
  /** how often each reason fired among leavers and among stayers */
  reasons: Record<ChurnReasonCode, { leavers: number; stayers: number }>;
  /** the behaviours leavers were given and the noise stayers carry, counted */
  behaviours: { leavers: Record<string, number>; stayers: Record<string, number> };
  elapsedMs: number;
}

export interface Trace {
  customers: SimCustomer[];
  scored: Scored[];
  events: number;
  npsAnswers: number;
  eventsRaised: number;
  tasks: number;
}

export async function simulate(opts: EvaluationOptions = {}): Promise<Trace> {
  const seed = opts.seed ?? 42;
  const population = populationOf(seed, opts.customers ?? 500, opts.anchorDate ?? '2025-11-20');
  const dir = opts.inMemory ? undefined : await mkdtemp(join(tmpdir(), 'eval-churn-'));
  const db = await openPglite(dir ?? 'memory://', 'engagement');
  try {
    await migrate(db, MIGRATIONS);
    const facts = new CustomerFactsStore(db, { homeCurrency: HOME });
    const feedback = new FeedbackStore(db);
    const churn = new ChurnStore(db, HOME);
    let nextNps = 0;
    const answer = async (until: number) => {
      for (let a = population.nps[nextNps]; a && a.at.getTime() <= until; a = population.nps[++nextNps]) {
        // the customer is asked after a transfer (their first request in 90 days is NPS) and answers at once
        const moment = { customerId: a.customerId, ref: `eval-nps-${nextNps}`, type: 'TRANSFER' as const, channel: 'APP' as const, occurredAt: a.at };
        const { request } = await feedback.request(moment, a.at);
        if (request.kind === 'NPS') await feedback.submit(a.customerId, request.id, (kind) => checkAnswer(kind, a.score, null), a.at);
      }
    };
    for (const e of population.events) {
      const at = new Date(e.occurredAt);
      await answer(at.getTime());
      await facts.apply(e, at);
    }
    await answer(population.endMs);
    const pass = new ChurnPass(churn, { threshold: opts.threshold ?? DEFAULT_CHURN_THRESHOLD });
    await pass.run(new Date(population.endMs - 1));
    const scored: Scored[] = [];
    for (const c of population.customers) {
      const s = await churn.scoreOf(c.customerId);
      scored.push({ customerId: c.customerId, leaver: c.leaver, score: s?.score ?? 0, reasons: s?.reasons.map((r) => r.code) ?? [] });
    }
    const [raised] = await db.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM event_outbox WHERE type = 'ChurnRiskRaised'`);
    const [tasks] = await db.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM churn_tasks`);
    return {
      customers: population.customers,
      scored,
      events: population.events.length,
      npsAnswers: population.nps.length,
      eventsRaised: Number(raised?.n ?? 0),
      tasks: Number(tasks?.n ?? 0),
    };
  } finally {
    await db.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

export function summarize(trace: Trace, opts: EvaluationOptions, elapsedMs: number): EvaluationResult {
  const threshold = opts.threshold ?? DEFAULT_CHURN_THRESHOLD;
  const topPercent = opts.topPercent ?? 5;
  const reasons = Object.fromEntries(CHURN_REASON_CODES.map((c) => [c, { leavers: 0, stayers: 0 }])) as EvaluationResult['reasons'];
  for (const s of trace.scored) for (const r of s.reasons) reasons[r][s.leaver ? 'leavers' : 'stayers']++;
  const behaviours = { leavers: {} as Record<string, number>, stayers: {} as Record<string, number> };
  for (const c of trace.customers) for (const b of c.behaviours) count(behaviours[c.leaver ? 'leavers' : 'stayers'], b);
  return {
    seed: opts.seed ?? 42,
    anchorDate: opts.anchorDate ?? '2025-11-20',
    customers: trace.customers.length,
    leavers: trace.customers.filter((c) => c.leaver).length,
    events: trace.events,
    npsAnswers: trace.npsAnswers,
    threshold,
    topPercent,
    top: atTop(trace.scored, topPercent),
    atThreshold: atThreshold(trace.scored, threshold),
    eventsRaised: trace.eventsRaised,
    tasks: trace.tasks,
    reasons,
    behaviours,
    elapsedMs,
  };
}

export async function runEvaluation(opts: EvaluationOptions = {}): Promise<EvaluationResult> {
  const t0 = performance.now();
  const trace = await simulate(opts);
  return summarize(trace, opts, Math.round(performance.now() - t0));
}

const show = (r: Rate) => `${(r.rate === null ? 'n/a' : r.rate.toFixed(3)).padStart(6)}  (${r.numerator}/${r.denominator})`;
const listing = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

export function formatResult(r: EvaluationResult): string {
  return [
    `churn evaluation: seed ${r.seed}, ${r.customers} customers to ${r.anchorDate} (${r.leavers} made to leave, about ${LEAVER_SHARE * 100} %), ${r.events} events, ${r.npsAnswers} NPS answers (${r.elapsedMs} ms)`,
    `${`precision at the top ${r.topPercent} % (${r.top.k} customers)`.padEnd(48)} ${show(r.top.precision)}  aim >= 0.7`,
    `${`recall at the top ${r.topPercent} %`.padEnd(48)} ${show(r.top.recall)}  aim >= 0.7`,
    `${`precision at score >= ${r.threshold} (${r.atThreshold.k} tasks)`.padEnd(48)} ${show(r.atThreshold.precision)}`,
    `${`recall at score >= ${r.threshold}`.padEnd(48)} ${show(r.atThreshold.recall)}`,
    `agent tasks ${r.tasks}, ChurnRiskRaised events ${r.eventsRaised}`,
    '  reasons fired (leavers / stayers):',
    ...CHURN_REASON_CODES.map((c) => `    ${c.padEnd(24)} ${String(r.reasons[c].leavers).padStart(5)} / ${r.reasons[c].stayers}`),
    `  leavers' behaviours: ${listing(r.behaviours.leavers)}`,
    `  stayers' noise: ${listing(r.behaviours.stayers)}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const top = positiveIntArg(args, '--top');
  if (top !== undefined && top > 100) throw new Error('--top is a percentage (1 to 100)');
  const threshold = positiveIntArg(args, '--threshold');
  if (threshold !== undefined && threshold > 100) throw new Error('--threshold is a score (1 to 100)');
  const result = await runEvaluation({
    seed: positiveIntArg(args, '--seed'),
    customers: positiveIntArg(args, '--customers'),
    anchorDate: argValue(args, '--anchor'),
    topPercent: top,
    threshold,
  });
  process.stdout.write(args.includes('--json') ? `${JSON.stringify(result, null, 2)}\n` : `${formatResult(result)}\n`);
}

if (require.main === module) runMain('eval:churn', main);
