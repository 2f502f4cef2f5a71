// A background pass run on a timer and on demand, never two at once: what the outboxes' workers
// (offers' activation dispatcher, the event relay) share. A pass asked for while one runs gets
// that pass's result; stop() clears the timer and waits for the pass under way.
export class PollingPass {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly pass: () => Promise<number>,
    /** told of a failed pass the timer started (runOnce's caller gets its own rejection) */
    private readonly onError: (err: Error) => void,
  ) {}

  /** One pass; resolves with what it counts (messages delivered, events published). */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** A pass now, its failure reported rather than thrown. */
  nudge(): void {
    this.runOnce().catch((err: Error) => this.onError(err));
  }

  /**
   * A pass that starts after this call: one under way may have read before what the caller just
   * committed, so it is waited for and a new one runs. Its failure is reported, not thrown.
   */
  async freshPass(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.runOnce().catch((err: Error) => this.onError(err));
  }

  /** Passes every `intervalMs` until stop(); the timer keeps no process alive. */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.nudge(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}

/** The outboxes' retry delay after `attempts` failed attempts: base, 2x base, 4x base, ... capped at maxMs. */
export function doublingBackoff(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
}
