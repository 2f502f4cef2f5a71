// Graceful shutdown, the same for every process (runMain in lib/config.ts wires it): on SIGTERM or
// SIGINT stop accepting, let what is in flight finish for up to the drain time, close the stores,
// exit 0. An orchestrator sends SIGTERM and SIGKILLs after its grace period; a request cut there is
// a request a customer sees fail, a request cut after our own drain time at least lets the stores
// close cleanly.
import type { Server } from 'node:http';

/** SHUTDOWN_DRAIN_MS when unset: below the 30 s an orchestrator usually waits before SIGKILL. */
export const DEFAULT_SHUTDOWN_DRAIN_MS = 10_000;

/** After the drain, how long closing stores and clients may take before the process exits anyway. */
export const SHUTDOWN_CLOSE_GRACE_MS = 5_000;

/** What a process's main returns: close() stops it. */
export interface Stoppable {
  /** stops accepting; in-flight work gets up to drainMs (absent: as long as it takes), then the stores close */
  close(drainMs?: number): Promise<void>;
}

/**
 * Waits for `closing` (the server was told to close: it accepts nothing new and lets in-flight
 * requests finish). Connections that turn idle are closed as they do, not after their keep-alive
 * timeout; after `drainMs` whatever is still open is cut, so the close always ends.
 */
export async function drainWithin(server: Server, closing: Promise<unknown>, drainMs?: number): Promise<void> {
  // Node closes idle connections once, when close() is called: a request finishing later would
  // leave its kept-alive connection (and the close) waiting for the keep-alive timeout
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  idle.unref();
  const cut = drainMs === undefined ? undefined : setTimeout(() => server.closeAllConnections(), drainMs);
  cut?.unref();
  try {
    await closing;
  } finally {
    clearInterval(idle);
    if (cut) clearTimeout(cut);
  }
}

/** Closes `running` on the first SIGTERM / SIGINT, then exits: 0 when it closed, 1 when it failed or overran. */
export function stopOnSignals(name: string, running: Stoppable, drainMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // `npm start` sends SIGTERM and a terminal's Ctrl-C sends SIGINT to the whole group: one stop
    if (stopping) return;
    stopping = true;
    process.stdout.write(`[${name}] ${signal}: stopping, in-flight work gets up to ${drainMs} ms\n`);
    const giveUp = setTimeout(() => {
      process.stderr.write(`[${name}] did not stop within ${drainMs + SHUTDOWN_CLOSE_GRACE_MS} ms; exiting anyway\n`);
      process.exit(1);
    }, drainMs + SHUTDOWN_CLOSE_GRACE_MS);
    giveUp.unref();
    running.close(drainMs).then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`[${name}] error while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
