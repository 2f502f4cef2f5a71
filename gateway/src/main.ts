import cluster from 'node:cluster';
import { runMain } from '../../lib/config';

// the service's modules load inside runMain's callback, after tracing has started (lib/config.ts)
runMain('gateway', async () => {
  const { loadGatewayConfig } = await import('./config');
  const { perWorkerRateLimits } = await import('./edge/rate-limit');
  const { broadcast, clusterMetricsText, onPeerMessage, startPrimary } = await import('./ops/cluster');
  const { startGateway } = await import('./server');
  // validated in the primary too, so a bad setting stops here instead of in N restarting workers
  const { gateway: opts, workers } = loadGatewayConfig();
  const { log } = opts;

  if (workers > 1 && cluster.isPrimary) {
    const primary = startPrimary({ workers, log });
    // each worker drains its own requests on the SIGTERM the primary passes on
    return { close: () => primary.stop('SIGTERM') };
  }

  const worker = cluster.isWorker ? cluster.worker : undefined;
  const workerLog = worker ? log.child({ worker: worker.id }) : log;
  let metricsText: (() => Promise<string>) | undefined;
  const running = await startGateway({
    ...opts,
    // without Redis every worker keeps its own buckets: each gets its share
    rateLimits: worker && !opts.redisUrl && opts.rateLimits ? perWorkerRateLimits(opts.rateLimits, workers) : opts.rateLimits,
    worker: worker ? { id: worker.id, metricsText: () => (metricsText ? metricsText() : Promise.resolve('')) } : undefined,
    log: workerLog,
  });
  if (worker) {
    metricsText = clusterMetricsText(running.metrics.registry, () => running.metrics.text());
    // a customer's next request may land on another worker: every worker must forget what it
    // cached for a customer who wrote through any of them (the bump comes before the write is sent)
    running.writeGenerations.onBump((subject) => broadcast({ type: 'caller-wrote', callerKey: subject }));
    onPeerMessage((msg) => {
      if (msg.type === 'caller-wrote') running.writeGenerations.bumpFromPeer(msg.callerKey);
    });
  }
  return running;
});
