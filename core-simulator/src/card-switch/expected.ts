// What the loyalty ledger should show after a traffic plan, at the programme's default rules:
// cash back 1 % of each purchase (2 % for MCC 5411, 5412, 5812, 5814), rounded down per purchase;
// 1 point per whole currency unit, x3 at a partner merchant. Reversed purchases earn nothing.
// Points are at tier multiplier 1 (BRONZE) unless a multiplier per customer is given. Written
// independently of the loyalty code on purpose: it is the oracle the tests compare against.
// A purchase in another currency than the programme's earns on its programme-currency amount: the
// rate is (programme per EUR) / (purchase currency per EUR) rounded half-even to 12 decimals, and
// the amount at that rate half-even to the minor unit (ISO 4217 exponents from lib/money).
import { convert, divideHalfEven, exponentOf, formatFixed, parseRate } from '../../../lib/money';
import type { Purchase } from './traffic';

const TWO_PERCENT_MCCS = new Set(['5411', '5412', '5812', '5814']);

/** The programme's currency and the core's rates of the plan's day, units per one EUR. */
export interface ProgrammeCurrency {
  currency: string;
  ratesPerEur: Readonly<Record<string, string>>;
}

function inProgramme(p: Purchase, programme: ProgrammeCurrency | undefined): bigint {
  if (!programme || p.currency === programme.currency || p.amountMinor === 0n) return p.amountMinor;
  const perEur = (c: string) => {
    const r = programme.ratesPerEur[c];
    if (r === undefined) throw new Error(`no rate for ${c}`);
    return parseRate(r);
  };
  const from = perEur(p.currency);
  const to = perEur(programme.currency);
  const rate = formatFixed(divideHalfEven(to.numerator * from.denominator * 10n ** 12n, to.denominator * from.numerator), 12);
  return convert({ minor: p.amountMinor, currency: p.currency }, programme.currency, rate).minor;
}

interface ExpectedTotals {
  customerId: string;
  currency: string;
  cashBackMinor: bigint;
  points: bigint;
  /** purchases that count (not reversed) */
  purchases: number;
  reversed: number;
}

/** tierMultiplierBp: basis points (10000 = x1) per customer; programme: when purchases may be in another currency */
export function expectedTotals(
  purchases: readonly Purchase[],
  tierMultiplierBp: (customerId: string) => bigint = () => 10000n,
  programme?: ProgrammeCurrency,
): Map<string, ExpectedTotals> {
  const out = new Map<string, ExpectedTotals>();
  for (const p of purchases) {
    const id = p.card.customerId;
    const currency = programme?.currency ?? p.currency;
    const t = out.get(id) ?? { customerId: id, currency, cashBackMinor: 0n, points: 0n, purchases: 0, reversed: 0 };
    out.set(id, t);
    if (p.reversed) {
      t.reversed++;
      continue;
    }
    t.purchases++;
    const rateBp = TWO_PERCENT_MCCS.has(p.mcc) ? 200n : 100n;
    const amountMinor = inProgramme(p, programme);
    t.cashBackMinor += (amountMinor * rateBp) / 10000n;
    const units = amountMinor / 10n ** BigInt(exponentOf(currency));
    t.points += (units * (p.partner ? 30000n : 10000n) * tierMultiplierBp(id)) / 100_000_000n;
  }
  return out;
}
