// The core's own booking traffic, so the demo is live: every CORE_BOOKING_INTERVAL_MS one seeded
// booking on a current account (the demo customers' half the time): a salary run (salary and
// bonus in one batched entry), a card settlement (several purchases in one entry), a bill, an
// incoming transfer, or one of the bank's fees. Each is booked through CoreBank.bookEntry, so balances and histories change as
// for a transfer, and the notifier sees it like any other booking.
import { Rng } from '../prng';
import { companyIban, employerName, externalIban, personName } from '../data/counterparties';
import type { CoreBank } from '../data/ledger';
import { CURRENCY_SCALE, TRANSFER_NARRATIVES } from '../data/reference';
import type { Account, Booking, EntryLine } from '../data/types';

/** The demo customers (demo.ts) hold the first accounts: half the traffic goes to them. */
const DEMO_CUSTOMER_COUNT = 5;
const SHOPS = ['Rewe City', 'dm-drogerie markt', 'Deutsche Bahn', 'Shell Station', 'Buchhandlung Lehmann', 'Cafe Einstein', 'Edeka Center'] as const;
const FEES = ['Card fee', 'Account statement by post', 'Foreign transaction fee', 'Instant transfer fee'] as const;
const BILLERS = ['Stadtwerke Energie', 'Telekom Mobilfunk', 'Vodafone Kabel', 'Allianz Versicherung', 'Stadtwerke Wasser'] as const;

export const BOOKING_KINDS = ['salary', 'card-settlement', 'bill', 'incoming-transfer', 'fee'] as const;
export type BookingKind = (typeof BOOKING_KINDS)[number];

export class BookingTraffic {
  private readonly rng: Rng;
  private readonly demo: Account[];
  private readonly others: Account[];
  private timer?: NodeJS.Timeout;
  private made = 0;

  constructor(
    private readonly bank: CoreBank,
    seed: number,
  ) {
    this.rng = Rng.of(seed, 'booking-traffic');
    const current = bank.dataset.accounts.filter((a) => a.type === 'CURRENT' && a.status === 'ACTIVE');
    this.demo = current.filter((a) => a.customer < DEMO_CUSTOMER_COUNT);
    this.others = current.filter((a) => a.customer >= DEMO_CUSTOMER_COUNT);
  }

  /** One booking every `intervalMs` until stop(); 0 books nothing. */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.next(), intervalMs);
    this.timer.unref(); // the server keeps the process; the traffic never does
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  get bookings(): number {
    return this.made;
  }

  /** Books the next seeded booking (the timer's step; tests call it directly), or undefined when none fits (no funds). */
  next(kind: BookingKind = this.rng.pick(BOOKING_KINDS)): Booking | undefined {
    const pool = this.demo.length > 0 && (this.others.length === 0 || this.rng.chance(0.5)) ? this.demo : this.others;
    const account = this.rng.pick(pool);
    const lines = this.linesOf(kind, account);
    const debit = lines.reduce((sum, l) => sum + (l.direction === 'DEBIT' ? l.amountMinor : -l.amountMinor), 0n);
    if (debit > 0n && debit > this.bank.balance(account).availableMinor) return undefined;
    this.made++;
    return this.bank.bookEntry(account, lines);
  }

  private linesOf(kind: BookingKind, a: Account): EntryLine[] {
    const rng = this.rng;
    // PLN amounts are larger in number for the same value (reference.ts CURRENCY_SCALE)
    const scale = CURRENCY_SCALE[a.currency] ?? 1;
    const amount = (min: number, max: number, step = 1) => rng.minor(min * scale, max * scale, step);
    const month = new Date().toISOString().slice(0, 7);
    switch (kind) {
      case 'salary': {
        const employer = employerName(a.customer);
        const from = { counterpartyName: employer, counterpartyIban: companyIban('employer', a.customer) };
        const lines: EntryLine[] = [
          {
            ...from,
            kind: 'SALARY',
            direction: 'CREDIT',
            amountMinor: amount(180_000, 520_000, 100),
            description: `Salary ${month}`,
            reference: `SAL-${month}`,
          },
          { ...from, kind: 'SALARY', direction: 'CREDIT', amountMinor: amount(5_000, 60_000, 100), description: `Bonus ${month}`, reference: `BON-${month}` },
        ];
        if (rng.chance(0.3))
          lines.push({ ...from, kind: 'SALARY', direction: 'CREDIT', amountMinor: amount(2_000, 15_000, 100), description: `Expenses refund ${month}` });
        return lines;
      }
      case 'card-settlement':
        return Array.from({ length: rng.int(2, 4) }, () => {
          const shop = rng.pick(SHOPS);
          return { kind: 'CARD' as const, direction: 'DEBIT' as const, amountMinor: amount(250, 9_000), description: shop, counterpartyName: shop };
        });
      case 'bill': {
        const biller = rng.pick(BILLERS);
        return [
          {
            kind: 'DIRECT_DEBIT',
            direction: 'DEBIT',
            amountMinor: amount(1_500, 25_000),
            description: `${biller} ${month}`,
            counterpartyName: biller,
            counterpartyIban: externalIban(rng),
          },
        ];
      }
      case 'fee':
        return [{ kind: 'FEE', direction: 'DEBIT', amountMinor: amount(50, 990, 10), description: rng.pick(FEES), counterpartyName: 'Corebridge Bank' }];
      case 'incoming-transfer':
        return [
          {
            kind: 'TRANSFER',
            direction: 'CREDIT',
            amountMinor: amount(1_000, 80_000, 100),
            description: rng.pick(TRANSFER_NARRATIVES),
            counterpartyName: personName(rng),
            counterpartyIban: externalIban(rng),
          },
        ];
    }
  }
}
