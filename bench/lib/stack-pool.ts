// The banking stacks of a bench run (plain and naive subgraphs, each with its core simulator):
// started once, on first use, and warmed up before any peer is measured on them.
import type { BenchOptions } from './options';
import { customerSequence, firstOf } from './customers';
import { dashboardQuery } from './dashboard-query';
import { runLoad } from './load';
import { PEERS, startPeer } from './peers';
import { type Stack, startBankingStack } from './stacks';
import { type BenchDatabase, freshBenchDatabase } from './bench-database';

export interface StackPoolDeps {
  opts: Pick<BenchOptions, 'stackWarmupSeconds' | 'connections' | 'coreLatency' | 'gatewayEnv' | 'store'>;
  log: (line: string) => void;
  keysDir: string;
  newRunDir: () => string;
  tokensForBlock: (block: number) => Promise<string[]>;
  coreCustomers: number;
}

export function bankingStackPool({ opts, log, keysDir, newRunDir, tokensForBlock, coreCustomers }: StackPoolDeps) {
  const stacks = new Map<'banking' | 'naive', Promise<Stack>>();
  const databases: BenchDatabase[] = [];
  // The first peer on fresh subgraphs would pay for their JIT warm-up and cold caches: warm them
  // first with the Corebridge gateway on customer block 0, which no measured peer uses.
  const warmStack = async (stack: Stack) => {
    if (opts.stackWarmupSeconds <= 0) return;
    log(`  warming the subgraphs for ${opts.stackWarmupSeconds} s (not measured)`);
    const runDir = newRunDir();
    const tokens = await tokensForBlock(0);
    const peer = await startPeer(PEERS.corebridge, { supergraphPath: stack.supergraphPath, keysDir, runDir, token: firstOf(tokens), env: opts.gatewayEnv });
    try {
      const body = JSON.stringify({ query: dashboardQuery(stack.supergraphSdl) });
      const next = customerSequence('round-robin', tokens.length);
      await runLoad({
        url: peer.url,
        body,
        nextClient: () => ({ authorization: `Bearer ${tokens[next()]}` }),
        connections: opts.connections,
        durationSeconds: opts.stackWarmupSeconds,
      });
    } finally {
      await peer.process.stop();
    }
  };

  const get = (naive: boolean) => {
    const key = naive ? 'naive' : 'banking';
    let stack = stacks.get(key);
    if (!stack) {
      log(`starting the ${key} subgraphs and the core simulator (${coreCustomers} customers)`);
      stack = (async () => {
        const env: Record<string, string> = {};
        if (opts.store === 'postgres') {
          const database = await freshBenchDatabase(process.env.DATABASE_URL);
          databases.push(database);
          env.DATABASE_URL = database.url;
        }
        const s = await startBankingStack({ runDir: newRunDir(), keysDir, naive, coreLatency: opts.coreLatency, coreCustomers, env });
        await warmStack(s);
        return s;
      })();
      stack.catch(() => undefined);
      stacks.set(key, stack);
    }
    return stack;
  };
  const stopAll = async () => {
    for (const stack of stacks.values())
      await stack.then(
        (s) => s.stop(),
        () => undefined,
      );
    for (const d of databases.splice(0)) await d.drop().catch((err: Error) => log(`  could not drop the bench database: ${err.message}`));
  };
  return { get, stopAll };
}
