// How each account behaves over time: its monthly events (salary, rent, bills, standing orders,
// instalments, interest, fees), how often it is used for everything else, and trips abroad.
// Events between two accounts of the same customer are planned on both sides with the same
// amounts and bounded by the days both accounts exist.
import { Rng, tagHash } from '../prng';
import { companyIban, employerName, landlordName } from './counterparties';
import type { MerchantCatalogue } from './merchants';
import { nth } from './nth';
import { CITIES, CURRENCY_COUNTRY, EMPLOYERS, LANDLORDS, MONTHLY_FEE } from './reference';
import type { Account, AccountProfile, Customer, RecurringEvent, Trip } from './types';

/** Byte threshold for an expected `perDay` random events (four byte draws per day). */
function thresholdFor(perDay: number): number {
  return Math.max(0, Math.min(230, Math.round((perDay / 4) * 256)));
}

export interface ProfileContext {
  seed: number;
  anchorDay: number;
  windowFirst: number;
  merchants: MerchantCatalogue;
}

/** Per-customer overrides used by the demo customers (see demo.ts). */
export interface ProfileOverrides {
  spendPerDay?: number;
  salaryMinor?: bigint;
  /** trips as [days before anchor the trip ended, length, city name] */
  trips?: Array<[number, number, string]>;
  /** activity falling: since `daysAgo` days before the anchor, card and cash use at `percent` % of the usual rate */
  fade?: { daysAgo: number; percent: number };
}

const emptyProfile = (homeCity: number): AccountProfile => ({
  dailyThreshold: 0,
  tripThreshold: 0,
  recurring: [],
  trips: [],
  homeCity,
  nonCardPercent: 0,
});

function lastDayOf(a: Account, anchorDay: number): number {
  return a.closedDay ?? anchorDay;
}

/** Bounds of a paired event: only while both accounts are open. */
function bounds(a: Account, b: Account, anchorDay: number): { firstDay: number; lastDay: number } {
  return { firstDay: Math.max(a.openedDay, b.openedDay), lastDay: Math.min(lastDayOf(a, anchorDay), lastDayOf(b, anchorDay)) };
}

function pickMerchant(rng: Rng, ctx: ProfileContext, mcc: string): number | undefined {
  const list = ctx.merchants.recurringByMcc.get(mcc);
  return list && list.length ? rng.pick(list) : undefined;
}

function planTrips(rng: Rng, ctx: ProfileContext, account: Account, overrides?: ProfileOverrides): Trip[] {
  const first = Math.max(ctx.windowFirst, account.openedDay) + 14;
  const last = lastDayOf(account, ctx.anchorDay);
  if (overrides?.trips) {
    return overrides.trips.map(([endedDaysAgo, length, cityName]) => {
      const cityIndex = CITIES.findIndex((c) => c.name === cityName);
      const lastDay = ctx.anchorDay - endedDaysAgo;
      return { firstDay: lastDay - length + 1, lastDay, cityIndex: cityIndex < 0 ? nth(ctx.merchants.abroadCities, 0, 'city abroad') : cityIndex };
    });
  }
  if (last - first < 30) return [];
  const n = rng.pick([0, 1, 1, 2, 2, 3]);
  const trips: Trip[] = [];
  for (let i = 0; i < n; i++) {
    const length = rng.int(3, 10);
    const firstDay = rng.int(first, last - length);
    const candidate = { firstDay, lastDay: firstDay + length - 1, cityIndex: rng.pick(ctx.merchants.abroadCities) };
    if (trips.every((t) => candidate.lastDay < t.firstDay - 7 || candidate.firstDay > t.lastDay + 7)) trips.push(candidate);
  }
  return trips.sort((a, b) => a.firstDay - b.firstDay);
}

/**
 * Fills `profile` of every account of `customer`. `accounts` are the customer's accounts in
 * order; the first CURRENT account in EUR is the main one (salary, bills, standing orders).
 */
// eslint-disable-next-line max-lines-per-function -- the demo population plan, one block per persona; kept together so the shares read as one table
export function planProfiles(ctx: ProfileContext, customer: Customer, accounts: Account[], overrides?: ProfileOverrides): void {
  const rng = Rng.of(ctx.seed, 'profile', customer.index);
  const home = customer.cityIndex;
  const main = accounts.find((a) => a.type === 'CURRENT' && a.currency === 'EUR');
  const savings = accounts.find((a) => a.type === 'SAVINGS' && a.currency === 'EUR');
  const loan = accounts.find((a) => a.type === 'LOAN');
  const card = accounts.find((a) => a.type === 'CARD');
  const youth = customer.segment === 'YOUTH';
  const wealth = { RETAIL: 1, PREMIER: 2, PRIVATE: 4, YOUTH: 1 }[customer.segment];

  for (const a of accounts) a.profile = emptyProfile(home);

  if (main) {
    const p = main.profile;
    const spend = overrides?.spendPerDay ?? (youth ? 0.25 + rng.float() * 0.45 : 0.3 + rng.float() * 0.6) * (card ? 0.7 : 1);
    p.dailyThreshold = thresholdFor(spend);
    p.nonCardPercent = 12;
    const ev: RecurringEvent[] = [];
    if (overrides?.salaryMinor !== undefined || rng.chance(youth ? 0.4 : 0.85)) {
      const employer = rng.below(EMPLOYERS.length);
      const salary = overrides?.salaryMinor ?? (youth ? rng.minor(40000, 120000, 100) : rng.minor(180000, 520000 * wealth, 100));
      ev.push({
        when: 'SALARY_DAY',
        kind: 'SALARY',
        direction: 'CREDIT',
        amount: salary,
        description: `Salary ${employerName(employer)}`,
        counterpartyName: employerName(employer),
        counterpartyIban: companyIban('employer', employer),
        second: 3 * 3600 + rng.below(3600),
      });
    }
    if (rng.chance(youth ? 0.3 : 0.6)) {
      const landlord = rng.below(LANDLORDS.length);
      ev.push({
        when: rng.int(1, 3),
        kind: 'TRANSFER',
        direction: 'DEBIT',
        amount: rng.minor(45000, 190000, 1000),
        description: `Rent ${landlordName(landlord)}`,
        counterpartyName: landlordName(landlord),
        counterpartyIban: companyIban('landlord', landlord),
        second: 4 * 3600 + rng.below(1800),
      });
    }
    const bill = (mcc: string, when: number, amount: RecurringEvent['amount'], kind: RecurringEvent['kind'] = 'DIRECT_DEBIT') => {
      const merchant = pickMerchant(rng, ctx, mcc);
      if (merchant === undefined) return;
      const { name } = nth(ctx.merchants.all, merchant, 'merchant');
      ev.push({
        when,
        kind,
        direction: 'DEBIT',
        amount,
        description: kind === 'CARD' ? name : `Direct debit ${name}`,
        counterpartyName: kind === 'CARD' ? undefined : name,
        merchant,
        second: 2 * 3600 + rng.below(7200),
      });
    };
    bill('4900', rng.int(10, 15), { min: 4500, max: 18000, tag: tagHash(`util:${main.index}`) });
    bill('4814', rng.int(5, 20), rng.minor(1999, 6499));
    if (rng.chance(0.7)) bill('4899', rng.int(7, 20), rng.minor(799, 1799), 'CARD');
    if (rng.chance(0.5)) bill('6300', rng.int(1, 10), rng.minor(2500, 12000));
    if (rng.chance(0.3)) bill('7997', rng.int(1, 5), rng.minor(1990, 5990));
    const fee = MONTHLY_FEE[customer.segment];
    if (fee > 0) ev.push({ when: 'LAST_DAY', kind: 'FEE', direction: 'DEBIT', amount: BigInt(fee), description: 'Monthly account fee', second: 1 * 3600 });
    if (savings) {
      const amount = rng.minor(2500, 80000 * wealth, 500);
      const b = bounds(main, savings, ctx.anchorDay);
      ev.push({
        when: 26,
        kind: 'TRANSFER',
        direction: 'DEBIT',
        amount,
        description: 'Standing order to savings',
        counterpartyName: customer.fullName,
        counterpartyIban: savings.iban,
        second: 5 * 3600,
        ...b,
      });
      savings.profile.recurring.push({
        when: 26,
        kind: 'TRANSFER',
        direction: 'CREDIT',
        amount,
        description: 'Standing order from current account',
        counterpartyName: customer.fullName,
        counterpartyIban: main.iban,
        second: 5 * 3600,
        ...b,
      });
    }
    if (loan && loan.nextInstalmentMinor !== undefined && loan.nextInstalmentDate) {
      const dom = Number(loan.nextInstalmentDate.slice(8, 10));
      const b = bounds(main, loan, ctx.anchorDay);
      ev.push({
        when: dom,
        kind: 'DIRECT_DEBIT',
        direction: 'DEBIT',
        amount: loan.nextInstalmentMinor,
        description: `Loan instalment ${loan.accountId}`,
        counterpartyName: 'Corebridge Bank Loans',
        counterpartyIban: loan.iban,
        second: 2 * 3600 + 600,
        ...b,
      });
      loan.profile.recurring.push({
        when: dom,
        kind: 'TRANSFER',
        direction: 'CREDIT',
        amount: loan.nextInstalmentMinor,
        description: 'Instalment received',
        counterpartyName: customer.fullName,
        counterpartyIban: main.iban,
        second: 2 * 3600 + 600,
        ...b,
      });
    }
    if (card) {
      const amount = { min: 5000, max: 150000 * wealth, tag: tagHash(`card:${card.index}`) };
      const b = bounds(main, card, ctx.anchorDay);
      ev.push({
        when: 20,
        kind: 'DIRECT_DEBIT',
        direction: 'DEBIT',
        amount,
        description: `Credit card repayment ${card.accountId}`,
        counterpartyName: 'Corebridge Bank Cards',
        counterpartyIban: card.iban,
        second: 2 * 3600 + 1200,
        ...b,
      });
      card.profile.recurring.push({
        when: 20,
        kind: 'TRANSFER',
        direction: 'CREDIT',
        amount,
        description: 'Repayment from current account',
        counterpartyName: customer.fullName,
        counterpartyIban: main.iban,
        second: 2 * 3600 + 1200,
        ...b,
      });
    }
    p.recurring.push(...ev);
  }

  for (const a of accounts) {
    const p = a.profile;
    if (a.type === 'CURRENT' && a !== main) {
      p.spendCountry = CURRENCY_COUNTRY[a.currency];
      p.dailyThreshold = thresholdFor(0.05 + rng.float() * 0.25);
      p.nonCardPercent = 20;
      p.recurring.push({ when: 'LAST_DAY', kind: 'FEE', direction: 'DEBIT', amount: 200n, description: 'Foreign currency account fee', second: 3600 });
    } else if (a.type === 'SAVINGS') {
      p.dailyThreshold = thresholdFor(0.01 + rng.float() * 0.03);
      p.nonCardPercent = 100;
      if (a.interestBp) {
        // monthly interest on the seeded balance: base * bp / 120000, integer division
        const interest = (a.baseMinor * BigInt(a.interestBp)) / 120000n;
        if (interest > 0n)
          p.recurring.push({ when: 'LAST_DAY', kind: 'INTEREST', direction: 'CREDIT', amount: interest, description: 'Interest credit', second: 1800 });
      }
    } else if (a.type === 'LOAN') {
      if (a.interestBp) {
        const interest = (-a.baseMinor * BigInt(a.interestBp)) / 120000n;
        if (interest > 0n)
          p.recurring.push({ when: 'LAST_DAY', kind: 'INTEREST', direction: 'DEBIT', amount: interest, description: 'Loan interest', second: 1800 });
      }
    } else if (a.type === 'CARD') {
      p.dailyThreshold = thresholdFor(overrides?.spendPerDay !== undefined ? overrides.spendPerDay * 0.6 : 0.2 + rng.float() * 0.6);
      p.nonCardPercent = 2;
    }
  }

  if (overrides?.fade) {
    const fade = { fromDay: ctx.anchorDay - overrides.fade.daysAgo, percent: overrides.fade.percent };
    for (const a of accounts) if (a.profile.dailyThreshold > 0) a.profile.fade = fade;
  }

  // trips are paid with the credit card when there is one
  const traveller = card && card.status === 'ACTIVE' ? card : main;
  if (traveller) {
    traveller.profile.trips = planTrips(rng, ctx, traveller, overrides);
    traveller.profile.tripThreshold = Math.min(230, traveller.profile.dailyThreshold + thresholdFor(1.2));
  }
}
