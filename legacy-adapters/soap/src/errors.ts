// One error type for everything the core (or the way to it) can do wrong. Callers switch on
// `code`; nothing from the SOAP library (whose errors carry the request body) is kept inside.
import { maskPansInText } from '../../../lib/pan-masking';
import { CORE_BUSINESS_CODES, type CoreBusinessCode } from './contract';

/** Codes the adapter itself gives system failures. */
type CoreSystemCode = 'CORE_UNAVAILABLE' | 'CORE_TIMEOUT' | 'CORE_BUSY' | 'CORE_ERROR';

export type CoreErrorCode = CoreBusinessCode | CoreSystemCode;

interface CoreErrorOptions {
  retryable?: boolean;
  /** the request id (account id, ...) a batch error is about */
  ref?: string;
  messageId?: string;
}

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  readonly operation: string;
  /** a later attempt may succeed (system trouble); business failures never are */
  readonly retryable: boolean;
  readonly ref?: string;
  /** MessageId of the request the core answered (or did not), for tracing in the core's logs */
  readonly messageId?: string;

  constructor(code: CoreErrorCode, operation: string, message: string, opts: CoreErrorOptions = {}) {
    // the core's texts may echo what was asked for (a PAN, say)
    super(maskPansInText(message));
    this.name = 'CoreError';
    this.code = code;
    this.operation = operation;
    this.retryable = opts.retryable ?? false;
    if (opts.ref !== undefined) this.ref = maskPansInText(opts.ref);
    if (opts.messageId !== undefined) this.messageId = opts.messageId;
  }
}

const BUSINESS = new Set<string>(CORE_BUSINESS_CODES);

export function isBusinessCode(code: string): code is CoreBusinessCode {
  return BUSINESS.has(code);
}

/** An <Error> of a FAILURE response as a CoreError; unknown codes are system errors. */
export function businessError(operation: string, item: { code: string; message: string; ref?: string }, messageId?: string): CoreError {
  if (isBusinessCode(item.code)) {
    return new CoreError(item.code, operation, item.message || item.code, { ref: item.ref, messageId });
  }
  return new CoreError('CORE_ERROR', operation, `core answered with unknown error code ${item.code}: ${item.message}`, { ref: item.ref, messageId });
}

/** Response that does not match the contract (missing element, float where a decimal belongs, ...). */
export function malformed(operation: string, what: string, messageId?: string): CoreError {
  return new CoreError('CORE_ERROR', operation, `malformed ${operation} response: ${what}`, { messageId });
}
