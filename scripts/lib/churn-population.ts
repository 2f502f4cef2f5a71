// The population of npm run eval:churn (docs/cx.md "Churn early warning"): the core simulator's
// seeded customers and their last DAYS days of bookings and card purchases, as the events engagement
// consumes (TransactionBooked with the simulator's ISO bank transaction codes and the balance after
// each booking; CardPurchaseRecorded for card payments), plus NPS answers. A seeded share of
// customers is made to leave: from a day 20-45 days before the anchor each leaver shows each of the
// five behaviours with its own chance (salary moved away, cards go quiet, the balance transferred
// out, an account emptied, a detractor answer), so some leavers show little. Stayers are noisy:
// the simulator's fading persona (card use falls to 10-30 %), a salary that stops (leave, job loss),
// a large one-off transfer out (a car, a deposit), a savings account emptied into a purchase, and
// detractor answers that are not followed by leaving. Same seed, same population and labels; the
// labels never reach the scoring code. The shares are in LEAVER_BEHAVIOUR and STAYER_NOISE.
import { Rng } from '../../core-simulator/src/prng';
import { buildDataset, type Dataset } from '../../core-simulator/src/data/dataset';
import { nth } from '../../core-simulator/src/data/nth';
import type { Account, Txn } from '../../core-simulator/src/data/types';
import { bankTransactionCode } from '../../core-simulator/src/statements/eod-statements';
import { newEvent, type DomainEvent } from '../../lib/events';

const DAY_MS = 86_400_000;
/** days of history fed: the longest window churn reads (35 + 60 days of salary) and some margin */
export const DAYS = 100;
export const HOME = 'EUR';
/** days of every booking and card purchase fed: the card windows (30 + 30) and the emptied window (60), with two days' margin */
export const FULL_DAYS = 62;

/** The chance each leaver shows each behaviour (independently). */
export const LEAVER_BEHAVIOUR = Object.freeze({ salaryMoved: 0.75, cardsQuiet: 0.7, drained: 0.7, emptied: 0.4, detractor: 0.5 });
/** The chance a stayer shows each noise (the simulator's fading persona comes on top, about 6 %). */
export const STAYER_NOISE = Object.freeze({ salaryStops: 0.04, bigTransferOut: 0.05, savingsEmptied: 0.03, detractor: 0.15, answersNps: 0.35 });
/** the share of leavers among the customers (each customer drawn apart) */
export const LEAVER_SHARE = 0.05;

export type Behaviour = 'salaryMoved' | 'cardsQuiet' | 'drained' | 'emptied' | 'detractor';

export interface SimCustomer {
  customerId: string;
  leaver: boolean;
  /** what the customer was made to do (leavers) or the noise they carry (stayers; 'fading' is the simulator's persona) */
  behaviours: string[];
  /** the day (YYYY-MM-DD) leaving started, or the stayer's noise happened */
  turnOn: string;
}

export interface NpsAnswer {
  customerId: string;
  score: number;
  at: Date;
}

export interface Population {
  anchorDate: string;
  /** the end of the anchor day: scores are taken then */
  endMs: number;
  customers: SimCustomer[];
  /** in time order */
  events: DomainEvent[];
  nps: NpsAnswer[];
}

interface Booking {
  account: Account;
  at: number;
  /** signed */
  amountMinor: bigint;
  kind: Txn['kind'];
  ref: string;
  mcc?: string;
}

const signed = (t: Txn) => (t.direction === 'CREDIT' ? t.amountMinor : -t.amountMinor);

function codeOf(kind: Txn['kind'], credit: boolean): string {
  const c = bankTransactionCode(kind, credit);
  if (!c) throw new Error(`no bank transaction code for ${kind}`);
  return `${c.domain}/${c.family}/${c.subFamily}`;
}

/** The account's seeded transactions in [startMs, endMs), oldest first, reversed ones left out. */
function historyOf(ds: Dataset, a: Account, startMs: number, endMs: number): Txn[] {
  const out: Txn[] = [];
  for (const t of ds.generator.iterate(a, undefined, startMs)) if (t.bookedAtMs < endMs && t.status !== 'REVERSED') out.push(t);
  return out.reverse();
}

// eslint-disable-next-line max-lines-per-function -- one customer's month as one story: history, then what leaving or noise changes in it
function customerOf(seed: number, ds: Dataset, index: number, startMs: number, endMs: number, into: Population): void {
  const c = nth(ds.customers, index, 'customer');
  const rng = Rng.of(seed, 'churn-eval', index);
  const leaver = rng.chance(LEAVER_SHARE);
  const accounts = c.accounts.map((i) => nth(ds.accounts, i, 'account')).filter((a) => a.openedDay * DAY_MS < startMs && a.closedDay === undefined);
  const main = accounts.find((a) => a.type === 'CURRENT' && a.currency === HOME);
  const savings = accounts.find((a) => a.type === 'SAVINGS' && a.currency === HOME);
  const behaviours: string[] = [];
  const fading = accounts.some((a) => a.profile.fade !== undefined);
  if (fading) behaviours.push('fading');
  // the day leaving starts, or a stayer's noise happens
  const turnMs = endMs - rng.int(20, 45) * DAY_MS;
  const has = (b: string, p: number) => {
    const yes = rng.chance(p);
    if (yes) behaviours.push(b);
    return yes;
  };
  const L = LEAVER_BEHAVIOUR;
  const S = STAYER_NOISE;
  const salaryGone = leaver ? has('salaryMoved', L.salaryMoved) : has('salaryStops', S.salaryStops);
  const cardsQuiet = leaver && has('cardsQuiet', L.cardsQuiet);
  const drained = leaver ? has('drained', L.drained) : has('bigTransferOut', S.bigTransferOut);
  const emptied = leaver ? has('emptied', L.emptied) : has('savingsEmptied', S.savingsEmptied);
  const answers = leaver ? rng.chance(0.6) : rng.chance(S.answersNps);
  const detractor = answers && (leaver ? has('detractor', L.detractor / 0.6) : has('detractorStays', S.detractor / S.answersNps));
  into.customers.push({ customerId: c.customerId, leaver, behaviours, turnOn: new Date(turnMs).toISOString().slice(0, 10) });
  if (answers) {
    const score = detractor ? rng.int(0, 6) : rng.pick([7, 8, 8, 9, 9, 9, 10, 10]);
    const at = leaver || detractor ? turnMs + rng.below(Math.max(1, endMs - turnMs - DAY_MS)) : startMs + rng.below(endMs - startMs);
    into.nps.push({ customerId: c.customerId, score, at: new Date(at) });
  }

  const bookings: Booking[] = [];
  const startBalance = new Map<Account, bigint>();
  for (const a of accounts) {
    const history = historyOf(ds, a, startMs, endMs);
    // the balance before the window: the seeded balance at the anchor less what the window booked
    startBalance.set(
      a,
      history.reduce((b, t) => b - signed(t), a.baseMinor),
    );
    for (const t of history) {
      const after = t.bookedAtMs >= turnMs;
      if (after && salaryGone && t.kind === 'SALARY') continue;
      // cards go quiet: a few purchases still happen (a forgotten subscription, a last coffee)
      if (after && cardsQuiet && (t.kind === 'CARD' || t.kind === 'ATM') && !rng.chance(0.15)) continue;
      const merchant = t.merchant === undefined ? undefined : nth(ds.merchants.all, t.merchant, 'merchant');
      bookings.push({ account: a, at: t.bookedAtMs, amountMinor: signed(t), kind: t.kind, ref: t.txnId, ...(merchant ? { mcc: merchant.mcc } : {}) });
    }
  }
  // money leaving: a share of the running balance goes out by credit transfer on chosen days
  const running = (a: Account, until: number) =>
    bookings.filter((b) => b.account === a && b.at < until).reduce((s, b) => s + b.amountMinor, startBalance.get(a) ?? 0n);
  const transferOut = (a: Account | undefined, at: number, percent: number, tag: string) => {
    if (!a) return;
    const balance = running(a, at);
    const amount = (balance * BigInt(percent)) / 100n;
    if (amount <= 0n) return;
    bookings.push({ account: a, at, amountMinor: -amount, kind: 'TRANSFER', ref: `${tag}-${index}` });
  };
  if (drained) {
    if (leaver) {
      // two transfers to the new bank: most of the current account, a week apart
      transferOut(main, turnMs + 2 * DAY_MS + 3_600_000, rng.int(50, 70), 'drain-1');
      transferOut(main, turnMs + 9 * DAY_MS + 3_600_000, rng.int(60, 90), 'drain-2');
    } else {
      // a car or a deposit: one transfer of a large part of the balance
      transferOut(main, turnMs + 3_600_000, rng.int(40, 85), 'purchase');
    }
  }
  if (emptied) {
    // the whole savings balance goes out (to the new bank, or into the purchase); a stayer's often
    // comes back to the current account first, which the net transfer figure then cancels
    const target = savings ?? (leaver ? main : undefined);
    if (target) {
      const at = turnMs + 5 * DAY_MS + 7_200_000;
      const balance = running(target, at);
      if (balance > 0n) {
        bookings.push({ account: target, at, amountMinor: -balance, kind: 'TRANSFER', ref: `empty-${index}` });
        // nothing more is booked on the emptied account
        for (let i = bookings.length - 2; i >= 0; i--) if (bookings[i]!.account === target && bookings[i]!.at > at) bookings.splice(i, 1);
        if (!leaver && main && main !== target)
          bookings.push({ account: main, at: at + 60_000, amountMinor: balance, kind: 'TRANSFER', ref: `empty-in-${index}` });
      }
    }
  }
  bookings.sort((x, y) => x.at - y.at || (x.ref < y.ref ? -1 : 1));
  const balances = new Map(startBalance);
  let n = 0;
  for (const b of bookings) {
    const balance = (balances.get(b.account) ?? 0n) + b.amountMinor;
    balances.set(b.account, balance);
    // before the last FULL_DAYS only salaries are read (the salary window is the longest): the other
    // bookings of those days would change no figure the score reads, and are not fed (run time)
    if (b.at < endMs - FULL_DAYS * DAY_MS && b.kind !== 'SALARY') continue;
    const at = new Date(b.at);
    into.events.push(
      newEvent({
        type: 'TransactionBooked',
        key: `movement:${b.account.accountId}:${b.ref}:${++n}`,
        customerId: c.customerId,
        occurredAt: at,
        payload: {
          accountId: b.account.accountId,
          transactionId: `${b.ref}/${n}`,
          amountMinor: b.amountMinor.toString(),
          currency: b.account.currency,
          bookedAt: at.toISOString(),
          bookingCode: codeOf(b.kind, b.amountMinor > 0n),
          coreAccountId: b.account.accountId,
          balanceAfterMinor: balance.toString(),
          accountType: b.account.type,
        },
      }),
    );
    if (b.kind === 'CARD' && b.amountMinor < 0n) {
      into.events.push(
        newEvent({
          type: 'CardPurchaseRecorded',
          key: `card-purchase:${b.ref}:${n}`,
          customerId: c.customerId,
          occurredAt: at,
          payload: {
            cardId: `card-${index}`,
            amount: { amountMinor: (-b.amountMinor).toString(), currency: b.account.currency },
            merchant: { id: `m-${b.mcc ?? '5999'}`, mcc: b.mcc ?? '5999' },
            cashBack: { amountMinor: '0', currency: HOME },
            points: '0',
            purchasedAt: at.toISOString(),
          },
        }),
      );
    }
  }
}

/** The population of `customers` customers at `anchorDate` (the simulator's last day) with seed `seed`. */
export function populationOf(seed: number, customers: number, anchorDate: string): Population {
  const ds = buildDataset({ seed, customers, anchorDate });
  const endMs = (ds.anchorDay + 1) * DAY_MS;
  const startMs = endMs - DAYS * DAY_MS;
  const out: Population = { anchorDate, endMs, customers: [], events: [], nps: [] };
  for (let i = 0; i < customers; i++) customerOf(seed, ds, i, startMs, endMs, out);
  out.events.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  out.nps.sort((a, b) => a.at.getTime() - b.at.getTime());
  return out;
}
