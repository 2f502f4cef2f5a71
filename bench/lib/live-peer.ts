// The live workload on one running peer: a LiveSession (live.ts) against it, phase by phase, with
// the gateway's CPU over the measured phase and its peak RSS, as the other workloads report them.
import type { BenchOptions } from './options';
import { LiveSession } from './live';
import type { PeerName, RunningPeer } from './peers';
import { cpuSeconds, peakRssBytes } from './proc-stats';
import { type BenchRow, firstLine } from './report';
import type { Stack } from './stacks';

export interface LivePeerRun {
  peerName: PeerName;
  peer: RunningPeer;
  stack: Stack;
  /** client tokens of the peer's customer block, and the index of its first customer */
  tokens: string[];
  opts: BenchOptions;
  firstCustomer: number;
}

/**
 * The live workload on one peer (bench/lib/live.ts): its subscriptions opened, one probe advice
 * (a peer that opens streams but delivers nothing is reported missing, like a peer that cannot
 * answer the dashboard), the warm-up phase, then the measured phase with the gateway's CPU.
 */
export async function measureLive({ peerName, peer, stack, tokens, opts, firstCustomer }: LivePeerRun): Promise<BenchRow> {
  const log = opts.log ?? (() => undefined);
  const workload = 'live';
  if (!stack.coreUrl || stack.cardFeedPort === undefined) throw new Error('the live workload needs the banking stack');
  let session: LiveSession;
  try {
    session = await LiveSession.open({
      url: peer.url,
      tokens,
      firstCustomer,
      coreUrl: stack.coreUrl,
      cardFeedPort: stack.cardFeedPort,
      // customer blocks are per (workload, peer): the block number keeps advice keys apart too
      runTag: `P${Math.floor(firstCustomer / Math.max(1, opts.customers))}`,
      settings: opts.live,
      log,
    });
  } catch (err) {
    log(`  ${peerName}: cannot serve live: ${firstLine(err)}`);
    return { workload, peer: peerName, status: 'missing', reason: `cannot serve the workload: ${firstLine(err)}` };
  }
  try {
    if (session.opened === 0) {
      const reason = `no subscription opened: ${session.refusal ?? 'no answer'}`;
      log(`  ${peerName}: cannot serve live: ${reason}`);
      return { workload, peer: peerName, status: 'missing', reason: `cannot serve the workload: ${reason}` };
    }
    log(`  ${peerName}: ${session.opened}/${opts.live.subscriptions} subscriptions open for ${session.customers()} customers`);
    const probe = await session.phase('p', 0, 15);
    if (probe.delivered === 0) {
      const why = probe.adviceErrorSample ?? (session.streamErrorSample ? `stream error: ${session.streamErrorSample}` : undefined);
      const reason = `${session.opened} subscriptions open, but no notification reached them within 15 s of an acknowledged advice${why ? ` (${why})` : ''}`;
      log(`  ${peerName}: cannot serve live: ${reason}`);
      return { workload, peer: peerName, status: 'missing', reason: `cannot serve the workload: ${reason}` };
    }
    if (opts.warmupSeconds > 0) {
      const w = await session.phase('w', opts.warmupSeconds, 5);
      log(`  ${peerName}: warm-up ${w.delivered}/${w.expected} delivered, p99 ${w.latencyMs.p99} ms`);
    }
    const cpuBefore = cpuSeconds(peer.process.pid);
    const m = await session.phase('m', opts.durationSeconds);
    const cpuUsed = cpuSeconds(peer.process.pid) - cpuBefore;
    const rss = peakRssBytes(peer.process.pid);
    const live = {
      ...m,
      subscriptionsWanted: opts.live.subscriptions,
      subscriptionsOpen: session.opened,
      subscriptionsOpenAtEnd: session.openNow,
      customers: session.customers(),
      ratePerSecond: opts.live.ratePerSecond,
      ...(session.refusal ? { refusalSample: session.refusal } : {}),
      streamErrors: session.streamErrors,
      ...(session.streamErrorSample ? { streamErrorSample: session.streamErrorSample } : {}),
    };
    log(
      `  ${peerName}: ${live.subscriptionsOpen} subscriptions (${live.subscriptionsOpenAtEnd} still open at the end), ${m.sent} advices at ${m.advicesPerSecond}/s ` +
        `(ack p50 ${m.ackMs.p50} ms, not acknowledged ${m.notAcknowledged}), delivered ${m.delivered}/${m.expected}, lost ${m.lost}, ` +
        `ack -> delivery p50 ${m.latencyMs.p50} ms, p99 ${m.latencyMs.p99} ms, max ${m.latencyMs.max} ms ` +
        `(inbox write -> delivery p50 ${m.streamHopMs.p50} ms, p99 ${m.streamHopMs.p99} ms)` +
        (m.wrongCustomer + m.duplicates + m.unexpected > 0
          ? `, wrong customer ${m.wrongCustomer}, duplicates ${m.duplicates}, unexpected ${m.unexpected}`
          : '') +
        (m.adviceErrorSample ? `\n    first advice error: ${m.adviceErrorSample}` : '') +
        (session.streamErrorSample ? `\n    ${session.streamErrors} stream errors, the first: ${session.streamErrorSample}` : ''),
    );
    return {
      workload,
      peer: peerName,
      status: 'ok',
      live,
      gatewayCpuSeconds: Math.round(cpuUsed * 100) / 100,
      gatewayCpuPercent: Math.round((cpuUsed / m.durationSeconds) * 100),
      ...(rss !== undefined ? { gatewayPeakRssMiB: Math.round(rss / 2 ** 20) } : {}),
    };
  } finally {
    session.close();
  }
}
