// Test doubles for the card feed: an in-memory sink with the ledger's duplicate and held-reversal
// semantics, a card directory over a fixed list, and a log capture.
import { Writable } from 'node:stream';
import type { CardAdvice, CardAdviceOutcome, CardEventSink } from '../../src/domain/card-advice';
import type { CardDirectory, CardOwner } from '../../src/adapters/card-feed/card-directory';
import { createLogger, type Logger } from '../../../../lib/logger';
import { type Caller, type InternalTokenSigner, INTERNAL_TOKEN_HEADER } from '../../../../lib/internal-auth';
import { parseDecimal } from '../../../../lib/money';
import { gql } from '../../../../test/support/stack';
import { missing } from '../../../../test/support/present';

export class MemorySink implements CardEventSink {
  readonly applied = new Map<string, CardAdvice>();
  readonly reversed = new Set<string>();
  readonly held = new Map<string, CardAdvice>();
  readonly calls: CardAdvice[] = [];
  /** set to make apply wait (or fail) */
  gate?: () => Promise<void>;

  async apply(advice: CardAdvice): Promise<CardAdviceOutcome> {
    this.calls.push(advice);
    if (this.gate) await this.gate();
    if (this.applied.has(advice.key)) return 'DUPLICATE';
    this.applied.set(advice.key, advice);
    if (advice.kind === 'REVERSAL') {
      if (!this.applied.has(advice.originalKey as string)) {
        this.held.set(advice.originalKey as string, advice);
        return 'HELD';
      }
      this.reversed.add(advice.originalKey as string);
    } else if (this.held.has(advice.key)) {
      this.held.delete(advice.key);
      this.reversed.add(advice.key);
    }
    return 'APPLIED';
  }

  /** financial advices applied and not reversed */
  netFinancial(): CardAdvice[] {
    return [...this.applied.values()].filter((a) => a.kind === 'FINANCIAL' && !this.reversed.has(a.key));
  }
}

export class ListDirectory implements CardDirectory {
  lookups = 0;
  fail = false;
  constructor(private readonly cards: ReadonlyMap<string, CardOwner>) {}
  async lookup(pan: string): Promise<CardOwner | null> {
    this.lookups++;
    if (this.fail) throw new Error('core unavailable');
    return this.cards.get(pan) ?? null;
  }
}

export function captureLog(name = 'card-feed-test'): { log: Logger; text: () => string } {
  let out = '';
  const dest = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  const log = createLogger(name, dest);
  log.level = 'debug';
  return { log, text: () => out };
}

export const deferred = <T = void>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const LOYALTY_STANDING = `
  query($reps: [_Any!]!) {
    _entities(representations: $reps) {
      ... on Customer { id loyalty { points tier { multiplier next { scoreNeeded } } cashBack { lifetime { amount currency } } } }
    }
  }`;

/** A customer's loyalty as the subgraph answers it: what a card stream changes, and how far the tier is from moving. */
export interface Standing {
  points: bigint;
  lifetimeMinor: bigint;
  /** the tier's points multiplier in basis points ("1.25" -> 12500) */
  multiplierBp: bigint;
  /** score points until the next tier (MAX_SAFE_INTEGER at the top) */
  scoreNeeded: number;
}

function basisPoints(multiplier: string): bigint {
  const [whole = missing(`the whole part of ${multiplier}`), frac = ''] = multiplier.split('.');
  return BigInt(whole) * 10000n + BigInt((frac + '0000').slice(0, 4));
}

/** Asks the loyalty subgraph at `graphqlUrl` the way the gateway does (_entities, internal token of the customer). */
export async function loyaltyStanding(graphqlUrl: string, signer: InternalTokenSigner, customerId: string): Promise<Standing> {
  const caller: Caller = { subject: customerId, customerId, channel: 'web', scopes: [] };
  const { body } = await gql(graphqlUrl, LOYALTY_STANDING, {
    variables: { reps: [{ __typename: 'Customer', id: customerId }] },
    headers: { [INTERNAL_TOKEN_HEADER]: await signer.sign(caller) },
  });
  if (body.errors) throw new Error(`loyalty answered errors: ${JSON.stringify(body.errors)}`);
  const l = body.data._entities[0].loyalty;
  return {
    points: BigInt(l.points),
    lifetimeMinor: parseDecimal(l.cashBack.lifetime.amount, l.cashBack.lifetime.currency).minor,
    multiplierBp: basisPoints(l.tier.multiplier),
    scoreNeeded: l.tier.next ? (l.tier.next.scoreNeeded as number) : Number.MAX_SAFE_INTEGER,
  };
}
