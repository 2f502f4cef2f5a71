// Figures derived from an account's balance: what a loan still owes and how far a savings goal is.
import { divideHalfEven } from '../../../../lib/money';

/** What is owed on a loan: its ledger balance is negative while anything is. */
export function owedOnLoan(ledgerMinor: bigint): bigint {
  return ledgerMinor < 0n ? -ledgerMinor : 0n;
}

/** Progress towards a savings goal in basis points (10000 = 100.00 %), half-even, within 0..10000. */
export function savingsProgress(savedMinor: bigint, targetMinor: bigint): bigint {
  if (savedMinor > targetMinor) return 10000n;
  if (savedMinor < 0n) return 0n;
  const p = divideHalfEven(savedMinor * 10000n, targetMinor);
  return p > 10000n ? 10000n : p;
}
