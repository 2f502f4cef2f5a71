// The ledger's invariants, checked from the stored rows (not from what the code meant to write):
// per unit, total debits equal total credits; every journal balances per unit; no account that
// must not go below zero (customer points, cash back) is below zero.
import type { Ledger } from './ledger';

export interface InvariantReport {
  ok: boolean;
  violations: string[];
}

export async function checkLedgerInvariants(ledger: Ledger): Promise<InvariantReport> {
  const violations: string[] = [];
  for (const t of await ledger.trialBalance()) {
    if (t.debits !== t.credits) violations.push(`${t.unit}: debits ${t.debits} != credits ${t.credits}`);
  }
  for (const id of await ledger.unbalancedJournals()) violations.push(`journal ${id} does not balance`);
  for (const a of await ledger.negativeAccounts()) violations.push(`${a.code} ${a.customerId ?? ''} ${a.unit} is ${a.balance}`);
  return { ok: violations.length === 0, violations };
}

/** Throws with every violation listed (for tests and the operations check). */
export async function assertLedgerInvariants(ledger: Ledger): Promise<void> {
  const r = await checkLedgerInvariants(ledger);
  if (!r.ok) throw new Error(`ledger invariants violated:\n  ${r.violations.join('\n  ')}`);
}
