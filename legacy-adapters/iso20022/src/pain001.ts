// pain.001 (customer credit transfer initiation) for a transfer to another bank: one payment
// information block with one transaction, shaped so it validates against the ISO 20022
// pain.001.001.03 schema (xsd/pain.001.001.03.xsd) and follows the EPC SEPA rules for EUR.
import { exponentOf, formatMinor, MoneyError, type Money } from '../../../lib/money';
import { Pain001Error } from './errors';
import { isValidIban, normaliseIban } from './iban';
import { escapeXml } from './xml';

const PAIN001_VERSION = 'pain.001.001.03';
const PAIN001_NAMESPACE = `urn:iso:std:iso:20022:tech:xsd:${PAIN001_VERSION}`;

interface Pain001Party {
  name: string;
  /** print or electronic format; stored normalised */
  iban: string;
  /** optional BIC of the party's bank (8 or 11 characters) */
  bic?: string;
}

export interface Pain001Input {
  /** GrpHdr/MsgId: unique per message, max 35 */
  messageId: string;
  createdAt: Date;
  debtor: Pain001Party;
  creditor: Pain001Party;
  /** positive, in the currency's minor units */
  amount: Money;
  /** EndToEndId: travels unchanged to the creditor, max 35 */
  endToEndId: string;
  /** RmtInf/Ustrd, max 140 */
  remittanceInformation?: string;
  /** PmtInfId, defaults to messageId */
  paymentInformationId?: string;
  /** InstrId, optional, max 35 */
  instructionId?: string;
  /** InitgPty/Nm, defaults to the debtor's name */
  initiatingPartyName?: string;
  /** yyyy-mm-dd, defaults to the UTC date of createdAt */
  requestedExecutionDate?: string;
}

/** The SEPA "Latin character set" (EPC guidelines): what every bank in the chain must carry. */
const SEPA_CHARS = /^[A-Za-z0-9/\-?:().,'+ ]*$/;
/** Letters NFD decomposition does not reduce to ASCII. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'ae',
  Ø: 'O',
  ø: 'o',
  Œ: 'OE',
  œ: 'oe',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Þ: 'TH',
  þ: 'th',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
};
/** Punctuation outside the set with an accepted stand-in (EPC: '&' may be sent as '+'). */
const PUNCTUATION: Readonly<Record<string, string>> = {
  '&': '+',
  '"': "'",
  '‘': "'",
  '’': "'",
  '“': "'",
  '”': "'",
  _: '-',
  '–': '-',
  '—': '-',
  '\t': ' ',
  '\n': ' ',
  '\r': ' ',
};
const BIC = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Maps free text (names, remittance information) onto the SEPA Latin set: accents are dropped
 * (é -> e), a few letters are spelled out (ß -> ss, Ł -> L), '&' becomes '+'. Anything still outside
 * the set (other scripts, emoji, '@', '<', ...) is refused rather than guessed: returns null.
 */
export function transliterateToSepa(text: string): string | null {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const mapped = SPECIAL_LETTERS[ch] ?? PUNCTUATION[ch] ?? ch.normalize('NFD').replace(/\p{M}+/gu, '');
    if (!SEPA_CHARS.test(mapped)) return null;
    out += mapped;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

function freeText(field: string, value: string | undefined, max: number): string {
  if (value === undefined || value.trim() === '') throw new Pain001Error('PAIN001_INVALID_FIELD', `${field} is required`, field);
  const t = transliterateToSepa(value);
  if (t === null) {
    throw new Pain001Error('PAIN001_UNSUPPORTED_CHARACTER', `${field} has a character outside the SEPA Latin set that has no transliteration`, field);
  }
  if (t.length === 0 || t.length > max) throw new Pain001Error('PAIN001_INVALID_FIELD', `${field} must be 1 to ${max} characters`, field);
  return t;
}

/** EPC identifier rules: SEPA characters only, no leading/trailing '/', no '//'. No transliteration: an id is not text. */
function identifier(field: string, value: string | undefined): string {
  if (
    !value ||
    value.length > 35 ||
    !SEPA_CHARS.test(value) ||
    value.trim() !== value ||
    value.startsWith('/') ||
    value.endsWith('/') ||
    value.includes('//')
  ) {
    throw new Pain001Error('PAIN001_INVALID_FIELD', `${field} must be 1 to 35 SEPA characters, without a leading, trailing or double '/'`, field);
  }
  return value;
}

function iban(field: string, value: string): string {
  if (!isValidIban(value)) throw new Pain001Error('PAIN001_INVALID_IBAN', `${field} is not a valid IBAN`, field);
  return normaliseIban(value);
}

function bic(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const b = value.replace(/\s+/g, '').toUpperCase();
  if (!BIC.test(b)) throw new Pain001Error('PAIN001_INVALID_BIC', `${field} is not a valid BIC`, field);
  return b;
}

function amount(m: Money): string {
  try {
    exponentOf(m.currency);
  } catch (err) {
    if (err instanceof MoneyError) throw new Pain001Error('PAIN001_INVALID_AMOUNT', `unknown currency ${m.currency}`, 'amount');
    throw err;
  }
  if (typeof m.minor !== 'bigint' || m.minor <= 0n) throw new Pain001Error('PAIN001_INVALID_AMOUNT', 'amount must be positive', 'amount');
  // the schema's ActiveOrHistoricCurrencyAndAmount allows 18 digits in all
  if (m.minor.toString().length > 18) throw new Pain001Error('PAIN001_INVALID_AMOUNT', 'amount is too large', 'amount');
  return formatMinor(m.minor, m.currency);
}

function agent(b: string | undefined): string {
  // EPC: without a BIC the agent is given as "NOTPROVIDED"
  return b ? `<FinInstnId><BIC>${b}</BIC></FinInstnId>` : '<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId>';
}

/** Builds the pain.001 XML for one credit transfer; throws Pain001Error (stable code) on bad input. */
export function buildPain001(input: Pain001Input): string {
  const messageId = identifier('messageId', input.messageId);
  const endToEndId = identifier('endToEndId', input.endToEndId);
  const paymentInformationId = identifier('paymentInformationId', input.paymentInformationId ?? input.messageId);
  const instructionId = input.instructionId === undefined ? undefined : identifier('instructionId', input.instructionId);
  const debtorName = freeText('debtor.name', input.debtor.name, 70);
  const creditorName = freeText('creditor.name', input.creditor.name, 70);
  const initiatingName = input.initiatingPartyName === undefined ? debtorName : freeText('initiatingPartyName', input.initiatingPartyName, 70);
  const remittance =
    input.remittanceInformation === undefined || input.remittanceInformation.trim() === ''
      ? undefined
      : freeText('remittanceInformation', input.remittanceInformation, 140);
  const debtorIban = iban('debtor.iban', input.debtor.iban);
  const creditorIban = iban('creditor.iban', input.creditor.iban);
  const debtorBic = bic('debtor.bic', input.debtor.bic);
  const creditorBic = bic('creditor.bic', input.creditor.bic);
  const amt = amount(input.amount);
  const currency = input.amount.currency;
  if (!(input.createdAt instanceof Date) || Number.isNaN(input.createdAt.getTime())) {
    throw new Pain001Error('PAIN001_INVALID_FIELD', 'createdAt must be a valid date', 'createdAt');
  }
  const created = input.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const executionDate = input.requestedExecutionDate ?? created.slice(0, 10);
  if (!ISO_DATE.test(executionDate) || Number.isNaN(Date.parse(executionDate))) {
    throw new Pain001Error('PAIN001_INVALID_FIELD', 'requestedExecutionDate must be yyyy-mm-dd', 'requestedExecutionDate');
  }
  const sepa = currency === 'EUR';
  const x = escapeXml;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="${PAIN001_NAMESPACE}">`,
    '<CstmrCdtTrfInitn>',
    '<GrpHdr>',
    `<MsgId>${x(messageId)}</MsgId>`,
    `<CreDtTm>${created}</CreDtTm>`,
    '<NbOfTxs>1</NbOfTxs>',
    `<CtrlSum>${amt}</CtrlSum>`,
    `<InitgPty><Nm>${x(initiatingName)}</Nm></InitgPty>`,
    '</GrpHdr>',
    '<PmtInf>',
    `<PmtInfId>${x(paymentInformationId)}</PmtInfId>`,
    '<PmtMtd>TRF</PmtMtd>',
    '<BtchBookg>false</BtchBookg>',
    '<NbOfTxs>1</NbOfTxs>',
    `<CtrlSum>${amt}</CtrlSum>`,
    sepa ? '<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>' : '',
    `<ReqdExctnDt>${executionDate}</ReqdExctnDt>`,
    `<Dbtr><Nm>${x(debtorName)}</Nm></Dbtr>`,
    `<DbtrAcct><Id><IBAN>${debtorIban}</IBAN></Id><Ccy>${currency}</Ccy></DbtrAcct>`,
    `<DbtrAgt>${agent(debtorBic)}</DbtrAgt>`,
    // SEPA: charges shared at service level; elsewhere each side pays its own bank
    `<ChrgBr>${sepa ? 'SLEV' : 'SHAR'}</ChrgBr>`,
    '<CdtTrfTxInf>',
    `<PmtId>${instructionId ? `<InstrId>${x(instructionId)}</InstrId>` : ''}<EndToEndId>${x(endToEndId)}</EndToEndId></PmtId>`,
    `<Amt><InstdAmt Ccy="${currency}">${amt}</InstdAmt></Amt>`,
    creditorBic ? `<CdtrAgt>${agent(creditorBic)}</CdtrAgt>` : '',
    `<Cdtr><Nm>${x(creditorName)}</Nm></Cdtr>`,
    `<CdtrAcct><Id><IBAN>${creditorIban}</IBAN></Id></CdtrAcct>`,
    remittance ? `<RmtInf><Ustrd>${x(remittance)}</Ustrd></RmtInf>` : '',
    '</CdtTrfTxInf>',
    '</PmtInf>',
    '</CstmrCdtTrfInitn>',
    '</Document>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
