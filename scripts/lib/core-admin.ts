// The core simulator's admin API as the tests and the bench use it: call counts, their reset, a
// wait for the core to go idle, its fault and latency settings, and their reset and the data's.
// Each call goes on a connection of its own (own-connection.ts):
// these calls come seconds apart, about the simulator's 5 s keep-alive, and a pooled connection
// it has just closed failed a bench run's setup with "other side closed".
import type { StatsSnapshot } from '../../core-simulator/src/stats';
import { sleep } from '../../lib/sleep';
import { onOwnConnection, type OwnConnectionAnswer } from './own-connection';

/** What `/admin/stats` answers: the simulator's own snapshot (core-simulator/src/stats.ts). */
export type CoreStats = StatsSnapshot;

/** One admin call; anything but 200 throws, with what the simulator said. */
async function adminCall(coreUrl: string, path: string, init: { method: 'GET' | 'POST'; body?: object }): Promise<OwnConnectionAnswer> {
  const res = await onOwnConnection(`${coreUrl}${path}`, init);
  if (res.status !== 200) throw new Error(`core ${init.method} ${path} answered ${res.status}: ${res.text}`);
  return res;
}

/** The simulator's counts; with `reset`, those it had before it set them to zero. */
export async function coreStats(coreUrl: string, reset = false): Promise<CoreStats> {
  return (await adminCall(coreUrl, `/admin/stats${reset ? '/reset' : ''}`, { method: reset ? 'POST' : 'GET' })).json<CoreStats>();
}

/** Sets the simulator's faults and latency (`/admin/faults`: the settings it names change, the rest stay). */
export async function setCoreFaults(coreUrl: string, faults: object): Promise<void> {
  await adminCall(coreUrl, '/admin/faults', { method: 'POST', body: faults });
}

/** Puts the simulator's faults and latency back to its defaults. */
export async function resetCoreFaults(coreUrl: string): Promise<void> {
  await adminCall(coreUrl, '/admin/faults/reset', { method: 'POST' });
}

/** Puts the simulator's bank data (balances, card statuses, bookings) back to its seed. */
export async function resetCoreData(coreUrl: string): Promise<void> {
  await adminCall(coreUrl, '/admin/data/reset', { method: 'POST' });
}

/**
 * Waits until the core is idle: nothing in flight and no new call for two polls in a row (at most
 * `maxMs`). A request abandoned by its client (autocannon at a phase's end, a read retried past
 * the gateway's budget) still runs in the gateway and the subgraphs, and the adapter's queue can
 * start its core calls after the client has gone: they must not be counted for what comes next.
 */
export async function coreQuiet(coreUrl: string, maxMs = 30_000, pollMs = 250): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = -1;
  let still = 0;
  while (Date.now() < deadline) {
    const { totals } = await coreStats(coreUrl);
    still = totals.inFlight === 0 && totals.calls === last ? still + 1 : 0;
    if (still >= 2) return;
    last = totals.calls;
    await sleep(pollMs);
  }
}
