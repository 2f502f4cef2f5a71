// The accounts subgraph in-process over a real simulated core, called the way the gateway calls
// it (internal token), for the accounts integration suites.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Caller, InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../../lib/internal-auth';
import { createLogger } from '../../../../lib/logger';
import type { CoreClientConfig } from '../../../../legacy-adapters/soap/src';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../../core-simulator/src/server';
import { startAccounts, type RunningAccounts, type AccountsOptions } from '../../src/server';
import { freePort, tempDir } from '../../../../scripts/lib/processes';
import { gql } from '../../../../test/support/stack';
import { coreStats } from '../../../../scripts/lib/core-admin';
import { nth } from '../../../../test/support/present';

/** The simulator's last day of history, and "today" for the subgraph: January 2025. */
export const ANCHOR = '2025-01-31';
export const TODAY = new Date('2025-01-31T12:00:00Z');

export const customerCaller = (id: string): Caller => ({ subject: id, customerId: id, channel: 'web', scopes: ['customer:read'] });

export interface Harness {
  core: RunningCoreSimulator;
  coreConfig: CoreClientConfig;
  signer: InternalTokenSigner;
  keys: string;
  /** everything the subgraphs started through this harness logged */
  logs(): string;
  start(opts?: Partial<AccountsOptions>): Promise<RunningAccounts>;
  ask(accounts: RunningAccounts, who: Caller | string, query: string, variables?: Record<string, unknown>): ReturnType<typeof gql>;
  coreCalls(): Promise<Record<string, number>>;
  /** a customer's account ids in the core's order */
  accountIds(customerId: string): string[];
  resetCoreStats(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(customers = 60): Promise<Harness> {
  process.env.LOG_LEVEL ??= 'warn';
  const dir = tempDir('corebridge-accounts-');
  const keys = join(dir, 'keys');
  const signer = await InternalTokenSigner.fromKeysDir(keys);
  const quiet = createLogger('core-simulator');
  quiet.level = 'warn';
  const core = await startCoreSimulator({ port: await freePort(), seed: 42, customers, anchorDate: ANCHOR, logger: quiet });
  const coreConfig: CoreClientConfig = { wsdlUrl: core.wsdlUrl, timeoutMs: 10000, maxConcurrency: 4, readRetries: 1, wsdlWaitMs: 10000 };
  const running: RunningAccounts[] = [];
  let captured = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      captured += chunk.toString();
      done();
    },
  });
  return {
    core,
    coreConfig,
    signer,
    keys,
    logs: () => captured,
    async start(opts = {}) {
      const log = createLogger('accounts', sink);
      log.level = 'debug';
      const a = await startAccounts({ port: await freePort(), keysDir: keys, now: () => TODAY, log, ...opts, core: { ...coreConfig, ...opts.core } });
      running.push(a);
      return a;
    },
    async ask(accounts, who, query, variables) {
      const caller = typeof who === 'string' ? customerCaller(who) : who;
      return gql(accounts.url, query, { variables, headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) } });
    },
    async coreCalls() {
      return (await coreStats(core.url)).calls;
    },
    accountIds(customerId) {
      const ds = core.data.dataset;
      return ds.customerById.get(customerId)!.accounts.map((i) => nth(ds.accounts, i).accountId);
    },
    async resetCoreStats() {
      await coreStats(core.url, true);
    },
    async close() {
      for (const a of running) await a.close();
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface AccountsSuite {
  h: Harness;
  /** the accounts subgraph started for the whole file */
  accounts: RunningAccounts;
}

/**
 * For a test file: starts the harness (`customers` in the simulated core, 60 unless told) and one
 * accounts subgraph (with `accounts` options) before its tests, hands both to `use`, and closes
 * everything after its tests.
 */
export function useAccountsSuite(use: (suite: AccountsSuite) => void, opts: { customers?: number; accounts?: Partial<AccountsOptions> } = {}): void {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(opts.customers);
    use({ h, accounts: await h.start(opts.accounts) });
  }, 60000);
  afterAll(async () => {
    await h?.close();
  });
}

export const totalCalls = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);
