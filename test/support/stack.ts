// The whole system as real processes on free loopback ports, for end-to-end tests.
import { join } from 'node:path';
import { ensureKeyPair, ensureSecret } from '../../lib/keys';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../../gateway/src/edge/identity';
import { DEFAULT_CLIENT_NAMES, DEFAULT_SCOPES } from '../../gateway/src/edge/scopes';
import { signDevToken } from '../../scripts/token';
import { coreQuiet, coreStats as coreAdminStats, setCoreFaults } from '../../scripts/lib/core-admin';
import { freePort, startProcess, tempDir, type RunningProcess, ROOT } from '../../scripts/lib/processes';

/** how long a stack's subgraphs may take to answer /ready */
const SUBGRAPH_READY_MS = 150_000;

export interface Stack {
  gatewayUrl: string;
  /** the gateway's operations listener (/metrics, /ready), e.g. http://127.0.0.1:5000 */
  gatewayOpsUrl: string;
  coreUrl: string;
  /** the loyalty card feed (ISO 8583 over TCP on 127.0.0.1) */
  cardFeedPort: number;
  subgraphUrls: Record<'accounts' | 'loyalty' | 'offers' | 'partners' | 'engagement', string>;
  /** each process's operations listener (`/metrics`), e.g. http://127.0.0.1:5001 */
  opsUrls: Record<'core' | 'accounts' | 'loyalty' | 'offers' | 'partners' | 'engagement', string>;
  keysDir: string;
  processes: RunningProcess[];
  token(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startStack(extraEnv: Record<string, string> = {}): Promise<Stack> {
  const dir = tempDir('corebridge-stack-');
  const keysDir = join(dir, 'keys');
  await ensureKeyPair(keysDir, 'dev-user');
  await ensureKeyPair(keysDir, 'internal');
  ensureSecret(keysDir, 'core-notify');
  const ports = {
    core: await freePort(),
    accounts: await freePort(),
    loyalty: await freePort(),
    offers: await freePort(),
    partners: await freePort(),
    engagement: await freePort(),
    gateway: await freePort(),
    gatewayOps: await freePort(),
    cardFeed: await freePort(),
    coreOps: await freePort(),
    accountsOps: await freePort(),
    loyaltyOps: await freePort(),
    offersOps: await freePort(),
    partnersOps: await freePort(),
    engagementOps: await freePort(),
  };
  const local = (p: number, path: string) => `http://127.0.0.1:${p}${path}`;
  const subgraphUrls = {
    accounts: local(ports.accounts, '/graphql'),
    loyalty: local(ports.loyalty, '/graphql'),
    offers: local(ports.offers, '/graphql'),
    partners: local(ports.partners, '/graphql'),
    engagement: local(ports.engagement, '/graphql'),
  };
  const env: Record<string, string> = {
    KEYS_DIR: keysDir,
    DATA_DIR: join(dir, 'data'),
    CORE_PORT: String(ports.core),
    CORE_WSDL_URL: local(ports.core, '/core?wsdl'),
    ACCOUNTS_PORT: String(ports.accounts),
    LOYALTY_PORT: String(ports.loyalty),
    OFFERS_PORT: String(ports.offers),
    PARTNERS_PORT: String(ports.partners),
    ENGAGEMENT_PORT: String(ports.engagement),
    GATEWAY_PORT: String(ports.gateway),
    GATEWAY_OPS_PORT: String(ports.gatewayOps),
    CORE_OPS_PORT: String(ports.coreOps),
    ACCOUNTS_OPS_PORT: String(ports.accountsOps),
    LOYALTY_OPS_PORT: String(ports.loyaltyOps),
    OFFERS_OPS_PORT: String(ports.offersOps),
    PARTNERS_OPS_PORT: String(ports.partnersOps),
    ENGAGEMENT_OPS_PORT: String(ports.engagementOps),
    LOYALTY_FEED_PORT: String(ports.cardFeed),
    ACCOUNTS_URL: subgraphUrls.accounts,
    LOYALTY_URL: subgraphUrls.loyalty,
    OFFERS_URL: subgraphUrls.offers,
    PARTNERS_URL: subgraphUrls.partners,
    ENGAGEMENT_URL: subgraphUrls.engagement,
    // service-to-service base URLs (offers -> loyalty, loyalty/offers -> partners, loyalty/offers -> accounts; engagement reads the event logs there)
    ACCOUNTS_SERVICE_URL: local(ports.accounts, ''),
    LOYALTY_SERVICE_URL: local(ports.loyalty, ''),
    OFFERS_SERVICE_URL: local(ports.offers, ''),
    PARTNERS_SERVICE_URL: local(ports.partners, ''),
    // engagement's event log: loyalty reads FeedbackGiven there (points for feedback)
    ENGAGEMENT_SERVICE_URL: local(ports.engagement, ''),
    // the simulator's GL accounts fund loyalty payouts (core-simulator/README.md)
    LOYALTY_FUNDING_ACCOUNTS: 'EUR=GL-LOYALTY-EUR,GBP=GL-LOYALTY-GBP,USD=GL-LOYALTY-USD,CHF=GL-LOYALTY-CHF,PLN=GL-LOYALTY-PLN',
    // every booking notified to accounts; the simulator's own traffic stays off (a test books through POST /admin/bookings)
    CORE_NOTIFY_URL: local(ports.accounts, '/core/notifications'),
    // a bank of 1,000 customers, not the simulator's default 10,000: every stack suite uses customers
    // below C-001000, and generating the other 9,000 took 5-13 s of a core at each stack's start
    CORE_CUSTOMERS: '1000',
    ...extraEnv,
  };
  // embedded defaults unless a test asks otherwise
  if (!extraEnv.DATABASE_URL) env.DATABASE_URL = '';
  const processes: RunningProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  try {
    processes.push(await startProcess('core', 'core-simulator/src/main.ts', env, local(ports.core, '/health')));
    // allSettled, so that when one subgraph fails to start the others that did are still stopped.
    // Each subgraph's /ready, then the gateway's: the gateway's own no longer waits for them.
    // five processes compiling at once, often beside another suite's stack or build on CI's two
    // cores: 90 s was seen to run out there (accounts silent, not stuck)
    const subgraphs = await Promise.allSettled(
      (['accounts', 'loyalty', 'offers', 'partners', 'engagement'] as const).map((name) =>
        startProcess(name, `subgraphs/${name}/src/main.ts`, env, local(ports[name], '/ready'), SUBGRAPH_READY_MS),
      ),
    );
    for (const s of subgraphs) if (s.status === 'fulfilled') processes.push(s.value);
    const failed = subgraphs.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    processes.push(await startProcess('gateway', 'gateway/src/main.ts', env, local(ports.gatewayOps, '/ready')));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    gatewayUrl: local(ports.gateway, '/graphql'),
    gatewayOpsUrl: local(ports.gatewayOps, ''),
    coreUrl: local(ports.core, ''),
    cardFeedPort: ports.cardFeed,
    subgraphUrls,
    opsUrls: {
      core: local(ports.coreOps, ''),
      accounts: local(ports.accountsOps, ''),
      loyalty: local(ports.loyaltyOps, ''),
      offers: local(ports.offersOps, ''),
      partners: local(ports.partnersOps, ''),
      engagement: local(ports.engagementOps, ''),
    },
    keysDir,
    processes,
    stop,
    token: async (args: string[]) => {
      const { execFileSync } = await import('node:child_process');
      return execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/token.ts'), ...args], {
        cwd: ROOT,
        env: { ...process.env, KEYS_DIR: keysDir },
      })
        .toString()
        .trim();
    },
  };
}

export async function gql(url: string, query: string, opts: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: JSON.stringify({ query, variables: opts.variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: Array<{ message: string; path?: unknown[]; extensions?: { code?: string } }> };
  return { status: res.status, body };
}

// The simulator's admin calls (scripts/lib/core-admin.ts), each on a connection of its own.
/** The core's calls so far, by operation. */
export async function coreStats(coreUrl: string): Promise<Record<string, number>> {
  return (await coreAdminStats(coreUrl)).calls;
}

export async function resetCoreStats(coreUrl: string): Promise<void> {
  await coreAdminStats(coreUrl, true);
}

/**
 * Resets the call counts once the core is idle (scripts/lib/core-admin.ts), for a test that counts
 * the calls of its next request: a read retried past its budget leaves calls that the adapter's
 * queue can start after the gateway answered, and they would be blamed on the next request.
 */
export async function resetCoreStatsWhenQuiet(coreUrl: string): Promise<void> {
  await coreQuiet(coreUrl, 10_000, 100);
  await resetCoreStats(coreUrl);
}

export { setCoreFaults };

/**
 * A web-app customer token for `sub`, signed in this process with the stack's dev key: the token
 * script in a child process would block the event loop for about a second per token.
 */
export function webToken(keysDir: string, sub: string): Promise<string> {
  return signDevToken(
    {
      sub,
      channel: 'web',
      scope: DEFAULT_SCOPES.web.join(' '),
      clientName: DEFAULT_CLIENT_NAMES.web,
      ttlSeconds: 600,
      issuer: DEFAULT_ISSUER,
      audience: DEFAULT_AUDIENCE,
    },
    keysDir,
  );
}
