// Fault knobs of the simulated core, set at run time through /admin/faults: latency, random
// system errors, a session pool (calls beyond it queue, then fail with SESSION_LIMIT) and "down".
import { z } from 'zod';
import { Rng } from './prng';

interface FaultSettings {
  /** added to every SOAP call, while it holds a session */
  latencyMs: number;
  /** plus a uniform random 0..jitterMs */
  jitterMs: number;
  /** share of SOAP calls answered with a SYSTEM_ERROR fault, 0..1 */
  errorRate: number;
  /** sessions (calls in flight) the core allows; 0 = unlimited */
  maxSessions: number;
  /** how long a call waits for a free session before SESSION_LIMIT */
  sessionWaitMs: number;
  /** the SOAP endpoint drops every connection */
  down: boolean;
}

export const DEFAULT_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  maxSessions: 0,
  sessionWaitMs: 2000,
  down: false,
});

const FaultUpdate = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    jitterMs: z.number().int().min(0).max(120_000),
    errorRate: z.number().min(0).max(1),
    maxSessions: z.number().int().min(0).max(100_000),
    sessionWaitMs: z.number().int().min(0).max(120_000),
    down: z.boolean(),
  })
  .partial()
  .strict();

type FaultUpdateResult = { ok: true; settings: FaultSettings } | { ok: false; message: string };

interface Waiter {
  resolve(granted: boolean): void;
  timer: NodeJS.Timeout;
}

export class FaultController {
  private current: FaultSettings = { ...DEFAULT_FAULTS };
  private readonly rng: Rng;
  private active = 0;
  private peak = 0;
  private readonly queue: Waiter[] = [];

  constructor(seed: number) {
    this.rng = Rng.of(seed, 'faults');
  }

  get settings(): Readonly<FaultSettings> {
    return this.current;
  }

  /** Applies a partial update; anything invalid changes nothing. */
  update(body: unknown): FaultUpdateResult {
    const parsed = FaultUpdate.safeParse(body);
    if (!parsed.success) {
      return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') };
    }
    this.current = { ...this.current, ...parsed.data };
    this.drain();
    return { ok: true, settings: this.current };
  }

  reset(): FaultSettings {
    this.current = { ...DEFAULT_FAULTS };
    this.drain();
    return this.current;
  }

  /** Latency for one call, in ms. */
  delayMs(): number {
    const { latencyMs, jitterMs } = this.current;
    return latencyMs + (jitterMs > 0 ? this.rng.below(jitterMs + 1) : 0);
  }

  /** Whether this call fails with SYSTEM_ERROR. */
  shouldFail(): boolean {
    const rate = this.current.errorRate;
    return rate >= 1 || (rate > 0 && this.rng.float() < rate);
  }

  get inFlight(): number {
    return this.active;
  }

  get maxInFlight(): number {
    return this.peak;
  }

  resetPeak(): void {
    this.peak = this.active;
  }

  private hasRoom(): boolean {
    return this.current.maxSessions === 0 || this.active < this.current.maxSessions;
  }

  private take(): void {
    this.active++;
    if (this.active > this.peak) this.peak = this.active;
  }

  /** Resolves true with a session held, or false when none freed up within sessionWaitMs. */
  acquire(): Promise<boolean> {
    if (this.queue.length === 0 && this.hasRoom()) {
      this.take();
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          resolve(false);
        }, this.current.sessionWaitMs),
      };
      this.queue.push(waiter);
    });
  }

  release(): void {
    this.active = Math.max(0, this.active - 1);
    this.drain();
  }

  private drain(): void {
    while (this.queue.length > 0 && this.hasRoom()) {
      const waiter = this.queue.shift()!;
      clearTimeout(waiter.timer);
      this.take();
      waiter.resolve(true);
    }
  }

  /** Fails every queued call at once (shutdown). */
  abandonQueue(): void {
    for (const w of this.queue.splice(0)) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
  }
}
