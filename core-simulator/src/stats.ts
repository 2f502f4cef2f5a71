// Counts of SOAP calls by operation, as the bank's operations team would see them at the core:
// every call that reached the endpoint, including refused and failed ones.

export type Outcome = 'SUCCESS' | 'FAILURE';
type FaultCode = 'SYSTEM_ERROR' | 'SESSION_LIMIT';

export interface StatsSnapshot {
  /** calls received per operation (all outcomes) */
  calls: Record<string, number>;
  /** business failures (Status FAILURE) per operation */
  failures: Record<string, number>;
  /** SOAP Faults per operation */
  faults: Record<string, number>;
  /** connections dropped while down, per operation */
  refused: Record<string, number>;
  totals: {
    calls: number;
    success: number;
    failure: number;
    fault: number;
    systemError: number;
    sessionLimit: number;
    refused: number;
    inFlight: number;
    maxInFlight: number;
  };
  since: string;
  /** the last request ids (x-request-id) seen on calls, newest last: lets tests and operators join logs across hops */
  recentRequestIds: string[];
  /** the last calls served, from arrival to answer (ms on this process's clock), newest last: which ran one after another */
  recentCalls: TimedCall[];
}

export interface TimedCall {
  operation: string;
  startMs: number;
  endMs: number;
}

/**
 * How many of `calls` ran one after another at most: the longest chain in which each call started
 * after the one before it ended (the greedy choice by earliest end finds it). For the calls of one
 * request, its sequential round trips to the core: what no batching can take below.
 */
export function sequentialRounds(calls: readonly TimedCall[]): number {
  let rounds = 0;
  let lastEnd = -Infinity;
  for (const c of [...calls].sort((a, b) => a.endMs - b.endMs)) {
    if (c.startMs >= lastEnd) {
      rounds++;
      lastEnd = c.endMs;
    }
  }
  return rounds;
}

const RECENT_REQUEST_IDS = 200;
const RECENT_CALLS = 200;

const bump = (rec: Record<string, number>, key: string) => {
  rec[key] = (rec[key] ?? 0) + 1;
};

export class CallStats {
  private calls: Record<string, number> = {};
  private failures: Record<string, number> = {};
  private faults: Record<string, number> = {};
  private refusedBy: Record<string, number> = {};
  private totals = { calls: 0, success: 0, failure: 0, fault: 0, systemError: 0, sessionLimit: 0, refused: 0 };
  private since = new Date().toISOString();
  private requestIds: string[] = [];
  private timeline: TimedCall[] = [];

  /** Remembers the caller's request id (bounded), so a request can be followed gateway -> subgraph -> core. */
  requestId(id: string | undefined): void {
    if (!id) return;
    this.requestIds.push(id.slice(0, 128));
    if (this.requestIds.length > RECENT_REQUEST_IDS) this.requestIds.shift();
  }

  /** A call served (any outcome), from its arrival to its answer. */
  timed(operation: string, startMs: number, endMs: number): void {
    this.timeline.push({ operation, startMs, endMs });
    if (this.timeline.length > RECENT_CALLS) this.timeline.shift();
  }

  arrived(op: string): void {
    bump(this.calls, op);
    this.totals.calls++;
  }

  outcome(op: string, outcome: Outcome): void {
    if (outcome === 'SUCCESS') this.totals.success++;
    else {
      this.totals.failure++;
      bump(this.failures, op);
    }
  }

  fault(op: string, code: FaultCode): void {
    bump(this.faults, op);
    this.totals.fault++;
    if (code === 'SESSION_LIMIT') this.totals.sessionLimit++;
    else this.totals.systemError++;
  }

  /** A call dropped on arrival because the core is down: counted as a call too. */
  refused(op: string): void {
    this.arrived(op);
    this.dropped(op);
  }

  /** A call already counted, dropped because the core went down while it was in flight. */
  dropped(op: string): void {
    bump(this.refusedBy, op);
    this.totals.refused++;
  }

  snapshot(inFlight: number, maxInFlight: number): StatsSnapshot {
    return {
      calls: { ...this.calls },
      failures: { ...this.failures },
      faults: { ...this.faults },
      refused: { ...this.refusedBy },
      totals: { ...this.totals, inFlight, maxInFlight },
      recentRequestIds: [...this.requestIds],
      recentCalls: [...this.timeline],
      since: this.since,
    };
  }

  reset(): void {
    this.calls = {};
    this.failures = {};
    this.faults = {};
    this.refusedBy = {};
    this.totals = { calls: 0, success: 0, failure: 0, fault: 0, systemError: 0, sessionLimit: 0, refused: 0 };
    this.requestIds = [];
    this.timeline = [];
    this.since = new Date().toISOString();
  }
}
