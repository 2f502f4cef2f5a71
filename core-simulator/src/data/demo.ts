// The demo customers: the first five ids have a fixed shape (names, products, balances) whatever
// the seed, so demos, docs and tests can name them. Their transactions still come from the seed.
// Documented in core-simulator/README.md; keep both in step.
import type { ProfileOverrides } from './profiles';
import type { Segment } from './reference';
import type { AccountType } from './types';

interface DemoAccountPlan {
  type: AccountType;
  currency: string;
  productCode: string;
  productName: string;
  /** days before the anchor the account was opened (clamped to the customer's start) */
  openedDaysAgo: number;
  /** CURRENT/SAVINGS: available balance; CARD/LOAN: ledger (negative) */
  baseMinor: bigint;
  closedDaysAgo?: number;
  card?: { brand: 'VISA' | 'MASTERCARD'; kind: 'DEBIT' | 'CREDIT' };
  interestBp?: number;
  creditLimitMinor?: bigint;
  savingsGoalMinor?: bigint;
  loanPrincipalMinor?: bigint;
  instalmentDom?: number;
}

export interface DemoCustomerPlan {
  firstName: string;
  lastName: string;
  segment: Segment;
  city: string;
  country: string;
  customerSinceDaysAgo: number;
  birthDate: string;
  phone: string;
  marketingConsent: boolean;
  eStatements: boolean;
  accounts: DemoAccountPlan[];
  overrides?: ProfileOverrides;
}

export const DEMO_CUSTOMERS: readonly DemoCustomerPlan[] = [
  {
    // C-000001: the rich demo customer (multi-product, multi-currency, recent trip abroad)
    firstName: 'Mia',
    lastName: 'Hoffmann',
    segment: 'PREMIER',
    city: 'Berlin',
    country: 'DE',
    customerSinceDaysAgo: 4800,
    birthDate: '1986-09-03',
    phone: '+49 151 23456789',
    marketingConsent: true,
    eStatements: false,
    accounts: [
      {
        type: 'CURRENT',
        currency: 'EUR',
        productCode: 'CUR-PREM',
        productName: 'Premier Current Account',
        openedDaysAgo: 4800,
        baseMinor: 485000n,
        card: { brand: 'VISA', kind: 'DEBIT' },
      },
      {
        type: 'SAVINGS',
        currency: 'EUR',
        productCode: 'SAV-GOAL',
        productName: 'Goal Saver',
        openedDaysAgo: 2100,
        baseMinor: 1240000n,
        interestBp: 210,
        savingsGoalMinor: 2000000n,
      },
      {
        type: 'CARD',
        currency: 'EUR',
        productCode: 'CC-GOLD',
        productName: 'Gold Credit Card',
        openedDaysAgo: 1300,
        baseMinor: -64218n,
        creditLimitMinor: 500000n,
        interestBp: 1690,
        card: { brand: 'MASTERCARD', kind: 'CREDIT' },
      },
      { type: 'CURRENT', currency: 'GBP', productCode: 'CUR-FX-GBP', productName: 'Foreign Currency Account GBP', openedDaysAgo: 260, baseMinor: 125000n },
    ],
    overrides: {
      spendPerDay: 1.3,
      salaryMinor: 420000n,
      trips: [
        [6, 6, 'Barcelona'],
        [150, 8, 'London'],
      ],
    },
  },
  {
    // C-000002: no marketing consent
    firstName: 'Jonas',
    lastName: 'Becker',
    segment: 'RETAIL',
    city: 'Hamburg',
    country: 'DE',
    customerSinceDaysAgo: 2900,
    birthDate: '1979-02-14',
    phone: '+49 160 98765432',
    marketingConsent: false,
    eStatements: true,
    accounts: [
      {
        type: 'CURRENT',
        currency: 'EUR',
        productCode: 'CUR-STD',
        productName: 'Everyday Current Account',
        openedDaysAgo: 2900,
        baseMinor: 231000n,
        card: { brand: 'MASTERCARD', kind: 'DEBIT' },
      },
      { type: 'SAVINGS', currency: 'EUR', productCode: 'SAV-FLEX', productName: 'Flexible Saver', openedDaysAgo: 1800, baseMinor: 560000n, interestBp: 150 },
    ],
  },
  {
    // C-000003: a single account
    firstName: 'Lena',
    lastName: 'Wagner',
    segment: 'YOUTH',
    city: 'Leipzig',
    country: 'DE',
    customerSinceDaysAgo: 700,
    birthDate: '2005-05-21',
    phone: '+49 176 11223344',
    marketingConsent: true,
    eStatements: true,
    accounts: [
      {
        type: 'CURRENT',
        currency: 'EUR',
        productCode: 'CUR-YOUTH',
        productName: 'Youth Current Account',
        openedDaysAgo: 700,
        baseMinor: 32000n,
        card: { brand: 'VISA', kind: 'DEBIT' },
      },
    ],
  },
  {
    // C-000004: a closed savings account and a loan
    firstName: 'Felix',
    lastName: 'Braun',
    segment: 'RETAIL',
    city: 'Köln',
    country: 'DE',
    customerSinceDaysAgo: 3600,
    birthDate: '1972-11-30',
    phone: '+49 171 55667788',
    marketingConsent: true,
    eStatements: false,
    accounts: [
      {
        type: 'CURRENT',
        currency: 'EUR',
        productCode: 'CUR-STD',
        productName: 'Everyday Current Account',
        openedDaysAgo: 3600,
        baseMinor: 178000n,
        card: { brand: 'VISA', kind: 'DEBIT' },
      },
      {
        type: 'SAVINGS',
        currency: 'EUR',
        productCode: 'SAV-FLEX',
        productName: 'Flexible Saver',
        openedDaysAgo: 2000,
        baseMinor: 0n,
        closedDaysAgo: 90,
        interestBp: 150,
      },
      {
        type: 'LOAN',
        currency: 'EUR',
        productCode: 'LN-CAR',
        productName: 'Car Loan',
        openedDaysAgo: 700,
        baseMinor: -1125000n,
        interestBp: 490,
        loanPrincipalMinor: 1800000n,
        instalmentDom: 15,
      },
    ],
  },
  {
    // C-000005: a nearly empty current account and a USD account (refusals: funds, currency)
    firstName: 'Sofia',
    lastName: 'Keller',
    segment: 'RETAIL',
    city: 'München',
    country: 'DE',
    customerSinceDaysAgo: 1500,
    birthDate: '1994-07-08',
    phone: '+49 152 44556677',
    marketingConsent: true,
    eStatements: true,
    accounts: [
      {
        type: 'CURRENT',
        currency: 'EUR',
        productCode: 'CUR-STD',
        productName: 'Everyday Current Account',
        openedDaysAgo: 1500,
        baseMinor: 2500n,
        card: { brand: 'VISA', kind: 'DEBIT' },
      },
      { type: 'CURRENT', currency: 'USD', productCode: 'CUR-FX-USD', productName: 'Foreign Currency Account USD', openedDaysAgo: 500, baseMinor: 90000n },
    ],
  },
];
