// One request's time budget as it travels. The gateway starts it when a request arrives; every hop
// (gateway -> subgraph, subgraph -> subgraph) passes on what is left in DEADLINE_HEADER as whole
// milliseconds *remaining*, less a margin for carrying the answer back. Relative, not a timestamp,
// so the hosts' clocks need not agree; measured on the monotonic clock, so a clock step changes
// nothing. A received value is bounded (MAX_DEADLINE_MS): a deadline never buys more time than
// the services would give a request without one.

export const DEADLINE_HEADER = 'x-corebridge-deadline-ms';
/** The most a received header is believed; larger values are clamped to it. */
export const MAX_DEADLINE_MS = 60_000;
/** Kept back on each hop, so the callee answers (with its own partial data) before its caller gives up. */
export const HOP_MARGIN_MS = 50;

/** Digits only: no sign, no exponent, no fraction, no list of several values. */
const HEADER_VALUE = /^\d{1,12}$/;

export class Deadline {
  private constructor(
    /** on the performance.now() clock */
    readonly at: number,
  ) {}

  /** The deadline `ms` from now. */
  static after(ms: number): Deadline {
    return new Deadline(performance.now() + Math.max(0, ms));
  }

  /** The deadline `ms` after `start` (a performance.now() reading, e.g. when the request arrived). */
  static from(start: number, ms: number): Deadline {
    return new Deadline(start + Math.max(0, ms));
  }

  /** Milliseconds left; 0 once it has passed. */
  remainingMs(): number {
    return Math.max(0, this.at - performance.now());
  }

  get expired(): boolean {
    return this.remainingMs() <= 0;
  }

  /** `timeoutMs`, or less when the deadline comes first. */
  cap(timeoutMs: number): number {
    return Math.min(timeoutMs, Math.ceil(this.remainingMs()));
  }

  /** What to send the next hop in DEADLINE_HEADER: whole ms left, less the hop's margin, never negative. */
  headerValue(marginMs = HOP_MARGIN_MS): string {
    return String(Math.max(0, Math.floor(this.remainingMs() - marginMs)));
  }
}

/**
 * The deadline a received DEADLINE_HEADER gives, starting now: undefined when absent or not plain
 * digits (the service then works without one, as before); a value above `maxMs` is clamped to it.
 */
export function deadlineFromHeader(value: string | string[] | undefined, maxMs = MAX_DEADLINE_MS): Deadline | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!HEADER_VALUE.test(text)) return undefined;
  return Deadline.after(Math.min(Number(text), maxMs));
}
