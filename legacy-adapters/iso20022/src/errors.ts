// Failures of the ISO 20022 adapter carry a stable code so callers can map them without parsing text.

export type CamtErrorCode =
  | 'CAMT_MALFORMED_XML' // not well-formed XML, a DOCTYPE, or truncated input
  | 'CAMT_UNSUPPORTED_ENCODING' // declared encoding other than UTF-8
  | 'CAMT_UNSUPPORTED_MESSAGE' // not camt.052/053/054 .001.01 to .001.08, or the wrong root element
  | 'CAMT_MISSING_ELEMENT' // a mandatory element or attribute is absent
  | 'CAMT_INVALID_AMOUNT' // not a decimal, unknown currency, or digits below the currency's minor unit
  | 'CAMT_INVALID_DATE' // not an ISODate / ISODateTime
  | 'CAMT_INVALID_CODE' // e.g. a CdtDbtInd other than CRDT / DBIT
  | 'CAMT_DETAILS_MISMATCH' // an entry's TxDtls do not add up to its amount (or one of several has none)
  | 'CAMT_TOO_MANY_DETAILS'; // an entry with more TxDtls than the reader holds (maxDetailsPerEntry)

export class CamtError extends Error {
  constructor(
    readonly code: CamtErrorCode,
    message: string,
    readonly position?: { line: number; column: number },
  ) {
    super(position ? `${message} (line ${position.line}, column ${position.column})` : message);
    this.name = 'CamtError';
  }
}

type Pain001ErrorCode =
  | 'PAIN001_INVALID_IBAN'
  | 'PAIN001_INVALID_BIC'
  | 'PAIN001_INVALID_AMOUNT'
  | 'PAIN001_INVALID_FIELD' // empty, too long, or an identifier breaking the EPC id rules
  | 'PAIN001_UNSUPPORTED_CHARACTER'; // a character outside the SEPA Latin set with no transliteration

export class Pain001Error extends Error {
  constructor(
    readonly code: Pain001ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'Pain001Error';
  }
}
