// The bench's options: workloads, their defaults (full and --quick) and the command line.
import { join } from 'node:path';
import { PEER_NAMES, type PeerName } from './peers';
import { type CoreLatency, DEFAULT_CORE_LATENCY } from './stacks';
import { DEFAULT_LIVE, type LiveSettings, QUICK_LIVE } from './live';
import { type CardFeedSettings, DEFAULT_CARD_FEED, QUICK_CARD_FEED } from './card-feed';
import { type BurstSettings, DEFAULT_BURST, QUICK_BURST } from './burst';
import { DEFAULT_ONE_CLIENT, type OneClientSettings, QUICK_ONE_CLIENT } from './one-client';
import { DEFAULT_WEB_FIRST_LOAD, QUICK_WEB_FIRST_LOAD, type WebFirstLoadSettings } from './web-first-load-settings';
import { ROOT } from './processes';

export const WORKLOADS = ['dashboard', 'dashboard-refresh', 'federation-classic', 'live', 'card-feed', 'web-first-load', 'burst', 'one-client'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export interface BenchOptions {
  workloads: WorkloadName[];
  /** peers to run (those that do not apply to a workload are skipped); default: all, or QUICK_PEERS */
  peers?: PeerName[];
  connections: number;
  warmupSeconds: number;
  /** load on freshly started banking subgraphs before any peer is measured */
  stackWarmupSeconds: number;
  durationSeconds: number;
  customers: number;
  zipfS: number;
  coreLatency: CoreLatency;
  /** the live workload: subscriptions, advice rate, grace period (durationSeconds and warmupSeconds apply) */
  live: LiveSettings;
  /** the card-feed workload: its rising rates, step length, connections */
  cardFeed: CardFeedSettings;
  /** the web-first-load workload: how many cold sign-ins per peer */
  webFirstLoad: WebFirstLoadSettings;
  /** the burst workload: the usual and the burst connections and each phase's length */
  burst: BurstSettings;
  /** the one-client workload: how many cold customers, each asked twice */
  oneClient: OneClientSettings;
  /** the subgraphs' stores: embedded (PGlite, as `npm start`) or PostgreSQL (a fresh database on DATABASE_URL's server) */
  store: 'embedded' | 'postgres';
  quick: boolean;
  /** write V8 CPU profiles of this peer's gateway into profileDir */
  profilePeer?: PeerName;
  profileDir?: string;
  /** extra environment for the Corebridge gateway (corebridge and naive peers) */
  gatewayEnv?: Record<string, string>;
  command?: string;
  log?: (line: string) => void;
}

export const QUICK_PEERS: Record<WorkloadName, PeerName[]> = {
  dashboard: ['corebridge', 'apollo-stock', 'naive'],
  'dashboard-refresh': ['corebridge'],
  'federation-classic': ['corebridge', 'apollo-stock', 'hive-router-runtime'],
  live: ['corebridge', 'hive'],
  'card-feed': ['corebridge'],
  'web-first-load': ['corebridge', 'apollo-stock'],
  burst: ['corebridge', 'apollo-stock'],
  'one-client': ['corebridge', 'apollo-stock'],
};

/** Peers the web app can run against: it sends persisted ids (Corebridge's manifest, APQ elsewhere) and needs the banking stack. */
export const WEB_FIRST_LOAD_PEERS: readonly PeerName[] = ['corebridge', 'apollo-stock'];

export function defaultOptions(quick: boolean): BenchOptions {
  return {
    workloads: [...WORKLOADS],
    connections: 50,
    warmupSeconds: quick ? 0 : 10,
    stackWarmupSeconds: quick ? 0 : 20,
    durationSeconds: quick ? 3 : 20,
    customers: 1000,
    zipfS: 1.1,
    coreLatency: DEFAULT_CORE_LATENCY,
    live: { ...(quick ? QUICK_LIVE : DEFAULT_LIVE) },
    cardFeed: { ...(quick ? QUICK_CARD_FEED : DEFAULT_CARD_FEED), rates: [...(quick ? QUICK_CARD_FEED : DEFAULT_CARD_FEED).rates] },
    webFirstLoad: { ...(quick ? QUICK_WEB_FIRST_LOAD : DEFAULT_WEB_FIRST_LOAD) },
    burst: { ...(quick ? QUICK_BURST : DEFAULT_BURST) },
    oneClient: { ...(quick ? QUICK_ONE_CLIENT : DEFAULT_ONE_CLIENT) },
    store: 'embedded',
    quick,
  };
}

export const USAGE = `usage: npm run bench -- [--quick] [--json [file]] [--workloads a,b] [--peers a,b]
       [--connections N] [--duration S] [--warmup S] [--customers N] [--profile <peer>] [--gateway-env K=V ...]
       [--subscriptions N] [--per-customer N] [--rate N] [--card-feed-rates a,b] [--card-feed-step S]
       [--store embedded|postgres] [--sign-ins N] [--burst-connections N]

  --quick        short phases and a subset of peers; finishes in under 2 minutes
  --json [file]  also write the figures as JSON (default .bench/results.json)
  --workloads    ${WORKLOADS.join(', ')}
  --peers        ${PEER_NAMES.join(', ')}
  --profile      run that peer's gateway with --cpu-prof (profiles in .bench/profiles)
  --gateway-env  extra environment for the Corebridge gateway (repeatable)
  live workload: --subscriptions (default 1000, quick 200), --per-customer (default 2; the gateway
  allows 5), --rate purchase advices per second (default 100)
  card-feed workload: --card-feed-rates a,b,c (advices/s per step, default ${DEFAULT_CARD_FEED.rates.join(',')}),
  --card-feed-step S (seconds per step, default ${DEFAULT_CARD_FEED.stepSeconds})
  web-first-load workload: --sign-ins N cold sign-ins per peer (default ${DEFAULT_WEB_FIRST_LOAD.signIns}, quick
  ${QUICK_WEB_FIRST_LOAD.signIns}); needs chromium at /usr/bin/chromium
  burst workload: --burst-connections N during the burst (default ${DEFAULT_BURST.burstConnections}; before and after:
  ${DEFAULT_BURST.baseConnections}), ${DEFAULT_BURST.beforeSeconds} s before, ${DEFAULT_BURST.burstSeconds} s of burst, ${DEFAULT_BURST.settleSeconds} s to settle, ${DEFAULT_BURST.afterSeconds} s after
  --store        embedded (default: PGlite, as npm start) or postgres (a fresh database on
                 DATABASE_URL's server, dropped afterwards)
`;

export class UsageError extends Error {}

function listOf<T extends string>(text: string, allowed: readonly T[], flag: string): T[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
  if (bad.length > 0 || items.length === 0) throw new UsageError(`${flag}: unknown ${bad.join(', ') || '(empty)'}; use ${allowed.join(', ')}`);
  return items as T[];
}

function positive(text: string | undefined, flag: string): number {
  if (!text || !/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} needs a whole number >= 1`);
  return Number(text);
}

/** The live and card-feed workloads' arguments, and --store; false when `arg` is none of them. */
function workloadArg(arg: string, value: () => string, options: BenchOptions): boolean {
  switch (arg) {
    case '--subscriptions':
      options.live.subscriptions = positive(value(), arg);
      return true;
    case '--per-customer':
      options.live.perCustomer = positive(value(), arg);
      return true;
    case '--rate':
      options.live.ratePerSecond = positive(value(), arg);
      return true;
    case '--store': {
      const store = value();
      if (store !== 'embedded' && store !== 'postgres') throw new UsageError('--store is embedded or postgres');
      options.store = store;
      return true;
    }
    case '--card-feed-rates':
      options.cardFeed.rates = value()
        .split(',')
        .map((r) => positive(r.trim(), arg));
      return true;
    case '--sign-ins':
      options.webFirstLoad.signIns = positive(value(), arg);
      return true;
    case '--burst-connections':
      options.burst.burstConnections = positive(value(), arg);
      return true;
    case '--card-feed-step':
      options.cardFeed.stepSeconds = positive(value(), arg);
      return true;
    default:
      return false;
  }
}

/** Parses the command line; `--json` takes an optional file. */
export function parseBenchArgs(argv: string[]): { options: BenchOptions; jsonFile?: string } | 'help' {
  const quick = argv.includes('--quick');
  const options = defaultOptions(quick);
  let jsonFile: string | undefined;
  const env: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--quick':
        break;
      case '--help':
      case '-h':
        return 'help';
      case '--json': {
        const file = argv[i + 1];
        const given = file !== undefined && !file.startsWith('--');
        if (given) i++;
        jsonFile = given ? file : join(ROOT, '.bench', 'results.json');
        break;
      }
      case '--workloads':
        options.workloads = listOf(value(), WORKLOADS, arg);
        break;
      case '--peers':
        options.peers = listOf(value(), PEER_NAMES, arg);
        break;
      case '--connections':
        options.connections = positive(value(), arg);
        break;
      case '--duration':
        options.durationSeconds = positive(value(), arg);
        break;
      case '--warmup':
        options.warmupSeconds = Number(value());
        if (!Number.isInteger(options.warmupSeconds) || options.warmupSeconds < 0) throw new UsageError('--warmup needs a whole number >= 0');
        break;
      case '--customers':
        options.customers = positive(value(), arg);
        break;
      case '--profile':
        options.profilePeer = listOf(value(), PEER_NAMES, arg)[0];
        break;
      case '--gateway-env': {
        const kv = value();
        const eq = kv.indexOf('=');
        if (eq < 1) throw new UsageError('--gateway-env takes KEY=VALUE');
        env[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
      default:
        if (arg === undefined || !workloadArg(arg, value, options)) throw new UsageError(`unknown argument ${arg}`);
    }
  }
  if (Object.keys(env).length > 0) options.gatewayEnv = env;
  options.command = `npm run bench -- ${argv.join(' ')}`.trim();
  return { options, jsonFile };
}
