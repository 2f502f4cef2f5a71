// Builds the simulated bank from (seed, number of customers, anchor date): customers, accounts,
// cards and account profiles are materialised (tens of thousands of small records); transactions
// are only counted here and generated lazily by HistoryGenerator.
import { Rng, hash2, tagHash } from '../prng';
import { addMonths, isoOfDay, parseIsoDay } from './calendar';
import { DEMO_CUSTOMERS, type DemoCustomerPlan } from './demo';
import { HistoryGenerator, HISTORY_DAYS } from './history';
import { makeIban } from './iban';
import { buildMerchants, type MerchantCatalogue } from './merchants';
import { nth } from './nth';
import { luhnCheckDigit } from './pan';
import { planProfiles, type ProfileContext } from './profiles';
import {
  BANK_CODE,
  CARD_PRODUCTS,
  CITIES,
  CURRENCY_SCALE,
  CURRENT_PRODUCTS,
  FIRST_NAMES,
  FX_CURRENT_PRODUCT,
  LAST_NAMES,
  LOAN_PRODUCTS,
  type Product,
  RESIDENCE_COUNTRIES,
  SAVINGS_PRODUCTS,
} from './reference';
import type { Account, AccountType, Card, Customer } from './types';

interface DatasetOptions {
  seed: number;
  customers: number;
  /** YYYY-MM-DD: the last day of generated history */
  anchorDate: string;
}

export interface Dataset {
  seed: number;
  anchorDate: string;
  anchorDay: number;
  customers: Customer[];
  accounts: Account[];
  cards: Card[];
  merchants: MerchantCatalogue;
  generator: HistoryGenerator;
  customerById: Map<string, Customer>;
  accountById: Map<string, Account>;
  accountByIban: Map<string, Account>;
  cardById: Map<string, Card>;
  cardByPan: Map<string, Card>;
  /** total seeded transactions (sum of every account's txnCount) */
  generatedTransactions: number;
}

const BINS = {
  VISA: { DEBIT: '416598', CREDIT: '454742' },
  MASTERCARD: { DEBIT: '535522', CREDIT: '552033' },
} as const;

/** in days */
const YEAR = 365;

function slug(text: string): string {
  return text
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
}

function phoneFor(rng: Rng, country: string): string {
  const digits = (n: number) => Array.from({ length: n }, () => rng.below(10)).join('');
  if (country === 'AT') return `+43 66${rng.below(10)} ${digits(7)}`;
  if (country === 'NL') return `+31 6 ${digits(8)}`;
  return `+49 15${rng.int(1, 7)} ${digits(8)}`;
}

function weightedCity(rng: Rng, country: string): number {
  const candidates = CITIES.map((c, i) => ({ c, i })).filter(({ c }) => c.country === country);
  const weights = candidates.map(({ c }) => c.weight);
  return rng.pickWeighted(candidates, weights).i;
}

interface AccountSpec {
  type: AccountType;
  currency: string;
  product: Product;
  openedDay: number;
  baseMinor: bigint;
  closedDay?: number;
  interestBp?: number;
  creditLimitMinor?: bigint;
  savingsGoalMinor?: bigint;
  loanPrincipalMinor?: bigint;
  instalmentDom?: number;
  card?: { brand: 'VISA' | 'MASTERCARD'; kind: 'DEBIT' | 'CREDIT' };
}

class Builder {
  readonly customers: Customer[] = [];
  readonly accounts: Account[] = [];
  readonly cards: Card[] = [];
  private readonly panOffset: number;

  constructor(
    private readonly seed: number,
    private readonly anchorDay: number,
    private readonly ctx: ProfileContext,
  ) {
    // different seeds, different card numbers; the affine map below stays a bijection
    this.panOffset = hash2(seed, tagHash('pan')) % 1_000_000_000;
  }

  private addAccount(customer: Customer, spec: AccountSpec): Account {
    const index = this.accounts.length;
    // 10-digit account number: a bijective scramble of the index (7919 is coprime with 10^9)
    const accountNumber = `4${String(((index + 1) * 7919) % 1_000_000_000).padStart(9, '0')}`;
    const account: Account = {
      index,
      accountId: `A-${String(index + 1).padStart(7, '0')}`,
      customer: customer.index,
      accountNumber,
      iban: makeIban('DE', `${BANK_CODE}${accountNumber}`),
      type: spec.type,
      productCode: spec.product.code,
      productName: spec.product.name,
      currency: spec.currency,
      status: spec.closedDay !== undefined ? 'CLOSED' : 'ACTIVE',
      openedOn: isoOfDay(spec.openedDay),
      openedDay: spec.openedDay,
      closedDay: spec.closedDay,
      baseMinor: spec.closedDay !== undefined ? 0n : spec.baseMinor,
      profile: { dailyThreshold: 0, tripThreshold: 0, recurring: [], trips: [], homeCity: customer.cityIndex, nonCardPercent: 0 },
      txnCount: 0,
    };
    if (spec.interestBp !== undefined) account.interestBp = spec.interestBp;
    if (spec.creditLimitMinor !== undefined) account.creditLimitMinor = spec.creditLimitMinor;
    if (spec.savingsGoalMinor !== undefined) account.savingsGoalMinor = spec.savingsGoalMinor;
    if (spec.loanPrincipalMinor !== undefined) {
      account.loanPrincipalMinor = spec.loanPrincipalMinor;
      // instalment: principal over 60 months plus a month's interest on it, integer arithmetic
      const bp = BigInt(spec.interestBp ?? 0);
      account.nextInstalmentMinor = spec.loanPrincipalMinor / 60n + (spec.loanPrincipalMinor * bp) / 120000n;
      // the first instalment day after the anchor
      const dom = spec.instalmentDom ?? 1;
      const anchor = new Date(this.anchorDay * 86_400_000);
      const thisMonth = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), dom) / 86_400_000;
      account.nextInstalmentDate = isoOfDay(thisMonth > this.anchorDay ? thisMonth : addMonths(thisMonth, 1));
    }
    this.accounts.push(account);
    customer.accounts.push(index);
    if (spec.card && spec.closedDay === undefined) this.addCard(customer, account, spec.card.brand, spec.card.kind);
    return account;
  }

  private addCard(customer: Customer, account: Account, brand: 'VISA' | 'MASTERCARD', kind: 'DEBIT' | 'CREDIT'): void {
    const index = this.cards.length;
    const rng = Rng.of(this.seed, 'card', index);
    const body = `${BINS[brand][kind]}${String(((index + 1) * 7919 + this.panOffset) % 1_000_000_000).padStart(9, '0')}`;
    const pan = `${body}${luhnCheckDigit(body)}`;
    const roll = rng.below(100);
    const status = customer.index < DEMO_CUSTOMERS.length ? 'ACTIVE' : roll < 2 ? 'BLOCKED' : roll < 4 ? 'EXPIRED' : 'ACTIVE';
    const anchor = new Date(this.anchorDay * 86_400_000);
    const monthsAhead = status === 'EXPIRED' ? -rng.int(1, 12) : rng.int(6, 48);
    const expiry = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + monthsAhead, 1));
    this.cards.push({
      index,
      cardId: `K-${String(index + 1).padStart(7, '0')}`,
      customer: customer.index,
      account: account.index,
      pan,
      brand,
      kind,
      status,
      expiryMonth: expiry.getUTCMonth() + 1,
      expiryYear: expiry.getUTCFullYear(),
    });
    customer.cards.push(index);
  }

  private newCustomer(index: number, fields: Omit<Customer, 'index' | 'customerId' | 'accounts' | 'cards'>): Customer {
    const customer: Customer = { index, customerId: `C-${String(index + 1).padStart(6, '0')}`, ...fields, accounts: [], cards: [] };
    this.customers.push(customer);
    return customer;
  }

  addDemo(index: number, plan: DemoCustomerPlan): void {
    const since = Math.min(this.anchorDay - plan.customerSinceDaysAgo, this.anchorDay - YEAR);
    const cityIndex = Math.max(
      0,
      CITIES.findIndex((c) => c.name === plan.city),
    );
    const customer = this.newCustomer(index, {
      fullName: `${plan.firstName} ${plan.lastName}`,
      shortName: `${plan.firstName} ${plan.lastName[0]}.`,
      segment: plan.segment,
      customerSince: isoOfDay(since),
      birthDate: plan.birthDate,
      email: `${slug(plan.firstName)}.${slug(plan.lastName)}@example.com`,
      phone: plan.phone,
      country: plan.country,
      city: plan.city,
      cityIndex,
      marketingConsent: plan.marketingConsent,
      eStatements: plan.eStatements,
    });
    const accounts = plan.accounts.map((a) =>
      this.addAccount(customer, {
        type: a.type,
        currency: a.currency,
        product: { code: a.productCode, name: a.productName },
        openedDay: Math.max(since, this.anchorDay - a.openedDaysAgo),
        closedDay: a.closedDaysAgo !== undefined ? this.anchorDay - a.closedDaysAgo : undefined,
        baseMinor: a.baseMinor,
        interestBp: a.interestBp,
        creditLimitMinor: a.creditLimitMinor,
        savingsGoalMinor: a.savingsGoalMinor,
        loanPrincipalMinor: a.loanPrincipalMinor,
        instalmentDom: a.instalmentDom,
        card: a.card,
      }),
    );
    planProfiles(this.ctx, customer, accounts, plan.overrides);
  }

  // eslint-disable-next-line max-lines-per-function -- one generated customer, drawn in a fixed order: splitting it would hide the order the seed depends on
  addRandom(index: number): void {
    const rng = Rng.of(this.seed, 'customer', index);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const segment = rng.pickWeighted(['RETAIL', 'PREMIER', 'PRIVATE', 'YOUTH'] as const, [68, 16, 4, 12]);
    const age = segment === 'YOUTH' ? rng.int(16 * YEAR, 25 * YEAR) : rng.int(22 * YEAR, 85 * YEAR);
    const birthDay = this.anchorDay - age;
    const earliest = Math.max(birthDay + (segment === 'YOUTH' ? 14 : 18) * YEAR, this.anchorDay - 30 * YEAR);
    const since = rng.int(earliest, this.anchorDay - 60);
    const countryWeights = RESIDENCE_COUNTRIES.map((r) => r.weight);
    const { country } = rng.pickWeighted(RESIDENCE_COUNTRIES, countryWeights);
    const cityIndex = weightedCity(rng, country);
    const customer = this.newCustomer(index, {
      fullName: `${first} ${last}`,
      shortName: `${first} ${last[0]}.`,
      segment,
      customerSince: isoOfDay(since),
      birthDate: isoOfDay(birthDay),
      email: `${slug(first)}.${slug(last)}.${index + 1}@example.${rng.pick(['com', 'org', 'net'])}`,
      phone: phoneFor(rng, country),
      country,
      city: nth(CITIES, cityIndex, 'city').name,
      cityIndex,
      marketingConsent: rng.chance(0.85),
      eStatements: rng.chance(0.6),
    });

    // balances scale with the segment: a bigint fraction, no float touches an amount
    const [num, den] = ({ RETAIL: [1n, 1n], PREMIER: [4n, 1n], PRIVATE: [20n, 1n], YOUTH: [1n, 4n] } as const)[segment];
    const big = (min: number, max: number) => (rng.minor(min, max) * num) / den;
    const openedAfter = (from: number) => (from >= this.anchorDay - 20 ? from : rng.int(from, this.anchorDay - 20));
    const maybeClosed = (opened: number): number | undefined =>
      opened < this.anchorDay - 120 && rng.chance(0.03) ? rng.int(opened + 60, this.anchorDay - 10) : undefined;

    const specs: AccountSpec[] = [];
    specs.push({
      type: 'CURRENT',
      currency: 'EUR',
      product: CURRENT_PRODUCTS[segment],
      openedDay: since,
      baseMinor: big(5000, 600000),
      card: rng.chance(0.9) ? { brand: rng.chance(0.7) ? 'VISA' : 'MASTERCARD', kind: 'DEBIT' } : undefined,
    });
    const n = rng.pickWeighted([1, 2, 3, 4], [28, 34, 24, 14]);
    const taken = new Set<string>(['CURRENT:EUR']);
    for (let tries = 0; specs.length < n && tries < 20; tries++) {
      const kind = rng.weighted([40, 30, 15, 15]);
      const opened = openedAfter(since);
      const closed = maybeClosed(opened);
      if (kind === 0 && !taken.has('SAVINGS')) {
        taken.add('SAVINGS');
        const product = rng.pick(SAVINGS_PRODUCTS);
        const base = big(20000, 2500000);
        specs.push({
          type: 'SAVINGS',
          currency: 'EUR',
          product,
          openedDay: opened,
          closedDay: closed,
          baseMinor: base,
          interestBp: rng.int(50, 275),
          savingsGoalMinor: product.code === 'SAV-GOAL' ? ((base + rng.minor(100000, 3000000)) / 10000n) * 10000n : undefined,
        });
      } else if (kind === 1 && !taken.has('CARD')) {
        taken.add('CARD');
        const gold = segment === 'PREMIER' || segment === 'PRIVATE';
        const limit = BigInt(gold ? rng.pick([500000, 1000000]) : rng.pick([100000, 200000, 300000]));
        specs.push({
          type: 'CARD',
          currency: 'EUR',
          product: nth(CARD_PRODUCTS, gold ? 1 : 0, 'card product'),
          openedDay: opened,
          closedDay: closed,
          baseMinor: -((limit * BigInt(rng.int(0, 60))) / 100n),
          creditLimitMinor: limit,
          interestBp: rng.int(1490, 1990),
          card: { brand: rng.chance(0.5) ? 'VISA' : 'MASTERCARD', kind: 'CREDIT' },
        });
      } else if (kind === 2 && !taken.has('LOAN') && segment !== 'YOUTH') {
        taken.add('LOAN');
        const pi = rng.below(LOAN_PRODUCTS.length);
        const principals = [rng.minor(300000, 6000000, 10000), rng.minor(800000, 4500000, 10000), rng.minor(1000000, 8000000, 10000)];
        const principal = nth(principals, pi, 'loan principal');
        specs.push({
          type: 'LOAN',
          currency: 'EUR',
          product: nth(LOAN_PRODUCTS, pi, 'loan product'),
          openedDay: opened,
          closedDay: closed,
          baseMinor: -((principal * BigInt(rng.int(10, 95))) / 100n),
          interestBp: rng.int(399, 899),
          loanPrincipalMinor: principal,
          instalmentDom: rng.int(1, 28),
        });
      } else if (kind === 3) {
        const currency = rng.pickWeighted(['GBP', 'USD', 'CHF', 'PLN'], [4, 4, 3, 3]);
        if (taken.has(`CURRENT:${currency}`)) continue;
        taken.add(`CURRENT:${currency}`);
        specs.push({
          type: 'CURRENT',
          currency,
          product: FX_CURRENT_PRODUCT(currency),
          openedDay: opened,
          closedDay: closed,
          baseMinor: rng.minor(10000, 500000) * BigInt(CURRENCY_SCALE[currency] ?? 1),
          card: rng.chance(0.5) ? { brand: 'VISA', kind: 'DEBIT' } : undefined,
        });
      }
    }
    const accounts = specs.map((s) => this.addAccount(customer, s));
    // a separate stream, so adding personas left every other draw (and customer) unchanged
    const persona = Rng.of(this.seed, 'persona', index);
    const fading = persona.chance(0.06) ? { daysAgo: persona.int(30, 40), percent: persona.int(10, 30) } : undefined;
    planProfiles(this.ctx, customer, accounts, fading ? { fade: fading } : undefined);
  }
}

export function buildDataset(options: DatasetOptions): Dataset {
  const anchorDay = parseIsoDay(options.anchorDate);
  if (anchorDay === undefined) throw new Error(`anchorDate must be YYYY-MM-DD, got ${JSON.stringify(options.anchorDate)}`);
  if (!Number.isInteger(options.customers) || options.customers < DEMO_CUSTOMERS.length) {
    throw new Error(`customers must be an integer >= ${DEMO_CUSTOMERS.length}`);
  }
  const seed = options.seed >>> 0;
  const merchants = buildMerchants();
  const generator = new HistoryGenerator(seed, anchorDay, merchants);
  const ctx: ProfileContext = { seed, anchorDay, windowFirst: anchorDay - HISTORY_DAYS + 1, merchants };
  const builder = new Builder(seed, anchorDay, ctx);
  for (let i = 0; i < options.customers; i++) {
    const demo = DEMO_CUSTOMERS[i];
    if (demo) builder.addDemo(i, demo);
    else builder.addRandom(i);
  }
  let generatedTransactions = 0;
  for (const a of builder.accounts) {
    a.txnCount = generator.count(a);
    generatedTransactions += a.txnCount;
  }
  return {
    seed,
    anchorDate: options.anchorDate,
    anchorDay,
    customers: builder.customers,
    accounts: builder.accounts,
    cards: builder.cards,
    merchants,
    generator,
    customerById: new Map(builder.customers.map((c) => [c.customerId, c])),
    accountById: new Map(builder.accounts.map((a) => [a.accountId, a])),
    accountByIban: new Map(builder.accounts.map((a) => [a.iban, a])),
    cardById: new Map(builder.cards.map((c) => [c.cardId, c])),
    cardByPan: new Map(builder.cards.map((c) => [c.pan, c])),
    generatedTransactions,
  };
}
