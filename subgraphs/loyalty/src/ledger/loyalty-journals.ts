// The programme's journals, built in one place so every caller posts the same shapes.
import { POINTS_UNIT } from './chart';
import type { JournalInput } from './journal';

export interface WelcomeGrant {
  customerId: string;
  points: bigint;
  /** cash back (minor units of `currency`) accrued on `businessDate` */
  cashBack: bigint;
  currency: string;
  businessDate: string;
  idempotencyKey: string;
}

/** Welcome points and a first day's cash back in one journal (each unit balances on its own). */
export function welcomeJournal(g: WelcomeGrant): JournalInput {
  return {
    idempotencyKey: g.idempotencyKey,
    kind: 'WELCOME_BONUS',
    customerId: g.customerId,
    businessDate: g.businessDate,
    description: 'Welcome to the loyalty programme',
    postings: [
      { account: 'PROGRAMME_POINTS_ISSUED', side: 'D', amount: g.points, unit: POINTS_UNIT },
      { account: 'CUSTOMER_POINTS', customerId: g.customerId, side: 'C', amount: g.points, unit: POINTS_UNIT },
      { account: 'PROGRAMME_CASHBACK_EXPENSE', side: 'D', amount: g.cashBack, unit: g.currency },
      { account: 'CUSTOMER_CASHBACK_PENDING', customerId: g.customerId, side: 'C', amount: g.cashBack, unit: g.currency },
    ],
  };
}

export interface PointsMovement {
  customerId: string;
  points: bigint;
  businessDate: string;
  idempotencyKey: string;
  description: string;
}

export function pointsEarnedJournal(m: PointsMovement): JournalInput {
  return {
    idempotencyKey: m.idempotencyKey,
    kind: 'POINTS_EARNED',
    customerId: m.customerId,
    businessDate: m.businessDate,
    description: m.description,
    postings: [
      { account: 'PROGRAMME_POINTS_ISSUED', side: 'D', amount: m.points, unit: POINTS_UNIT },
      { account: 'CUSTOMER_POINTS', customerId: m.customerId, side: 'C', amount: m.points, unit: POINTS_UNIT },
    ],
  };
}

export function pointsRedeemedJournal(m: PointsMovement): JournalInput {
  return {
    idempotencyKey: m.idempotencyKey,
    kind: 'POINTS_REDEEMED',
    customerId: m.customerId,
    businessDate: m.businessDate,
    description: m.description,
    postings: [
      { account: 'CUSTOMER_POINTS', customerId: m.customerId, side: 'D', amount: m.points, unit: POINTS_UNIT },
      { account: 'PROGRAMME_POINTS_REDEEMED', side: 'C', amount: m.points, unit: POINTS_UNIT },
    ],
  };
}

export interface CashBackMovement {
  customerId: string;
  /** minor units of `currency` */
  amount: bigint;
  currency: string;
  /** the day the cash back was earned (for a payout: the day being paid) */
  businessDate: string;
  idempotencyKey: string;
  description: string;
  postedAt?: Date;
}

export function cashBackAccruedJournal(m: CashBackMovement): JournalInput {
  return {
    idempotencyKey: m.idempotencyKey,
    kind: 'CASHBACK_ACCRUED',
    customerId: m.customerId,
    businessDate: m.businessDate,
    description: m.description,
    postedAt: m.postedAt,
    postings: [
      { account: 'PROGRAMME_CASHBACK_EXPENSE', side: 'D', amount: m.amount, unit: m.currency },
      { account: 'CUSTOMER_CASHBACK_PENDING', customerId: m.customerId, side: 'C', amount: m.amount, unit: m.currency },
    ],
  };
}

/** Pays a day's pending cash back to the customer's account in the core. */
export function cashBackPaidJournal(m: CashBackMovement): JournalInput {
  return {
    idempotencyKey: m.idempotencyKey,
    kind: 'CASHBACK_PAID',
    customerId: m.customerId,
    businessDate: m.businessDate,
    description: m.description,
    postedAt: m.postedAt,
    postings: [
      { account: 'CUSTOMER_CASHBACK_PENDING', customerId: m.customerId, side: 'D', amount: m.amount, unit: m.currency },
      { account: 'PROGRAMME_CASHBACK_SETTLEMENT', side: 'C', amount: m.amount, unit: m.currency },
    ],
  };
}
