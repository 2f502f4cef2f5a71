// Advices sent at a steady rate over the switch's connections, each answer handled as it comes:
// how the live and card-feed workloads drive the card feed. Sending never waits for an answer (a
// slow feed must show as latency and unanswered advices, not as a slower offered rate).
import { performance } from 'node:perf_hooks';
import type { IsoMessage } from '../../legacy-adapters/iso8583/src';
import type { SwitchClient } from '../../core-simulator/src/card-switch/switch-client';
import { sleep } from '../../lib/sleep';

export interface PacedAdvice {
  feed: SwitchClient;
  msg: IsoMessage;
}

/** How advice `seq` ended: its answer (`ms` after it was sent, at `at` on the bench's clock), or the connection's error. */
export type AdviceSettled = { seq: number; answer: IsoMessage; ms: number; at: number } | { seq: number; error: Error };

/**
 * Sends `total` advices at `perSecond`, the n-th made by `next(n)` when it is due, each waited for
 * at most `timeoutMs`; `settled` hears of each as it ends. Resolves once the last is sent, with the
 * time the first was due (performance.now()).
 */
export async function sendPaced(
  total: number,
  perSecond: number,
  timeoutMs: number,
  next: (seq: number) => PacedAdvice,
  settled: (s: AdviceSettled) => void,
): Promise<number> {
  const interval = 1000 / perSecond;
  const started = performance.now();
  for (let seq = 0; seq < total; seq++) {
    const wait = started + seq * interval - performance.now();
    if (wait > 1) await sleep(wait);
    const { feed, msg } = next(seq);
    const sentAt = performance.now();
    feed.request(msg, timeoutMs).then(
      (answer) => {
        const at = performance.now();
        settled({ seq, answer, ms: at - sentAt, at });
      },
      (error: Error) => settled({ seq, error }),
    );
  }
  return started;
}
