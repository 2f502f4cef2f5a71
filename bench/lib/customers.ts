// Who the load is for: pre-minted client tokens for many customers, and the order they come in:
// every customer in turn (dashboard) or a skewed Zipf-like draw (dashboard-refresh: a few
// customers refresh far more often than the rest). Seeded, so every peer sees the same sequence.
import { parseTokenArgs, signDevToken } from '../../scripts/token';
import { Rng } from '../../core-simulator/src/prng';

export const customerId = (i: number) => `C-${String(i + 1).padStart(6, '0')}`;

/**
 * One mobile-channel token per customer, `count` customers from index `first`; signing is ~1 ms each.
 * Mobile, not web: the bench's operations are its own, and in production (the bench runs the
 * gateway with NODE_ENV=production) the web client may run only its app's manifest, while the
 * mobile app sends its operations by APQ (schema/persisted/clients.json).
 */
export async function mintCustomerTokens(count: number, keysDir: string, first = 0, ttlSeconds = 4 * 3600): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = first; i < first + count; i++) {
    tokens.push(await signDevToken(tokenRequest(['--sub', customerId(i), '--channel', 'mobile', '--ttl', String(ttlSeconds)]), keysDir));
  }
  return tokens;
}

/** A token request as `npm run token` makes it, so the channel's default scopes and client name apply. */
export function tokenRequest(argv: string[]) {
  const req = parseTokenArgs(argv);
  if (req === 'help') throw new Error('unexpected --help');
  return req;
}

/** Seeded uniform [0, 1) source for picking customers (the simulator's generator, so one PRNG serves). */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.float();
}

/** Index draws with P(rank k) ∝ 1/k^s, k = 1..n (rank 1 = customer 0). */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) {
    total += 1 / Math.pow(k, s);
    cdf[k - 1] = total;
  }
  cdf.forEach((v, i) => (cdf[i] = v / total));
  return () => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] ?? 1) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** The first customer token (there is always one: a run has at least one customer). */
export function firstOf(tokens: string[]): string {
  const [first] = tokens;
  if (first === undefined) throw new Error('no customer tokens');
  return first;
}

export type CustomerOrder = 'round-robin' | 'zipf';

export function customerSequence(order: CustomerOrder, n: number, seed = 7, s = 1.1): () => number {
  if (order === 'zipf') return zipfSampler(n, s, seededRandom(seed));
  // a seeded shuffle walked round and round: all distinct until every customer had a turn
  const random = seededRandom(seed);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swapped = perm[i] ?? i;
    perm[i] = perm[j] ?? j;
    perm[j] = swapped;
  }
  let next = 0;
  return () => perm[next++ % n] ?? 0;
}
