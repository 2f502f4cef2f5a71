// The `card-feed` workload: purchase advices (ISO 8583 0220) to loyalty's card feed over several
// connections, as the card switch sends them, at rising rates, one step after another. The feed
// answers '00' only after the advice's transaction committed (docs/card-feed.md), so an
// acknowledgement is a durable advice. Each step prints how many were acknowledged and how fast;
// the sustained rate is the highest step in which every advice was acknowledged within the
// switch's timeout and the feed kept up with the offered rate. No gateway is involved.
import { performance } from 'node:perf_hooks';
import { SwitchClient } from '../../core-simulator/src/card-switch/switch-client';
import { fetchCards, type SwitchCard } from '../../core-simulator/src/card-switch/traffic';
import { sleep } from '../../lib/sleep';
import { customerId } from './customers';
import { advice } from './live';
import { adviceAmountMinor, merchantNameFor } from './live-match';
import { spreadOf } from './load';
import { type PacedAdvice, sendPaced } from './paced-advices';
import { cpuSeconds } from './proc-stats';
import type { Stack } from './stacks';

export interface CardFeedSettings {
  /** advices per second of each step, in order */
  rates: number[];
  stepSeconds: number;
  connections: number;
  /** customers whose cards the advices go to, in turn */
  customers: number;
  /** the card switch's timeout: an answer later than this is a re-send on a real switch */
  ackTimeoutMs: number;
}

export const DEFAULT_CARD_FEED: CardFeedSettings = {
  rates: [100, 200, 300, 400, 600, 800, 1000, 1500],
  stepSeconds: 10,
  connections: 5,
  customers: 200,
  ackTimeoutMs: 5000,
};
export const QUICK_CARD_FEED: CardFeedSettings = { ...DEFAULT_CARD_FEED, rates: [100, 300], stepSeconds: 3, customers: 50 };

export interface CardFeedStep {
  offeredPerSecond: number;
  sent: number;
  /** answered '00' within the timeout */
  acknowledged: number;
  /** answered late, refused or never answered */
  notAcknowledged: number;
  /** acknowledged / (first send to last acknowledgement) */
  acknowledgedPerSecond: number;
  ackMs: { p50: number; p99: number; max: number };
  /** loyalty's CPU per acknowledged advice (its process only), ms */
  loyaltyCpuMsPerAdvice?: number;
  /** every advice acknowledged in time, at (nearly) the offered rate */
  kept: boolean;
  errorSample?: string;
}

export interface CardFeedResult {
  store: 'embedded' | 'postgres';
  connections: number;
  steps: CardFeedStep[];
  /** the highest offered rate of a kept step (0: none) */
  sustainedPerSecond: number;
  /** ack latency of that step */
  sustainedAckMs?: { p50: number; p99: number };
}

/** A step is kept when the feed acknowledged all of it in time and no slower than 95 % of the offered rate. */
const KEEP_SHARE = 0.95;

export async function measureCardFeed(opts: {
  stack: Stack;
  settings: CardFeedSettings;
  store: CardFeedResult['store'];
  /** index of the first customer of the block this workload may use */
  firstCustomer: number;
  log: (line: string) => void;
}): Promise<CardFeedResult> {
  const { stack, settings, log } = opts;
  if (!stack.coreUrl || stack.cardFeedPort === undefined) throw new Error('the card-feed workload needs the banking stack');
  const cards: SwitchCard[] = [];
  for (let i = 0; i < settings.customers * 3 && cards.length < settings.customers; i++) {
    const [card] = await fetchCards(stack.coreUrl, [customerId(opts.firstCustomer + i)]);
    if (card) cards.push(card);
  }
  if (cards.length === 0) throw new Error('no customer of the block has an active card');
  const loyalty = stack.processes.find((p) => p.name === 'loyalty');
  const feeds = await Promise.all(Array.from({ length: settings.connections }, () => SwitchClient.connect('127.0.0.1', stack.cardFeedPort as number)));
  const steps: CardFeedStep[] = [];
  let stan = 0;
  try {
    for (const [index, rate] of settings.rates.entries()) {
      // the step's tag keeps advice keys (acquirer|STAN|RRN|time) unique across steps and runs
      const tag = `F${index}${Date.now().toString(36).slice(-3)}`;
      const cpuBefore = loyalty ? cpuSeconds(loyalty.pid) : undefined;
      const step = await runStep(rate, settings, (seq) => {
        stan = (stan % 999_999) + 1;
        const card = cards[seq % cards.length] as SwitchCard;
        const rrn = `${tag}${String(seq).padStart(12 - tag.length, '0')}`;
        return { feed: feeds[seq % feeds.length] as SwitchClient, msg: advice(card, stan, rrn, adviceAmountMinor(seq, 100), merchantNameFor(tag, seq)) };
      });
      if (loyalty && cpuBefore !== undefined && step.acknowledged > 0) {
        step.loyaltyCpuMsPerAdvice = Math.round(((cpuSeconds(loyalty.pid) - cpuBefore) * 1000 * 100) / step.acknowledged) / 100;
      }
      steps.push(step);
      log(
        `  card-feed ${rate}/s: acknowledged ${step.acknowledged}/${step.sent} at ${step.acknowledgedPerSecond}/s, ack p50 ${step.ackMs.p50} ms, p99 ${step.ackMs.p99} ms` +
          (step.loyaltyCpuMsPerAdvice !== undefined ? `, loyalty CPU ${step.loyaltyCpuMsPerAdvice} ms/advice` : '') +
          (step.kept ? '' : ' (not kept)') +
          (step.errorSample ? `; first error: ${step.errorSample}` : ''),
      );
      // a step the feed could not keep up with ends the climb: the next would only queue more
      if (!step.kept) break;
      // let the relays and consumers catch up before the next step
      await sleep(2000);
    }
  } finally {
    for (const f of feeds) f.destroy();
  }
  const best = steps.filter((s) => s.kept).at(-1);
  return {
    store: opts.store,
    connections: settings.connections,
    steps,
    sustainedPerSecond: best?.offeredPerSecond ?? 0,
    ...(best ? { sustainedAckMs: { p50: best.ackMs.p50, p99: best.ackMs.p99 } } : {}),
  };
}

async function runStep(rate: number, settings: CardFeedSettings, next: (seq: number) => PacedAdvice): Promise<CardFeedStep> {
  const total = Math.max(1, Math.round(rate * settings.stepSeconds));
  const acks: number[] = [];
  let answered = 0;
  let lastAck = 0;
  let errorSample: string | undefined;
  const started = await sendPaced(total, rate, settings.ackTimeoutMs, next, (s) => {
    answered++;
    if ('error' in s) {
      errorSample ??= s.error.message;
      return;
    }
    const code = s.answer.fields.get(39) ?? '??';
    if (code === '00') {
      acks.push(s.ms);
      lastAck = Math.max(lastAck, s.at);
    } else errorSample ??= `advice answered ${code}`;
  });
  const deadline = performance.now() + settings.ackTimeoutMs + 1000;
  while (answered < total && performance.now() < deadline) await sleep(20);
  const { at, max } = spreadOf(acks);
  const windowSeconds = Math.max(1e-9, ((lastAck || performance.now()) - started) / 1000);
  const acknowledgedPerSecond = Math.round((acks.length / windowSeconds) * 10) / 10;
  return {
    offeredPerSecond: rate,
    sent: total,
    acknowledged: acks.length,
    notAcknowledged: total - acks.length,
    acknowledgedPerSecond,
    ackMs: { p50: at(50), p99: at(99), max },
    kept: acks.length === total && acknowledgedPerSecond >= rate * KEEP_SHARE,
    ...(errorSample ? { errorSample } : {}),
  };
}
