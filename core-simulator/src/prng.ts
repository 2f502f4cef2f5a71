// Seeded randomness for the simulator. Everything the core "knows" is derived from
// (seed, what, index) through these functions, so the same seed rebuilds the same bank and any one
// account's history can be regenerated on its own without generating anything else.
// Only 32-bit integer operations (Math.imul, shifts): results are identical on every platform.

// Module-level alias: code under a vm context (jest) pays for every lookup of the global `Math`,
// and these run tens of millions of times at start-up.
const imul = Math.imul;

/** murmur3 finaliser: a cheap, well-mixed 32-bit avalanche. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of two 32-bit values (order matters). */
export function hash2(a: number, b: number): number {
  return mix32(imul(mix32(a ^ 0x9e3779b9), 0x27d4eb2d) ^ (b >>> 0));
}

/** Hash of three 32-bit values: used as (seed, account, day) in the hot counting loop. */
export function hash3(a: number, b: number, c: number): number {
  return mix32(imul(hash2(a, b), 0x165667b1) ^ (c >>> 0));
}

/** Stable 32-bit hash of a short tag, so streams can be named ("customer", "card", ...). */
export function tagHash(tag: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < tag.length; i++) h = imul(h ^ tag.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** sfc32 (Small Fast Counting) generator; period ~2^127, passes PractRand to 2^40+ bytes. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = mix32(seed ^ 0x243f6a88);
    this.c = mix32(seed ^ 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Generator for stream `tag` item `index` under `seed`. */
  static of(seed: number, tag: string, index = 0): Rng {
    return new Rng(hash3(seed, tagHash(tag), index));
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1): for probabilities and choices only, never for money. */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n) (n <= 2^32; modulo bias is irrelevant at these sizes). */
  below(n: number): number {
    return this.u32() % n;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items.at(this.below(items.length))!;
  }

  /** Index chosen with probability proportional to weights[i]. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.float() * total;
    for (const [i, w] of weights.entries()) {
      r -= w;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** An item chosen with probability proportional to its weight (`weights` aligned with `items`). */
  pickWeighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0 || items.length !== weights.length) throw new RangeError(`${items.length} items for ${weights.length} weights`);
    // weighted() returns an index of `weights`, as long as `items`
    return items.at(this.weighted(weights))!;
  }

  /** Amount in minor units in [min, max] rounded down to a multiple of `step` (all integers). */
  minor(min: number, max: number, step = 1): bigint {
    const v = this.int(min, max);
    return BigInt(v - (v % step));
  }
}
