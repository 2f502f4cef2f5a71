// Lazy, deterministic transaction histories. Nothing is stored: an account's history is a pure
// function of (seed, account, day) over its window of days, regenerated on demand.
//
// Per day, one 32-bit hash h = hash3(seed, account, day) decides how many "random" events happen
// (each of h's four bytes below the account's threshold is one event), so counting every
// account's transactions at start-up costs one hash per account-day and no objects. Monthly
// events come from the profile and the calendar table. Generation replays the same decisions and
// then draws the details from an Rng seeded with h.
import { Rng, hash3 } from '../prng';
import { CalendarTable } from './calendar';
import { externalIban, personName } from './counterparties';
import type { MerchantCatalogue } from './merchants';
import { nth } from './nth';
import { CURRENCY_SCALE, HOME_COUNTRY, MERCHANT_CATEGORIES, type MerchantCategory, TRANSFER_NARRATIVES } from './reference';
import { isAfter, type PageKey } from './paging';
import type { Account, Direction, Merchant, RecurringEvent, Txn, TxnKind, TxnStatus } from './types';

/** How far back generated histories go (about 13 months). */
export const HISTORY_DAYS = 400;

/** Card and cash transactions of the last PENDING_DAYS days (anchor included) are still pending. */
export const PENDING_DAYS = 2;

const DAY_MS = 86_400_000;
/** Random events on the anchor day happen before this second, so "today" at start-up is not in the future. */
const ANCHOR_DAY_CUTOFF = 7 * 3600;

function cumulative(weights: number[]): number[] {
  const out: number[] = [];
  let sum = 0;
  for (const w of weights) out.push((sum += w));
  return out;
}

function pickCumulative(rng: Rng, items: number[], cum: number[]): number {
  const total = cum.at(-1);
  if (total === undefined) throw new Error('no merchants to pick from');
  const r = rng.below(total);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nth(cum, mid, 'cumulative weight') > r) hi = mid;
    else lo = mid + 1;
  }
  return nth(items, lo, 'merchant');
}

function categoryOf(merchant: Merchant): MerchantCategory {
  return nth(MERCHANT_CATEGORIES, merchant.category, 'merchant category');
}

export class HistoryGenerator {
  readonly calendar: CalendarTable;
  private readonly localCum: number[][];
  private readonly travelCum: number[][];
  private readonly onlineCum: number[];
  private readonly homeCities: number[];

  constructor(
    private readonly seed: number,
    readonly anchorDay: number,
    private readonly merchants: MerchantCatalogue,
  ) {
    this.calendar = new CalendarTable(anchorDay - HISTORY_DAYS + 1, anchorDay);
    const weightsOf = (list: number[]) => list.map((m) => Math.max(1, categoryOf(nth(merchants.all, m, 'merchant')).weight));
    this.localCum = merchants.localByCity.map((list) => cumulative(weightsOf(list)));
    this.travelCum = merchants.travelByCity.map((list) => cumulative(weightsOf(list)));
    this.onlineCum = cumulative(weightsOf(merchants.online));
    this.homeCities = merchants.citiesByCountry.get(HOME_COUNTRY) ?? [0];
  }

  /** First and last day of an account's generated history (first > last: empty). */
  window(a: Account): [number, number] {
    return [Math.max(this.calendar.first, a.openedDay), a.closedDay ?? this.anchorDay];
  }

  private threshold(a: Account, day: number): number {
    const p = a.profile;
    for (const t of p.trips) if (day >= t.firstDay && day <= t.lastDay) return p.tripThreshold;
    if (p.fade && day >= p.fade.fromDay) return Math.floor((p.dailyThreshold * p.fade.percent) / 100);
    return p.dailyThreshold;
  }

  private matches(ev: RecurringEvent, day: number, i: number): boolean {
    if (ev.firstDay !== undefined && day < ev.firstDay) return false;
    if (ev.lastDay !== undefined && day > ev.lastDay) return false;
    const cal = this.calendar;
    if (ev.when === 'SALARY_DAY') return cal.salaryDay[i] === 1;
    if (ev.when === 'LAST_DAY') return cal.lastOfMonth[i] === 1;
    return cal.dom[i] === ev.when;
  }

  private randomCount(a: Account, day: number, h: number): number {
    const thr = this.threshold(a, day);
    if (thr === 0) return 0;
    return ((h & 255) < thr ? 1 : 0) + (((h >>> 8) & 255) < thr ? 1 : 0) + (((h >>> 16) & 255) < thr ? 1 : 0) + (h >>> 24 < thr ? 1 : 0);
  }

  /** Number of transactions on `day` (no objects made). */
  countDay(a: Account, day: number): number {
    const i = this.calendar.at(day);
    let n = this.randomCount(a, day, hash3(this.seed, a.index, day));
    for (const ev of a.profile.recurring) if (this.matches(ev, day, i)) n++;
    return n;
  }

  /** Number of transactions in the account's whole generated history. */
  count(a: Account): number {
    const [first, last] = this.window(a);
    let n = 0;
    for (let d = first; d <= last; d++) n += this.countDay(a, d);
    return n;
  }

  /** The account's history, newest first (order: bookedAt desc, txnId desc). */
  generate(a: Account): Txn[] {
    const [first, last] = this.window(a);
    const out: Txn[] = [];
    for (let d = last; d >= first; d--) {
      out.push(...this.generateDay(a, d).reverse());
    }
    return out;
  }

  /**
   * The seeded history newest first, starting after `start` and stopping below `fromMs`, one day
   * at a time: a page of the newest transactions generates only the last few days. `dayOf`
   * supplies a day's transactions (oldest first), e.g. from a cache.
   */
  *iterate(a: Account, start: PageKey | undefined, fromMs: number | undefined, dayOf: (day: number) => Txn[] = (d) => this.generateDay(a, d)): Generator<Txn> {
    const [first, last] = this.window(a);
    const top = start ? Math.min(last, Math.floor(start.ms / DAY_MS)) : last;
    const bottom = fromMs !== undefined ? Math.max(first, Math.floor(fromMs / DAY_MS)) : first;
    for (let d = top; d >= bottom; d--) {
      if (this.countDay(a, d) === 0) continue;
      for (const t of dayOf(d).toReversed()) {
        if (start && !isAfter(t, start)) continue;
        if (fromMs !== undefined && t.bookedAtMs < fromMs) return;
        yield t;
      }
    }
  }

  /** Sum of PENDING debits (holds on the available balance) in the account's last days. */
  pendingDebits(a: Account, dayOf: (day: number) => Txn[] = (d) => this.generateDay(a, d)): bigint {
    const [first, last] = this.window(a);
    let sum = 0n;
    for (let d = Math.max(first, this.anchorDay - PENDING_DAYS + 1); d <= last; d++) {
      for (const t of dayOf(d)) if (t.status === 'PENDING' && t.direction === 'DEBIT') sum += t.amountMinor;
    }
    return sum;
  }

  /** One day's transactions, oldest first. */
  generateDay(a: Account, day: number): Txn[] {
    const i = this.calendar.at(day);
    const h = hash3(this.seed, a.index, day);
    const n = this.randomCount(a, day, h);
    const rng = new Rng(h);
    const out: Txn[] = [];
    const monthKey = this.calendar.monthKey[i];
    const iso = this.calendar.iso[i];
    const compact = this.calendar.compact[i];
    if (monthKey === undefined || iso === undefined || compact === undefined) throw new RangeError(`day ${day} is outside the history calendar`);
    const recent = day > this.anchorDay - PENDING_DAYS;
    const dayMs = day * DAY_MS;
    for (const ev of a.profile.recurring) {
      if (!this.matches(ev, day, i)) continue;
      const amount = typeof ev.amount === 'bigint' ? ev.amount : this.monthlyAmount(ev.amount, monthKey);
      const month = `${String(monthKey % 100).padStart(2, '0')}/${Math.floor(monthKey / 100)}`;
      out.push(
        txn(
          a,
          dayMs + ev.second * 1000,
          iso,
          amount,
          ev.direction,
          ev.kind === 'CARD' && recent ? 'PENDING' : 'BOOKED',
          ev.kind,
          ev.kind === 'CARD' ? ev.description : `${ev.description} ${month}`,
          `${ev.kind.slice(0, 3)}-${monthKey}`,
          ev.counterpartyName,
          ev.counterpartyIban,
          ev.merchant,
        ),
      );
    }
    const isAnchor = day === this.anchorDay;
    const trip = a.profile.trips.find((t) => day >= t.firstDay && day <= t.lastDay);
    for (let k = 0; k < n; k++) {
      const second = isAnchor ? rng.below(ANCHOR_DAY_CUTOFF) : 7 * 3600 + rng.below(16 * 3600);
      out.push(this.randomTxn(a, rng, dayMs + second * 1000, iso, recent, trip?.cityIndex));
    }
    // stable sort: equal times keep the order above, and the ids follow it
    out.sort((x, y) => x.bookedAtMs - y.bookedAtMs);
    const prefix = `T-${String(a.index + 1).padStart(7, '0')}-${compact}-`;
    for (const [k, t] of out.entries()) t.txnId = `${prefix}${String(k + 1).padStart(2, '0')}`;
    return out;
  }

  /** A monthly amount both sides of a paired event agree on: from (seed, tag, month). */
  private monthlyAmount(range: { min: number; max: number; tag: number }, monthKey: number): bigint {
    const span = range.max - range.min + 1;
    return BigInt(range.min + (hash3(this.seed, range.tag, monthKey) % span));
  }

  /** One random event of the day: a card purchase mostly, else cash or a transfer. */
  private randomTxn(a: Account, rng: Rng, ms: number, iso: string, recent: boolean, tripCity: number | undefined): Txn {
    const p = a.profile;
    const scale = BigInt(CURRENCY_SCALE[a.currency] ?? 1);
    const cardStatus = (): TxnStatus => (recent ? 'PENDING' : rng.chance(0.006) ? 'REVERSED' : 'BOOKED');
    const m = this.merchants;
    if (rng.below(100) < p.nonCardPercent) {
      const sub = rng.below(100);
      if (a.type === 'CARD' || (a.type === 'CURRENT' && sub < 40)) {
        const city = tripCity ?? (p.spendCountry ? rng.pick(m.citiesByCountry.get(p.spendCountry) ?? [p.homeCity]) : p.homeCity);
        const merchant = nth(m.atmByCity, city, 'city with an ATM');
        const amount = rng.minor(2000, 40000, 1000) * scale;
        const atm = nth(m.all, merchant, 'merchant');
        return txn(a, ms, iso, amount, 'DEBIT', cardStatus(), 'ATM', `Cash withdrawal ${atm.city}`, undefined, undefined, undefined, merchant);
      }
      const name = personName(rng);
      const iban = externalIban(rng);
      const narrative = rng.pick(TRANSFER_NARRATIVES);
      const outgoing = a.type === 'SAVINGS' ? rng.chance(0.5) : sub < 70;
      const amount = (a.type === 'SAVINGS' ? rng.minor(5000, 300000, 100) : rng.minor(500, 30000)) * scale;
      return txn(
        a,
        ms,
        iso,
        amount,
        outgoing ? 'DEBIT' : 'CREDIT',
        'BOOKED',
        'TRANSFER',
        outgoing ? `Transfer to ${name}` : `Transfer from ${name}`,
        narrative,
        name,
        iban,
        undefined,
      );
    }
    let merchant: number;
    if (tripCity !== undefined) {
      merchant = rng.below(100) < 85 ? this.pickTravel(rng, tripCity) : pickCumulative(rng, m.online, this.onlineCum);
    } else if (p.spendCountry) {
      const city = rng.pick(m.citiesByCountry.get(p.spendCountry) ?? [p.homeCity]);
      merchant = rng.chance(0.5) ? this.pickLocal(rng, city) : this.pickTravel(rng, city);
    } else {
      const where = rng.below(100);
      if (where < 84) merchant = this.pickLocal(rng, p.homeCity);
      else if (where < 90) merchant = this.pickLocal(rng, rng.pick(this.homeCities));
      else if (where < 96) merchant = pickCumulative(rng, m.online, this.onlineCum);
      else merchant = this.pickTravel(rng, rng.pick(m.abroadCities));
    }
    const shop = nth(m.all, merchant, 'merchant');
    const cat = categoryOf(shop);
    const amount = rng.minor(cat.min, cat.max) * scale;
    return txn(a, ms, iso, amount, 'DEBIT', cardStatus(), 'CARD', shop.name, undefined, undefined, undefined, merchant);
  }

  /** A LOCAL-scope merchant of the city, by category weight. */
  private pickLocal(rng: Rng, city: number): number {
    return pickCumulative(rng, nth(this.merchants.localByCity, city, 'city'), nth(this.localCum, city, 'city'));
  }

  /** A TRAVEL-scope merchant of the city, by category weight. */
  private pickTravel(rng: Rng, city: number): number {
    return pickCumulative(rng, nth(this.merchants.travelByCity, city, 'city'), nth(this.travelCum, city, 'city'));
  }
}

/** Every seeded transaction has the same shape (optional fields undefined): one hidden class. */
function txn(
  a: Account,
  bookedAtMs: number,
  valueDate: string,
  amountMinor: bigint,
  direction: Direction,
  status: TxnStatus,
  kind: TxnKind,
  description: string,
  reference: string | undefined,
  counterpartyName: string | undefined,
  counterpartyIban: string | undefined,
  merchant: number | undefined,
): Txn {
  return {
    txnId: '',
    account: a.index,
    bookedAtMs,
    valueDate,
    amountMinor,
    currency: a.currency,
    direction,
    status,
    kind,
    description,
    reference,
    counterpartyName,
    counterpartyIban,
    merchant,
  };
}
