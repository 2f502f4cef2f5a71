// What the offline evaluations (eval:offers, eval:notifications) share: their rates, percentiles
// and command-line arguments, so both print and parse the same way.

export interface Rate {
  numerator: number;
  denominator: number;
  /** null when there was nothing to count */
  rate: number | null;
}

export const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator, rate: denominator === 0 ? null : numerator / denominator });

export const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The nearest-rank percentile of an ascending list (0 for an empty one). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** The word after `name` in `args` (`--seed 42`), or undefined when the option is absent. */
export function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A positive integer option; throws on anything else, undefined when absent. */
export function positiveIntArg(args: readonly string[], name: string): number | undefined {
  const v = argValue(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

/** Runs an evaluation's main, turning a crash into exit code 1 with its stack on stderr. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
