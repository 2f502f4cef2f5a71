// Demo data for the simulated core's first customers: a welcome journal (points and today's cash
// back) plus yesterday's cash back, already paid out. Amounts follow from the customer number, so
// every run shows the same figures; idempotency keys do not contain the date, so a restart posts
// nothing new.
import type { Ledger } from './ledger/ledger';
import { LedgerError } from '../domain/ledger/journal';
import { cashBackAccruedJournal, cashBackPaidJournal, welcomeJournal } from '../domain/ledger/loyalty-journals';
import { businessDateOf, previousBusinessDate } from '../domain/business-day';

export const DEMO_CUSTOMER_COUNT = 10;

export function demoCustomerId(n: number): string {
  return `C-${String(n).padStart(6, '0')}`;
}

export interface DemoGrant {
  points: bigint;
  /** minor units, accrued on the seeding day */
  cashBackToday: bigint;
  /** minor units, accrued the day before seeding and paid out when seeding */
  cashBackEarlier: bigint;
}

/** C-000001: 600 points, 1.37 today, 12.50 earlier; C-000010: 1500 points, 4.70 today, 35.00 earlier. */
export function demoGrantFor(n: number): DemoGrant {
  const k = BigInt(n);
  return { points: 500n + 100n * k, cashBackToday: 100n + 37n * k, cashBackEarlier: 1000n + 250n * k };
}

export async function seedDemo(ledger: Ledger, currency: string, now: Date): Promise<{ posted: number; replayed: number }> {
  let posted = 0;
  let replayed = 0;
  const today = businessDateOf(now);
  const yesterday = previousBusinessDate(now);
  for (let n = 1; n <= DEMO_CUSTOMER_COUNT; n++) {
    const customerId = demoCustomerId(n);
    const grant = demoGrantFor(n);
    const journals = [
      welcomeJournal({
        customerId,
        points: grant.points,
        cashBack: grant.cashBackToday,
        currency,
        businessDate: today,
        idempotencyKey: `seed:v1:${customerId}:welcome`,
      }),
      cashBackAccruedJournal({
        customerId,
        amount: grant.cashBackEarlier,
        currency,
        businessDate: yesterday,
        postedAt: now,
        idempotencyKey: `seed:v1:${customerId}:cashback-earlier`,
        description: 'Cash back on card purchases',
      }),
      cashBackPaidJournal({
        customerId,
        amount: grant.cashBackEarlier,
        currency,
        businessDate: yesterday,
        postedAt: now,
        idempotencyKey: `seed:v1:${customerId}:cashback-earlier-paid`,
        description: 'Cash back paid to your account',
      }),
    ];
    for (const j of journals) {
      try {
        const result = await ledger.post({ ...j, postedAt: j.postedAt ?? now });
        if (result.replayed) replayed++;
        else posted++;
      } catch (err) {
        // seeded on an earlier day: same key, other business date; the first seeding stands
        if (err instanceof LedgerError && err.code === 'IDEMPOTENCY_CONFLICT') replayed++;
        else throw err;
      }
    }
  }
  return { posted, replayed };
}
