// CX metrics (issue 17, docs/cx.md "CX metrics"): CSAT, NPS, CES, response rate, first response and
// handling times, self-service share, of a period and of the period of equal length before it. Pure:
// every figure is computed here from the stored facts (db/cx-facts.ts reads them), with integer
// counts and exact rationals (BigInt), rounded once, half-even, to a stated number of decimals: no
// float ever touches a returned figure, so a fixture's hand-computed answers match to the digit.
import type { ContactChannel } from './contacts';
import type { FeedbackChannel, FeedbackKind } from './feedback';

/** The longest period asked about: a year, leap day included. */
export const CX_MAX_PERIOD_DAYS = 366;
/** A self-service session followed within this many hours of its end by an agent contact of the same customer was not resolved without an agent. */
export const CX_FOLLOW_UP_HOURS = 24;
/** Decimals of percentages (CSAT, NPS, response rate, self-service share) and of the CES mean. */
export const CX_PERCENT_DECIMALS = 2;
export const CX_MEAN_DECIMALS = 2;
/** Decimals of durations in seconds: the store keeps milliseconds, so percentiles are exact at 3. */
export const CX_SECONDS_DECIMALS = 3;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A contact as the metrics read it (db/cx-facts.ts): a subset of domain/contacts.ts Contact. */
export interface CxContactFact {
  customerId: string;
  channel: ContactChannel;
  selfService: boolean;
  startedAt: Date;
  firstResponseAt?: Date;
  endedAt?: Date;
  resolved?: boolean;
}

/** A feedback request as the metrics read it: `score` set once answered. */
export interface CxFeedbackFact {
  kind: FeedbackKind;
  channel: FeedbackChannel;
  requestedAt: Date;
  score?: number;
}

/** [from, to): `to` exclusive. */
export interface CxWindow {
  from: Date;
  to: Date;
}

/** A refusal of the input, naming its argument; nothing is read. */
export class CxInputError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'CxInputError';
  }
}

// an instant with its offset, as campaigns' sendAt: a local time would be ambiguous
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The day exists in its month: Date would take 2026-02-30 as 2 March. */
function realDay(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function instant(value: string, field: string): Date {
  const at = new Date(value);
  if (typeof value !== 'string' || !INSTANT.test(value) || !realDay(value) || Number.isNaN(at.getTime())) {
    throw new CxInputError(field, `${field} must be an ISO 8601 instant with its offset, such as 2026-06-01T00:00:00Z.`);
  }
  return at;
}

/** The period asked: `from` before `to`, at most CX_MAX_PERIOD_DAYS long. */
export function checkPeriod(input: { from: string; to: string }): CxWindow {
  const from = instant(input.from, 'period.from');
  const to = instant(input.to, 'period.to');
  if (to.getTime() <= from.getTime()) throw new CxInputError('period.to', 'period.to must be after period.from.');
  if (to.getTime() - from.getTime() > CX_MAX_PERIOD_DAYS * DAY_MS) throw new CxInputError('period.to', `A period is at most ${CX_MAX_PERIOD_DAYS} days.`);
  return { from, to };
}

/** The period of equal length just before: [from - (to - from), from). */
export function previousWindow(w: CxWindow): CxWindow {
  return { from: new Date(2 * w.from.getTime() - w.to.getTime()), to: w.from };
}

/**
 * What the store reads for a period and its previous one: requests asked in both; contacts started
 * in both, and CX_FOLLOW_UP_HOURS more of contacts (an agent contact after a session near the end).
 */
export function factWindows(w: CxWindow): { contacts: CxWindow; feedback: CxWindow } {
  const from = previousWindow(w).from;
  return { contacts: { from, to: new Date(w.to.getTime() + CX_FOLLOW_UP_HOURS * HOUR_MS) }, feedback: { from, to: w.to } };
}

// ---- exact numbers ----

/** An exact rational, den > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

const ratio = (num: bigint | number, den: bigint | number): Ratio | undefined => (BigInt(den) === 0n ? undefined : { num: BigInt(num), den: BigInt(den) });

/** num/den rounded half-even (ties to the even last digit) to `decimals`, as a decimal string ("-12.50"). */
export function roundHalfEven(r: Ratio, decimals: number): string {
  const negative = r.num < 0n !== r.den < 0n && r.num !== 0n;
  const n = r.num < 0n ? -r.num : r.num;
  const d = r.den < 0n ? -r.den : r.den;
  const scale = 10n ** BigInt(decimals);
  let q = (n * scale) / d;
  const twice = 2n * ((n * scale) % d);
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  const digits = q.toString().padStart(decimals + 1, '0');
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative && q !== 0n ? `-${text}` : text;
}

const minus = (a: Ratio, b: Ratio): Ratio => ({ num: a.num * b.den - b.num * a.den, den: a.den * b.den });

/**
 * The p-th percentile by nearest rank: the value at rank ceil(p/100 * n) of the n values sorted
 * ascending (p 50: the lower middle of an even count; p 90 of 10 values: the 9th). Integers only.
 */
export function nearestRank(sortedAscending: readonly number[], p: number): number | undefined {
  const n = sortedAscending.length;
  if (n === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p * n) / 100));
  return sortedAscending[rank - 1];
}

// ---- the figures ----

export interface CxDurations {
  /** contacts measured */
  count: number;
  /** milliseconds, integers */
  p50Ms?: number;
  p90Ms?: number;
  totalMs: number;
}

export interface CxFigures {
  /** answered CSAT requests; satisfied = score 4 or 5 */
  csat: { satisfied: number; answered: number };
  /** answered NPS requests: promoters 9-10, passives 7-8, detractors 0-6 */
  nps: { promoters: number; passives: number; detractors: number; answered: number };
  /** answered CES requests and the sum of their scores */
  ces: { scoreSum: number; answered: number };
  /** requests asked in the period (every kind) and how many of them are answered */
  responseRate: { answered: number; requested: number };
  /** agent contacts with a first response: first response − start */
  firstResponse: CxDurations;
  /** ended agent contacts: end − start */
  handling: CxDurations;
  /** self-service sessions, those resolved without an agent, and every contact (the denominator) */
  selfService: { resolvedWithoutAgent: number; resolvedFollowedByAgent: number; sessions: number; contacts: number };
}

const inWindow = (at: Date, w: CxWindow) => at.getTime() >= w.from.getTime() && at.getTime() < w.to.getTime();

function durations(ms: number[]): CxDurations {
  const sorted = [...ms].sort((a, b) => a - b);
  const p50 = nearestRank(sorted, 50);
  const p90 = nearestRank(sorted, 90);
  return {
    count: sorted.length,
    ...(p50 !== undefined ? { p50Ms: p50 } : {}),
    ...(p90 !== undefined ? { p90Ms: p90 } : {}),
    totalMs: sorted.reduce((s, v) => s + v, 0),
  };
}

/** Was an agent contact of the session's customer started from the session's start until CX_FOLLOW_UP_HOURS after its end? */
function followedByAgent(session: CxContactFact, all: readonly CxContactFact[]): boolean {
  const from = session.startedAt.getTime();
  const until = (session.endedAt ?? session.startedAt).getTime() + CX_FOLLOW_UP_HOURS * HOUR_MS;
  return all.some((c) => !c.selfService && c.customerId === session.customerId && c.startedAt.getTime() >= from && c.startedAt.getTime() < until);
}

/**
 * The figures of window `w` (channel: only that channel's contacts and requests; APP has no contacts).
 * `contacts` may hold contacts outside `w` and of other channels: the follow-up agent contacts are
 * looked for among all of them, whatever their channel.
 */
export function cxFigures(
  w: CxWindow,
  channel: FeedbackChannel | undefined,
  contacts: readonly CxContactFact[],
  feedback: readonly CxFeedbackFact[],
): CxFigures {
  const ofChannel = (c: string) => channel === undefined || c === channel;
  const requests = feedback.filter((f) => inWindow(f.requestedAt, w) && ofChannel(f.channel));
  const answered = requests.filter((f): f is CxFeedbackFact & { score: number } => f.score !== undefined);
  const scores = (kind: FeedbackKind) => answered.filter((f) => f.kind === kind).map((f) => f.score);
  const csat = scores('CSAT');
  const nps = scores('NPS');
  const ces = scores('CES');

  const period = contacts.filter((c) => inWindow(c.startedAt, w) && ofChannel(c.channel));
  const agent = period.filter((c) => !c.selfService);
  const sessions = period.filter((c) => c.selfService);
  const resolved = sessions.filter((s) => s.resolved === true);
  const followed = resolved.filter((s) => followedByAgent(s, contacts)).length;
  const since = (c: CxContactFact, at: Date | undefined) => (at ? [Math.max(0, at.getTime() - c.startedAt.getTime())] : []);

  return {
    csat: { satisfied: csat.filter((s) => s >= 4).length, answered: csat.length },
    nps: {
      promoters: nps.filter((s) => s >= 9).length,
      passives: nps.filter((s) => s === 7 || s === 8).length,
      detractors: nps.filter((s) => s <= 6).length,
      answered: nps.length,
    },
    ces: { scoreSum: ces.reduce((s, v) => s + v, 0), answered: ces.length },
    responseRate: { answered: answered.length, requested: requests.length },
    firstResponse: durations(agent.flatMap((c) => since(c, c.firstResponseAt))),
    handling: durations(agent.flatMap((c) => since(c, c.endedAt))),
    selfService: { resolvedWithoutAgent: resolved.length - followed, resolvedFollowedByAgent: followed, sessions: sessions.length, contacts: period.length },
  };
}

/** The figures' headline values, exact: undefined where there is nothing to divide by. */
export interface CxValues {
  csat?: Ratio;
  nps?: Ratio;
  cesMean?: Ratio;
  responseRate?: Ratio;
  firstResponseP50Seconds?: Ratio;
  firstResponseP90Seconds?: Ratio;
  firstResponseMeanSeconds?: Ratio;
  handlingP50Seconds?: Ratio;
  handlingP90Seconds?: Ratio;
  handlingMeanSeconds?: Ratio;
  selfServiceShare?: Ratio;
}

export type CxValueName = keyof CxValues;

/** How many decimals each value is given with. */
export const CX_DECIMALS: Readonly<Record<CxValueName, number>> = Object.freeze({
  csat: CX_PERCENT_DECIMALS,
  nps: CX_PERCENT_DECIMALS,
  cesMean: CX_MEAN_DECIMALS,
  responseRate: CX_PERCENT_DECIMALS,
  firstResponseP50Seconds: CX_SECONDS_DECIMALS,
  firstResponseP90Seconds: CX_SECONDS_DECIMALS,
  firstResponseMeanSeconds: CX_SECONDS_DECIMALS,
  handlingP50Seconds: CX_SECONDS_DECIMALS,
  handlingP90Seconds: CX_SECONDS_DECIMALS,
  handlingMeanSeconds: CX_SECONDS_DECIMALS,
  selfServiceShare: CX_PERCENT_DECIMALS,
});

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ratio(ms, 1000));

/** The documented formulas (docs/cx.md "CX metrics"), as exact rationals. */
export function cxValues(f: CxFigures): CxValues {
  const all: CxValues = {
    csat: ratio(100 * f.csat.satisfied, f.csat.answered),
    nps: ratio(100 * (f.nps.promoters - f.nps.detractors), f.nps.answered),
    cesMean: ratio(f.ces.scoreSum, f.ces.answered),
    responseRate: ratio(100 * f.responseRate.answered, f.responseRate.requested),
    firstResponseP50Seconds: seconds(f.firstResponse.p50Ms),
    firstResponseP90Seconds: seconds(f.firstResponse.p90Ms),
    firstResponseMeanSeconds: ratio(f.firstResponse.totalMs, 1000 * f.firstResponse.count),
    handlingP50Seconds: seconds(f.handling.p50Ms),
    handlingP90Seconds: seconds(f.handling.p90Ms),
    handlingMeanSeconds: ratio(f.handling.totalMs, 1000 * f.handling.count),
    selfServiceShare: ratio(100 * f.selfService.resolvedWithoutAgent, f.selfService.contacts),
  };
  // undefined values left out, so an empty period's values are {} (and exactOptionalPropertyTypes holds)
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}

/** Each value rounded to its decimals; null where undefined. */
export function rounded(v: CxValues): Record<CxValueName, string | null> {
  const names = Object.keys(CX_DECIMALS) as CxValueName[];
  return Object.fromEntries(names.map((n) => [n, v[n] ? roundHalfEven(v[n], CX_DECIMALS[n]) : null])) as Record<CxValueName, string | null>;
}

/** Current − previous of each value, computed exactly then rounded once; null where either side has none. */
export function changes(current: CxValues, previous: CxValues): Record<CxValueName, string | null> {
  const names = Object.keys(CX_DECIMALS) as CxValueName[];
  return Object.fromEntries(
    names.map((n) => {
      const [a, b] = [current[n], previous[n]];
      return [n, a && b ? roundHalfEven(minus(a, b), CX_DECIMALS[n]) : null];
    }),
  ) as Record<CxValueName, string | null>;
}

export interface CxMetrics {
  period: CxWindow;
  previousPeriod: CxWindow;
  current: CxFigures;
  previous: CxFigures;
  /** rounded headline values of each period, and their change */
  currentValues: Record<CxValueName, string | null>;
  previousValues: Record<CxValueName, string | null>;
  change: Record<CxValueName, string | null>;
}

/** The metrics of `w` and of the period before it, from the facts the store read for factWindows(w). */
export function cxMetrics(
  w: CxWindow,
  channel: FeedbackChannel | undefined,
  contacts: readonly CxContactFact[],
  feedback: readonly CxFeedbackFact[],
): CxMetrics {
  const previousPeriod = previousWindow(w);
  const current = cxFigures(w, channel, contacts, feedback);
  const previous = cxFigures(previousPeriod, channel, contacts, feedback);
  const [cv, pv] = [cxValues(current), cxValues(previous)];
  return { period: w, previousPeriod, current, previous, currentValues: rounded(cv), previousValues: rounded(pv), change: changes(cv, pv) };
}
