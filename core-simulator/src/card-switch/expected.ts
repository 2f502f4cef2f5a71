// What the loyalty ledger should show after a traffic plan, at the programme's default rules:
// cash back 1 % of each purchase (2 % for MCC 5411, 5412, 5812, 5814), rounded down per purchase;
// 1 point per whole currency unit, x3 at a partner merchant. Reversed purchases earn nothing.
// Points are at tier multiplier 1 (BRONZE) unless a multiplier per customer is given. Written
// independently of the loyalty code on purpose: it is the oracle the tests compare against.
import type { Purchase } from './traffic';

const TWO_PERCENT_MCCS = new Set(['5411', '5412', '5812', '5814']);
const EXPONENT: Record<string, number> = { EUR: 2, USD: 2, GBP: 2, CHF: 2, PLN: 2, JPY: 0 };

interface ExpectedTotals {
  customerId: string;
  currency: string;
  cashBackMinor: bigint;
  points: bigint;
  /** purchases that count (not reversed) */
  purchases: number;
  reversed: number;
}

/** tierMultiplierBp: basis points (10000 = x1) per customer */
export function expectedTotals(purchases: readonly Purchase[], tierMultiplierBp: (customerId: string) => bigint = () => 10000n): Map<string, ExpectedTotals> {
  const out = new Map<string, ExpectedTotals>();
  for (const p of purchases) {
    const id = p.card.customerId;
    const t = out.get(id) ?? { customerId: id, currency: p.currency, cashBackMinor: 0n, points: 0n, purchases: 0, reversed: 0 };
    out.set(id, t);
    if (p.reversed) {
      t.reversed++;
      continue;
    }
    t.purchases++;
    const rateBp = TWO_PERCENT_MCCS.has(p.mcc) ? 200n : 100n;
    t.cashBackMinor += (p.amountMinor * rateBp) / 10000n;
    const units = p.amountMinor / 10n ** BigInt(EXPONENT[p.currency] ?? 2);
    t.points += (units * (p.partner ? 30000n : 10000n) * tierMultiplierBp(id)) / 100_000_000n;
  }
  return out;
}
