// The programme's journals, built in one place so every caller posts the same shapes.
import { type AccountCode, POINTS_UNIT } from './chart';
import type { JournalConversion, JournalInput } from './journal';

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
  /** a hold on a purchase in another currency: how `amount` was converted */
  conversion?: JournalConversion;
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

export interface CardPurchaseEarning {
  customerId: string;
  cashBackMinor: bigint;
  currency: string;
  points: bigint;
  businessDate: string;
  idempotencyKey: string;
  description: string;
  postedAt?: Date;
  /** a purchase in another currency: the conversion the cash back and points were computed on */
  conversion?: JournalConversion;
}

/** Cash back and points of one purchase in one journal; null when it earns nothing at all. */
export function cardPurchaseJournal(e: CardPurchaseEarning): JournalInput | null {
  const postings: JournalInput['postings'] = [];
  if (e.cashBackMinor > 0n) {
    postings.push(
      { account: 'PROGRAMME_CASHBACK_EXPENSE', side: 'D', amount: e.cashBackMinor, unit: e.currency },
      { account: 'CUSTOMER_CASHBACK_PENDING', customerId: e.customerId, side: 'C', amount: e.cashBackMinor, unit: e.currency },
    );
  }
  if (e.points > 0n) {
    postings.push(
      { account: 'PROGRAMME_POINTS_ISSUED', side: 'D', amount: e.points, unit: POINTS_UNIT },
      { account: 'CUSTOMER_POINTS', customerId: e.customerId, side: 'C', amount: e.points, unit: POINTS_UNIT },
    );
  }
  if (postings.length === 0) return null;
  return {
    idempotencyKey: e.idempotencyKey,
    kind: 'CARD_PURCHASE',
    customerId: e.customerId,
    businessDate: e.businessDate,
    description: e.description,
    postedAt: e.postedAt,
    postings,
    ...(e.conversion ? { conversion: e.conversion } : {}),
  };
}

type Head = Pick<JournalInput, 'idempotencyKey' | 'businessDate' | 'description' | 'postedAt'> & { customerId: string };

/** A journal moving `amount` of `unit` between a customer account and a programme account. */
function customerMovement(kind: JournalInput['kind'], m: Head, amount: bigint, unit: string, debit: AccountCode, credit: AccountCode): JournalInput {
  const leg = (account: AccountCode, side: 'D' | 'C') => ({
    account,
    side,
    amount,
    unit,
    ...(account.startsWith('CUSTOMER_') ? { customerId: m.customerId } : {}),
  });
  return {
    idempotencyKey: m.idempotencyKey,
    kind,
    customerId: m.customerId,
    businessDate: m.businessDate,
    description: m.description,
    postedAt: m.postedAt,
    postings: [leg(debit, 'D'), leg(credit, 'C')],
  };
}

/** Cash back expected from an authorisation: visible, not spendable. */
export function cashBackHoldJournal(m: CashBackMovement): JournalInput {
  const j = customerMovement('CASHBACK_HOLD', m, m.amount, m.currency, 'PROGRAMME_CASHBACK_ON_HOLD', 'CUSTOMER_CASHBACK_ON_HOLD');
  return m.conversion ? { ...j, conversion: m.conversion } : j;
}

export function cashBackHoldReleasedJournal(m: CashBackMovement): JournalInput {
  return customerMovement('CASHBACK_HOLD_RELEASED', m, m.amount, m.currency, 'CUSTOMER_CASHBACK_ON_HOLD', 'PROGRAMME_CASHBACK_ON_HOLD');
}

export function engagementJournal(m: PointsMovement): JournalInput {
  return { ...pointsEarnedJournal(m), kind: 'ENGAGEMENT_REWARD' };
}

/** Points for an answered feedback request (domain/feedback-reward.ts): earned points of their own kind. */
export function feedbackRewardJournal(m: PointsMovement): JournalInput {
  return { ...pointsEarnedJournal(m), kind: 'FEEDBACK_REWARD' };
}

export function pointsExpiredJournal(m: PointsMovement): JournalInput {
  return customerMovement('POINTS_EXPIRED', m, m.points, POINTS_UNIT, 'CUSTOMER_POINTS', 'PROGRAMME_POINTS_EXPIRED');
}

/** Gives back the points of a redemption that could not be completed. */
export function redemptionRefundJournal(m: PointsMovement): JournalInput {
  return customerMovement('POINTS_REDEMPTION_REFUNDED', m, m.points, POINTS_UNIT, 'PROGRAMME_POINTS_REDEEMED', 'CUSTOMER_POINTS');
}

/**
 * The exact mirror of `original` (every posting on the other side). What the customer no longer
 * holds (points spent, cash back paid out) is taken from a programme shortfall account instead,
 * so no customer account goes below zero; `available` gives each customer account's balance.
 */
export function reversingJournal(
  original: JournalInput['postings'],
  available: (account: string, unit: string) => bigint,
  head: Omit<JournalInput, 'postings' | 'kind'> & { kind: JournalInput['kind'] },
): JournalInput {
  const postings: JournalInput['postings'] = [];
  for (const p of original) {
    const side = p.side === 'D' ? 'C' : 'D';
    if (side === 'D' && p.customerId) {
      const have = available(p.account, p.unit);
      const taken = have < p.amount ? (have > 0n ? have : 0n) : p.amount;
      if (taken > 0n) postings.push({ ...p, side, amount: taken });
      if (taken < p.amount) {
        const shortfall = p.unit === POINTS_UNIT ? 'PROGRAMME_POINTS_SHORTFALL' : 'PROGRAMME_CASHBACK_SHORTFALL';
        postings.push({ account: shortfall, side: 'D', amount: p.amount - taken, unit: p.unit });
      }
    } else {
      postings.push({ ...p, side });
    }
  }
  return { ...head, postings };
}
