// A loyalty programme on a store (PGlite in memory or a PostgreSQL schema) with an injected
// clock, fake core and fake partners: what the loyalty-* tests drive. Not a running server.
import type { Database } from '../../../../lib/db/database';
import { openPglite } from '../../../../lib/db/pglite-database';
import { assertPgliteUsableUnderJest } from '../../../../test/support/pglite-under-jest';
import { createLogger } from '../../../../lib/logger';
import { type CoreAccount, type ExchangeRates, type TransferRequest, type TransferResult, CoreError } from '../../../../legacy-adapters/soap/src';
import { CoreExchangeRates } from '../../src/adapters/fx-rates';
import { migrate } from '../../src/db/migrate';
import { Ledger } from '../../src/db/ledger/ledger';
import type { EarningRules, TierName } from '../../src/domain/rules';
import { loadRules } from '../../src/config';
import { PartnerDirectory } from '../../src/adapters/partner-directory';
import { LedgerCardEventSink } from '../../src/db/card-sink';
import { Settlement } from '../../src/db/settlement';
import { Redemptions } from '../../src/db/redemptions';
import type { LoyaltyCore } from '../../src/adapters/core';
import type { IssueOutcome, PartnersPort } from '../../src/adapters/partners';
import type { CardAdvice } from '../../src/domain/card-advice';
import { assertLedgerInvariants } from '../../src/db/ledger/invariants';

export const FUNDING_ACCOUNT = 'ACC-FUNDING-EUR';

export class FakeCore implements LoyaltyCore {
  accounts = new Map<string, CoreAccount[]>();
  transfers: TransferRequest[] = [];
  private byReference = new Map<string, TransferResult>();
  calls = { accountsOf: 0, transfer: 0, lookup: 0 };
  /** next transfer fails with this error (once); with failReference only a transfer with that reference */
  failNext?: CoreError;
  failReference?: string;
  /** the transfer with this reference is booked but its answer is lost (a timeout), once */
  loseReplyFor?: string;
  /** the next transfer, whatever its reference, is booked but its answer is lost (a timeout) */
  loseNextReply = false;
  /** every reference a transfer was attempted with, booked or not, in order */
  attempted: string[] = [];
  /** lookups by reference fail with this error while set (the core cannot answer) */
  lookupFails?: CoreError;
  delayMs = 0;
  /** the core's FX table per EUR, the same for every date (the reference table's figures) */
  fxRates: Record<string, string> = { EUR: '1', USD: '1.0393', GBP: '0.83605', JPY: '161.35', BHD: '0.3917', KWD: '0.3205' };
  /** GetExchangeRates fails with this error while set (the core cannot answer) */
  fxFails?: CoreError;
  /** the dates rates were asked for, in order */
  fxAsked: string[] = [];

  async exchangeRates(date: string): Promise<ExchangeRates> {
    this.fxAsked.push(date);
    if (this.fxFails) throw this.fxFails;
    return { base: 'EUR', rates: Object.entries(this.fxRates).map(([currency, rate]) => ({ currency, rate, rateDate: date })) };
  }

  giveCurrentAccount(customerId: string, currency = 'EUR', openedOn = '2015-01-01'): string {
    const accountId = `ACC-${customerId}-${currency}`;
    const list = this.accounts.get(customerId) ?? [];
    list.push({
      accountId,
      customerId,
      accountNumber: '1',
      iban: 'DE00',
      type: 'CURRENT',
      productCode: 'CUR',
      productName: 'Current',
      currency,
      status: 'ACTIVE',
      openedOn,
    });
    this.accounts.set(customerId, list);
    return accountId;
  }

  async accountsOf(customerId: string): Promise<CoreAccount[]> {
    this.calls.accountsOf++;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    return this.accounts.get(customerId) ?? [];
  }

  async transferByReference(reference: string): Promise<TransferResult | undefined> {
    this.calls.lookup++;
    if (this.lookupFails) throw this.lookupFails;
    const booked = this.byReference.get(reference);
    return booked ? { ...booked, replayed: true } : undefined;
  }

  async transfer(req: TransferRequest): Promise<TransferResult> {
    this.calls.transfer++;
    this.attempted.push(req.callerReference);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failNext && (this.failReference === undefined || this.failReference === req.callerReference)) {
      const e = this.failNext;
      this.failNext = undefined;
      throw e;
    }
    const prior = this.byReference.get(req.callerReference);
    if (prior) return { ...prior, replayed: true };
    this.transfers.push(req);
    const result: TransferResult = {
      txnId: `X-${this.transfers.length}`,
      callerReference: req.callerReference,
      status: 'BOOKED',
      bookedAt: new Date().toISOString(),
      amount: req.amount,
      currency: req.currency,
      replayed: false,
    };
    this.byReference.set(req.callerReference, result);
    if (this.loseNextReply || this.loseReplyFor === req.callerReference) {
      if (this.loseNextReply) this.loseNextReply = false;
      else this.loseReplyFor = undefined;
      throw new CoreError('CORE_TIMEOUT', 'CreateTransaction', 'no answer in time', { retryable: true });
    }
    return result;
  }
}

export class FakePartners implements PartnersPort {
  rewards = new Map<string, { price: number; stock: number }>();
  issued = new Map<string, { rewardId: string; voucherCode: string; pointsPrice: number; released: boolean }>();
  calls = { issue: 0, release: 0 };

  async merchants() {
    return [{ partnerId: 'P-COFFEE', merchantIds: ['M-COFFEE-1', 'M-COFFEE-2'], earnBoost: '3' }];
  }

  async issueReward(input: { rewardId: string; customerId: string; idempotencyKey: string }): Promise<IssueOutcome> {
    this.calls.issue++;
    const prior = this.issued.get(input.idempotencyKey);
    if (prior) return { ok: true, rewardId: prior.rewardId, voucherCode: prior.voucherCode, pointsPrice: prior.pointsPrice };
    const r = this.rewards.get(input.rewardId);
    if (!r) return { ok: false, code: 'REWARD_NOT_FOUND' };
    if (r.stock <= 0) return { ok: false, code: 'OUT_OF_STOCK' };
    r.stock--;
    const v = { rewardId: input.rewardId, voucherCode: `V-${this.issued.size + 1}`, pointsPrice: r.price, released: false };
    this.issued.set(input.idempotencyKey, v);
    return { ok: true, rewardId: v.rewardId, voucherCode: v.voucherCode, pointsPrice: v.pointsPrice };
  }

  async releaseReward(key: string): Promise<boolean> {
    this.calls.release++;
    const v = this.issued.get(key);
    if (!v || v.released) return false;
    v.released = true;
    const r = this.rewards.get(v.rewardId);
    if (r) r.stock++;
    return true;
  }
}

export interface Programme {
  db: Database;
  ledger: Ledger;
  rules: EarningRules;
  sink: LedgerCardEventSink;
  settlement: Settlement;
  redemptions: Redemptions;
  core: FakeCore;
  partners: FakePartners;
  directory: PartnerDirectory;
  /** tier multiplier (basis points) per customer; 10000 when absent */
  tierBp: Map<string, bigint>;
  /** the tier behind it (CardPurchaseRecorded.tier); absent: unknown */
  tierName: Map<string, TierName>;
  clock: { now: Date };
  /** the ledger's and the money paths' invariants (src/db/ledger/invariants.ts) */
  check(): Promise<void>;
}

export async function programmeOn(db: Database, start = new Date('2025-03-15T10:00:00.000Z')): Promise<Programme> {
  await migrate(db);
  const clock = { now: start };
  const now = () => clock.now;
  process.env.LOG_LEVEL ??= 'warn';
  const log = createLogger('loyalty-test');
  const ledger = new Ledger(db, now);
  const rules = loadRules();
  const core = new FakeCore();
  const partners = new FakePartners();
  const directory = new PartnerDirectory(partners, log, now);
  await directory.refresh();
  const tierBp = new Map<string, bigint>();
  const tierName = new Map<string, TierName>();
  const fx = new CoreExchangeRates(core);
  const sink = new LedgerCardEventSink({
    db,
    ledger,
    rules,
    partners: directory,
    tierMultiplier: async (c) => tierBp.get(c) ?? 10000n,
    tierOf: (c) => tierName.get(c),
    currency: 'EUR',
    fx,
    clock: now,
    log,
  });
  const fundingAccounts = { EUR: FUNDING_ACCOUNT };
  const settlement = new Settlement({ db, ledger, core, currency: 'EUR', fundingAccounts, clock: now, log });
  const redemptions = new Redemptions({ db, ledger, core, partners, currency: 'EUR', fundingAccounts, clock: now, log });
  return {
    db,
    ledger,
    rules,
    sink,
    settlement,
    redemptions,
    core,
    partners,
    directory,
    tierBp,
    tierName,
    clock,
    check: () => assertLedgerInvariants(ledger, db),
  };
}

let stan = 0;

/** A card advice with a fresh key (acquirer 123456, a new STAN and RRN). */
export function advice(over: Partial<CardAdvice> & Pick<CardAdvice, 'customerId'>): CardAdvice {
  stan++;
  const rrn = `R${String(stan).padStart(11, '0')}`;
  return {
    kind: 'FINANCIAL',
    key: `123456|${String(stan).padStart(6, '0')}|${rrn}|0315100000`,
    cardId: `CARD-${over.customerId}`,
    amountMinor: 10000n,
    currency: 'EUR',
    mcc: '5999',
    merchantId: 'M-SHOP-1',
    merchantName: 'Corner Shop',
    occurredAt: new Date('2025-03-15T09:00:00Z'),
    repeat: false,
    ...over,
  };
}

/** The same purchase's financial advice after an authorisation: same acquirer and RRN, new STAN. */
export function completing(auth: CardAdvice): CardAdvice {
  stan++;
  const [acq, , rrn] = auth.key.split('|');
  return { ...auth, kind: 'FINANCIAL', key: `${acq}|${String(stan).padStart(6, '0')}|${rrn}|0315110000` };
}

/**
 * Registers the suite's hooks: a programme on the store `open` gives, closed after the suite, the
 * ledger invariants checked after every test. The returned object stands for the programme once
 * the suite's beforeAll has run.
 */
export function useProgramme(open: () => Promise<Database>, after?: () => Promise<void>): Programme {
  let p: Programme | undefined;
  beforeAll(async () => {
    p = await programmeOn(await open());
  });
  afterAll(async () => {
    await p?.db.close();
    await after?.();
  });
  afterEach(async () => {
    await p?.check();
  });
  return new Proxy({} as Programme, {
    get(_target, key) {
      if (!p) throw new Error('programme not opened yet');
      return p[key as keyof Programme];
    },
  });
}

/** A programme on an in-memory PGlite (unit tests). */
export function useMemoryProgramme(): Programme {
  return useProgramme(async () => {
    assertPgliteUsableUnderJest();
    return openPglite('memory://', 'loyalty');
  });
}
