// Multi-process mode (GATEWAY_WORKERS=N): a primary forks N gateway workers that share the port
// (node:cluster hands connections out round-robin), restarts one that dies, with a growing delay
// when they keep dying young (a broken worker must not become a fork loop), and stops them all
// gracefully on SIGTERM/SIGINT. The primary serves nothing itself: it relays messages between the
// workers (broadcast / onPeerMessage) and gathers their metrics for /metrics.
//
// What stays per process without Redis: the rate-limit buckets (each worker gets 1/N of every
// bucket, edge/rate-limit.ts perWorkerRateLimits), the APQ cache (a miss only asks the client for the
// full text), the verified-token and internal-token caches, and in-flight de-duplication.
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Logger } from '../../../lib/logger';

// ---- the channel between workers -------------------------------------------------------------

/** What workers tell each other. Extend the union; every message is delivered to every other worker. */
export type PeerMessage =
  /** a caller sent a mutation through this worker: the others move that caller's write generation */
  | { type: 'caller-wrote'; callerKey: string }
  /** liveness and tests */
  | { type: 'ping'; text: string };

const PEER = 'corebridge:peer';
const METRICS_REQUEST = 'corebridge:metrics-request';
const METRICS_RESPONSE = 'corebridge:metrics-response';

interface PeerEnvelope {
  channel: typeof PEER;
  /** the sending worker's id */
  from: number;
  msg: PeerMessage;
}

function isEnvelope(m: unknown): m is PeerEnvelope {
  return typeof m === 'object' && m !== null && (m as { channel?: unknown }).channel === PEER && typeof (m as PeerEnvelope).msg === 'object';
}

type PeerHandler = (msg: PeerMessage, fromWorker: number) => void;
const handlers = new Set<PeerHandler>();
let listening = false;

/** Sends `msg` to every other worker (through the primary). Outside a cluster there is nobody to tell: a no-op. */
export function broadcast(msg: PeerMessage): void {
  if (!cluster.isWorker || !process.send || !process.connected) return;
  const envelope: PeerEnvelope = { channel: PEER, from: cluster.worker?.id ?? 0, msg };
  process.send(envelope);
}

/** Calls `handler` with each message another worker broadcasts; returns the unsubscribe. Never called outside a cluster. */
export function onPeerMessage(handler: PeerHandler): () => void {
  handlers.add(handler);
  if (!listening && cluster.isWorker) {
    listening = true;
    process.on('message', (m: unknown) => {
      if (!isEnvelope(m)) return;
      for (const h of handlers) {
        try {
          h(m.msg, m.from);
        } catch {
          // one handler's fault must not keep the message from the others, nor crash the worker
        }
      }
    });
  }
  return () => handlers.delete(handler);
}

/** In the primary: hands every worker's broadcast to all the other workers. */
export function relayPeerMessages(): void {
  cluster.on('message', (sender: Worker, m: unknown) => {
    if (!isEnvelope(m)) return;
    for (const w of Object.values(cluster.workers ?? {})) {
      if (w && w.id !== sender.id && w.isConnected()) w.send(m);
    }
  });
}

// ---- metrics ---------------------------------------------------------------------------------

let metricsRequests = 0;
const pendingMetrics = new Map<number, (text: string | undefined) => void>();

/**
 * In a worker: the metrics of every worker, summed by the primary with prom-client's
 * AggregatorRegistry (counters and histograms add up; see prom-client for the default gauges).
 * `local` answers when the primary does not (it is stopping, or timed out).
 */
export function clusterMetricsText(registry: Registry, local: () => Promise<string>, timeoutMs = 6000): () => Promise<string> {
  // the worker side of prom-client's protocol: answer the primary's requests with this registry
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  process.on('message', (m: unknown) => {
    const res = m as { channel?: string; id?: number; text?: string };
    if (res?.channel !== METRICS_RESPONSE || typeof res.id !== 'number') return;
    pendingMetrics.get(res.id)?.(typeof res.text === 'string' ? res.text : undefined);
  });
  return async () => {
    if (!process.send || !process.connected) return local();
    const id = ++metricsRequests;
    const text = await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      pendingMetrics.set(id, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
      process.send!({ channel: METRICS_REQUEST, id });
    });
    pendingMetrics.delete(id);
    return text ?? local();
  };
}

function serveClusterMetrics(log: Logger): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, m: unknown) => {
    const req = m as { channel?: string; id?: number };
    if (req?.channel !== METRICS_REQUEST || typeof req.id !== 'number') return;
    aggregator.clusterMetrics().then(
      (text) => worker.isConnected() && worker.send({ channel: METRICS_RESPONSE, id: req.id, text }),
      (err: unknown) => {
        log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'cluster metrics not gathered; the worker answers its own');
        if (worker.isConnected()) worker.send({ channel: METRICS_RESPONSE, id: req.id });
      },
    );
  });
}

// ---- the primary -----------------------------------------------------------------------------

export interface PrimaryOptions {
  workers: number;
  log: Logger;
  /** first restart delay after a worker died young; doubles per further young death (default 500 ms) */
  restartDelayMs?: number;
  /** at most this long between restarts (default 30 s) */
  maxRestartDelayMs?: number;
  /** a worker that lived this long died "old": its replacement starts at once (default 30 s) */
  stableAfterMs?: number;
  /** after SIGTERM, how long the workers get to finish before SIGKILL (default 15 s) */
  stopTimeoutMs?: number;
  /** gather the workers' metrics for /metrics (default true) */
  metrics?: boolean;
}

export interface RunningPrimary {
  /** the live workers' pids */
  pids(): number[];
  /** SIGTERM to every worker; resolves once all have exited */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

interface Slot {
  index: number;
  worker?: Worker;
  startedAt: number;
  youngDeaths: number;
  timer?: NodeJS.Timeout;
}

/** Forks the workers (this process's own script runs again in each, with cluster.isWorker true). */
export function startPrimary(opts: PrimaryOptions): RunningPrimary {
  const { log } = opts;
  const base = opts.restartDelayMs ?? 500;
  const maxDelay = opts.maxRestartDelayMs ?? 30_000;
  const stableAfter = opts.stableAfterMs ?? 30_000;
  let stopping: Promise<void> | undefined;
  const slots: Slot[] = [];

  relayPeerMessages();
  if (opts.metrics !== false) serveClusterMetrics(log);

  const fork = (slot: Slot) => {
    slot.timer = undefined;
    slot.startedAt = Date.now();
    const worker = cluster.fork({ GATEWAY_WORKER_SLOT: String(slot.index) });
    slot.worker = worker;
    worker.once('online', () => log.info({ worker: worker.id, pid: worker.process.pid, slot: slot.index }, 'gateway worker started'));
    worker.once('exit', (code, signal) => {
      slot.worker = undefined;
      if (stopping) return;
      const lived = Date.now() - slot.startedAt;
      slot.youngDeaths = lived < stableAfter ? slot.youngDeaths + 1 : 0;
      const delay = slot.youngDeaths <= 1 ? 0 : Math.min(maxDelay, base * 2 ** (slot.youngDeaths - 2));
      log.error({ worker: worker.id, pid: worker.process.pid, code, signal, livedMs: lived, restartInMs: delay }, 'gateway worker died; starting another');
      slot.timer = setTimeout(() => fork(slot), delay);
    });
  };

  for (let i = 1; i <= opts.workers; i++) {
    const slot: Slot = { index: i, startedAt: 0, youngDeaths: 0 };
    slots.push(slot);
    fork(slot);
  }
  log.info({ workers: opts.workers, pid: process.pid }, 'gateway primary started');

  const live = () => slots.flatMap((s) => (s.worker && !s.worker.isDead() ? [s.worker] : []));
  return {
    pids: () => live().flatMap((w) => (w.process.pid ? [w.process.pid] : [])),
    stop: (signal = 'SIGTERM') =>
      (stopping ??= new Promise<void>((resolve) => {
        for (const s of slots) if (s.timer) clearTimeout(s.timer);
        const workers = live();
        log.info({ signal, workers: workers.length }, 'stopping gateway workers');
        if (workers.length === 0) return resolve();
        let left = workers.length;
        const killer = setTimeout(() => {
          for (const w of live()) {
            log.warn({ worker: w.id, pid: w.process.pid }, 'gateway worker did not stop in time; killing it');
            w.process.kill('SIGKILL');
          }
        }, opts.stopTimeoutMs ?? 15_000);
        for (const w of workers) {
          w.once('exit', () => {
            if (--left === 0) {
              clearTimeout(killer);
              resolve();
            }
          });
          // the worker's own SIGTERM handler closes its server and lets in-flight requests finish
          w.process.kill(signal);
        }
      })),
  };
}
