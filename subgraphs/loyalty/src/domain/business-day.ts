// Business days are UTC calendar days for now (the bank's own calendar is a later issue).

export function businessDateOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function previousBusinessDate(at: Date): string {
  return businessDateOf(new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - 1)));
}

/** [first instant of the month of `at`, first instant of the next month), UTC. */
export function monthOf(at: Date): { from: Date; to: Date } {
  return {
    from: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)),
    to: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)),
  };
}
