// One error type for every way a message can be wrong. Callers switch on `code`; messages name the
// field and what was wrong with it, never the field's content (it may be a PAN).

type Iso8583ErrorCode =
  | 'ISO8583_TRUNCATED'
  | 'ISO8583_BAD_LENGTH'
  | 'ISO8583_BAD_MTI'
  | 'ISO8583_BAD_BITMAP'
  | 'ISO8583_BAD_FIELD_VALUE'
  | 'ISO8583_TRAILING_BYTES'
  | 'ISO8583_UNEXPECTED_FIELD'
  | 'ISO8583_MISSING_FIELD';

export class Iso8583Error extends Error {
  readonly code: Iso8583ErrorCode;
  /** the data element the error is about, when there is one */
  readonly field?: number;

  constructor(code: Iso8583ErrorCode, message: string, field?: number) {
    super(field === undefined ? message : `field ${field}: ${message}`);
    this.name = 'Iso8583Error';
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}
