// The transactions of an entry (NtryDtls/TxDtls) as the camt reader collects them, and the check
// that they make up their entry: what a batched entry (salary run, card settlement) must satisfy.
import type { CamtEntry, CamtRefusedEntry, CamtTransactionDetails, CreditDebit } from './camt-types';

/** A TxDtls as read, text only; the reader turns it into a DetailRead when its entry ends. */
export interface DetailDraft {
  amount?: string;
  ccy?: string;
  txAmount?: string;
  txCcy?: string;
  cdi?: string;
  endToEndId?: string;
  transactionId?: string;
  accountServicerReference?: string;
  instructionId?: string;
  creditorName?: string;
  debtorName?: string;
  creditorIban?: string;
  debtorIban?: string;
  remittance?: string[];
}

export type DetailRead = Omit<CamtTransactionDetails, 'amount'> & { amount?: CamtTransactionDetails['amount']; otherCurrency?: string };

export function detailField(d: DetailDraft, path: string, value: string): void {
  switch (path) {
    case 'Refs/EndToEndId':
      d.endToEndId = value;
      break;
    case 'Refs/TxId':
      d.transactionId = value;
      break;
    case 'Refs/AcctSvcrRef':
      d.accountServicerReference = value;
      break;
    case 'Refs/InstrId':
      d.instructionId = value;
      break;
    case 'Amt':
      d.amount = value;
      break;
    case 'AmtDtls/TxAmt/Amt':
      d.txAmount = value;
      break;
    case 'CdtDbtInd':
      d.cdi = value;
      break;
    case 'RmtInf/Ustrd':
      if ((d.remittance ??= []).length < 4) d.remittance.push(value);
      break;
    case 'RltdPties/Cdtr/Nm':
    case 'RltdPties/Cdtr/Pty/Nm':
      d.creditorName ??= value;
      break;
    case 'RltdPties/Dbtr/Nm':
    case 'RltdPties/Dbtr/Pty/Nm':
      d.debtorName ??= value;
      break;
    case 'RltdPties/CdtrAcct/Id/IBAN':
      d.creditorIban = value;
      break;
    case 'RltdPties/DbtrAcct/Id/IBAN':
      d.debtorIban = value;
      break;
    default:
      break;
  }
}

const signedOf = (minor: bigint, cdi: CreditDebit) => (cdi === 'DBIT' ? -minor : minor);

/**
 * Why an entry's details do not make up the entry, or undefined when they do: a sole detail
 * without an amount is the entry; several must each carry one, in the entry's currency, and their
 * signed sum must be the entry's signed amount (a netted batch may mix directions).
 */
export function detailsMismatch(amount: CamtEntry['amount'], cdi: CreditDebit, details: readonly DetailRead[]): string | undefined {
  if (details.length === 0 || (details.length === 1 && details[0]!.amount === undefined)) return undefined;
  let sum = 0n;
  for (const d of details) {
    if (!d.amount)
      return `TxDtls #${d.index + 1} of ${details.length} has no amount in ${amount.currency}${d.otherCurrency ? ` (only in ${d.otherCurrency})` : ''}`;
    sum += signedOf(d.amount.minor, d.creditDebit);
  }
  if (sum !== signedOf(amount.minor, cdi)) return `its ${details.length} TxDtls add up to ${sum}, the entry is ${signedOf(amount.minor, cdi)} (minor units)`;
  return undefined;
}

/** Details with every amount filled in: none written means one detail that is the entry itself. */
export function completeDetails(details: readonly DetailRead[], entry: CamtRefusedEntry): CamtTransactionDetails[] {
  if (details.length === 0) {
    return [
      {
        index: 0,
        amount: entry.amount,
        creditDebit: entry.creditDebit,
        ...(entry.accountServicerReference ? { accountServicerReference: entry.accountServicerReference } : {}),
        ...(entry.additionalInfo ? { remittanceInformation: entry.additionalInfo } : {}),
      },
    ];
  }
  return details.map(({ otherCurrency: _, ...d }) => ({ ...d, amount: d.amount ?? entry.amount, creditDebit: d.amount ? d.creditDebit : entry.creditDebit }));
}
