// The loyalty programme's chart of accounts. Customer accounts are liabilities of the bank to the
// customer (credit-normal, never below zero); programme accounts are the other side of each entry.
import { CURRENCY_EXPONENT } from '../../../../../lib/money';

/** Points are a unit of their own, never mixed with money. */
export const POINTS_UNIT = 'PTS';

export type Side = 'D' | 'C';

export interface AccountSpec {
  owner: 'customer' | 'programme';
  unitKind: 'points' | 'money';
  normalSide: Side;
  nonNegative: boolean;
  meaning: string;
}

export const CHART = Object.freeze({
  CUSTOMER_POINTS: { owner: 'customer', unitKind: 'points', normalSide: 'C', nonNegative: true, meaning: 'points the customer can spend' },
  CUSTOMER_CASHBACK_PENDING: {
    owner: 'customer',
    unitKind: 'money',
    normalSide: 'C',
    nonNegative: true,
    meaning: 'cash back earned and not yet paid out',
  },
  PROGRAMME_POINTS_ISSUED: { owner: 'programme', unitKind: 'points', normalSide: 'D', nonNegative: false, meaning: 'points the programme has given out' },
  PROGRAMME_POINTS_REDEEMED: { owner: 'programme', unitKind: 'points', normalSide: 'C', nonNegative: false, meaning: 'points customers have spent' },
  PROGRAMME_CASHBACK_EXPENSE: { owner: 'programme', unitKind: 'money', normalSide: 'D', nonNegative: false, meaning: 'cost of cash back granted' },
  PROGRAMME_CASHBACK_SETTLEMENT: {
    owner: 'programme',
    unitKind: 'money',
    normalSide: 'C',
    nonNegative: false,
    meaning: 'cash back paid to customer accounts in the core',
  },
  CUSTOMER_CASHBACK_ON_HOLD: {
    owner: 'customer',
    unitKind: 'money',
    normalSide: 'C',
    nonNegative: true,
    meaning: 'cash back expected from card authorisations: shown, not spendable, until the purchase is confirmed or the hold ends',
  },
  PROGRAMME_CASHBACK_ON_HOLD: { owner: 'programme', unitKind: 'money', normalSide: 'D', nonNegative: false, meaning: 'other side of cash back on hold' },
  PROGRAMME_POINTS_EXPIRED: { owner: 'programme', unitKind: 'points', normalSide: 'C', nonNegative: false, meaning: 'points that expired unspent' },
  PROGRAMME_POINTS_SHORTFALL: {
    owner: 'programme',
    unitKind: 'points',
    normalSide: 'D',
    nonNegative: false,
    meaning: 'reversed points the customer had already spent (written off)',
  },
  PROGRAMME_CASHBACK_SHORTFALL: {
    owner: 'programme',
    unitKind: 'money',
    normalSide: 'D',
    nonNegative: false,
    meaning: 'reversed cash back already paid out (written off)',
  },
} satisfies Record<string, AccountSpec>);

export type AccountCode = keyof typeof CHART;

export function isAccountCode(code: string): code is AccountCode {
  return Object.prototype.hasOwnProperty.call(CHART, code);
}

export function specOf(code: AccountCode): AccountSpec {
  return CHART[code];
}

/** Whether `unit` is one this account can hold. */
export function unitFits(code: AccountCode, unit: string): boolean {
  return specOf(code).unitKind === 'points' ? unit === POINTS_UNIT : CURRENCY_EXPONENT[unit] !== undefined;
}
