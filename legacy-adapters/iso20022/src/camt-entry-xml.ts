// The XML the camt writers share: an entry (`Ntry`, with one `TxDtls` per transaction of a batch),
// the group header and the account block. camt.053 statements and camt.054 notifications differ
// only in the record around the entries (camt053-writer.ts, camt054-writer.ts).
import { formatMinor } from '../../../lib/money';
import type { CreditDebit } from './camt-types';
import { escapeXml as x } from './xml';

/** The message versions the writers produce. */
export type CamtWriteVersion = 2 | 8;

/** One transaction of a batched entry (a salary plus its bonus, the purchases of a card settlement). */
export interface CamtDetailInput {
  /** positive minor units */
  amountMinor: bigint;
  /** default: the entry's */
  creditDebit?: CreditDebit;
  endToEndId?: string;
  /** Refs/TxId */
  transactionId?: string;
  /** Refs/AcctSvcrRef: the core's own reference of this transaction */
  accountServicerReference?: string;
  counterpartyName?: string;
  counterpartyIban?: string;
  /** RmtInf/Ustrd (cut at 140) */
  description?: string;
}

export interface CamtEntryInput {
  reference: string;
  /** positive minor units */
  amountMinor: bigint;
  creditDebit: CreditDebit;
  status: 'BOOK' | 'PDNG' | 'INFO';
  bookingDateTime: string;
  valueDate: string;
  description?: string;
  endToEndId?: string;
  counterpartyName?: string;
  bankTransactionCode?: { domain: string; family: string; subFamily: string };
  /**
   * Several: a batched entry, one TxDtls each with its amount (they must add up to the entry).
   * Absent: one TxDtls without an amount from the entry's own fields.
   */
  details?: readonly CamtDetailInput[];
}

export function groupHeaderXml(messageId: string, createdAt: string): string {
  return `<GrpHdr><MsgId>${x(messageId)}</MsgId><CreDtTm>${createdAt}</CreDtTm></GrpHdr>\n`;
}

export function accountXml(iban: string, currency: string, ownerId?: string): string {
  const owner = ownerId ? `<Ownr><Id><PrvtId><Othr><Id>${x(ownerId)}</Id></Othr></PrvtId></Id></Ownr>` : '';
  return `<Acct><Id><IBAN>${x(iban)}</IBAN></Id><Ccy>${currency}</Ccy>${owner}</Acct>\n`;
}

function detailXml(d: CamtDetailInput, entry: CamtEntryInput, currency: string, version: CamtWriteVersion, withAmount: boolean): string {
  const cdi = d.creditDebit ?? entry.creditDebit;
  // the other side of the movement: the creditor of a debit, the debtor of a credit
  const role = cdi === 'DBIT' ? 'Cdtr' : 'Dbtr';
  const name = d.counterpartyName ? (version >= 8 ? `<Pty><Nm>${x(d.counterpartyName)}</Nm></Pty>` : `<Nm>${x(d.counterpartyName)}</Nm>`) : '';
  const party = name ? `<${role}>${name}</${role}>` : '';
  const partyAccount = d.counterpartyIban ? `<${role}Acct><Id><IBAN>${x(d.counterpartyIban)}</IBAN></Id></${role}Acct>` : '';
  const amount = formatMinor(d.amountMinor, currency);
  // TxDtls/Amt exists from .001.03 on; .001.02 carries the amount in AmtDtls only
  const amountXml = !withAmount
    ? ''
    : version >= 3
      ? `<Amt Ccy="${currency}">${amount}</Amt><CdtDbtInd>${cdi}</CdtDbtInd><AmtDtls><TxAmt><Amt Ccy="${currency}">${amount}</Amt></TxAmt></AmtDtls>`
      : `<AmtDtls><TxAmt><Amt Ccy="${currency}">${amount}</Amt></TxAmt></AmtDtls>`;
  return (
    '<TxDtls>' +
    `<Refs>${d.accountServicerReference ? `<AcctSvcrRef>${x(d.accountServicerReference)}</AcctSvcrRef>` : ''}` +
    `<EndToEndId>${x(d.endToEndId ?? 'NOTPROVIDED')}</EndToEndId>` +
    `${d.transactionId ? `<TxId>${x(d.transactionId)}</TxId>` : ''}</Refs>` +
    amountXml +
    (party || partyAccount ? `<RltdPties>${party}${partyAccount}</RltdPties>` : '') +
    (d.description ? `<RmtInf><Ustrd>${x(d.description.slice(0, 140))}</Ustrd></RmtInf>` : '') +
    '</TxDtls>'
  );
}

/** One `Ntry` element (and a newline). */
export function entryXml(e: CamtEntryInput, currency: string, version: CamtWriteVersion): string {
  const status = version >= 7 ? `<Sts><Cd>${e.status}</Cd></Sts>` : `<Sts>${e.status}</Sts>`;
  const btc = e.bankTransactionCode
    ? `<BkTxCd><Domn><Cd>${e.bankTransactionCode.domain}</Cd><Fmly><Cd>${e.bankTransactionCode.family}</Cd><SubFmlyCd>${e.bankTransactionCode.subFamily}</SubFmlyCd></Fmly></Domn></BkTxCd>`
    : '';
  const details = e.details?.length
    ? e.details.map((d) => detailXml(d, e, currency, version, true)).join('')
    : detailXml(
        {
          amountMinor: e.amountMinor,
          ...(e.endToEndId ? { endToEndId: e.endToEndId } : {}),
          ...(e.counterpartyName ? { counterpartyName: e.counterpartyName } : {}),
          ...(e.description ? { description: e.description } : {}),
        },
        e,
        currency,
        version,
        false,
      );
  return (
    `<Ntry><NtryRef>${x(e.reference)}</NtryRef><Amt Ccy="${currency}">${formatMinor(e.amountMinor, currency)}</Amt>` +
    `<CdtDbtInd>${e.creditDebit}</CdtDbtInd>${status}` +
    `<BookgDt><DtTm>${e.bookingDateTime}</DtTm></BookgDt><ValDt><Dt>${e.valueDate}</Dt></ValDt>` +
    `<AcctSvcrRef>${x(e.reference)}</AcctSvcrRef>${btc}<NtryDtls>${details}</NtryDtls>` +
    (e.description ? `<AddtlNtryInf>${x(e.description.slice(0, 500))}</AddtlNtryInf>` : '') +
    '</Ntry>\n'
  );
}
