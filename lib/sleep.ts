// The one pause of the code base (backoffs, simulated latency, polling), so no module grows its own.
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
