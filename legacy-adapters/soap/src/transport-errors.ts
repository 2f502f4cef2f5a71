// What went wrong on the way to the core, as a CoreError. Only codes and statuses are read from
// the library's error: it also holds the request (with its body) and must not travel further.
import { CoreError } from './errors';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'EADDRNOTAVAIL',
  'ERR_NETWORK',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);
const GATEWAY_STATUSES = new Set([502, 503, 504]);

interface LibError {
  code?: unknown;
  name?: unknown;
  cause?: { code?: unknown };
  errors?: Array<{ code?: unknown }>;
  response?: { status?: unknown };
  root?: { Envelope?: { Body?: { Fault?: SoapFault } } };
  Fault?: SoapFault;
}

interface SoapFault {
  faultcode?: unknown;
  faultstring?: unknown;
  detail?: { CoreFault?: { Code?: unknown; Message?: unknown } } | unknown;
}

/** Node gives every socket failure a code (a "socket hang up" is ECONNRESET); core-http.ts and axios keep it. */
function errorCode(e: LibError): string | undefined {
  for (const c of [e.code, e.cause?.code, e.errors?.[0]?.code]) if (typeof c === 'string') return c;
  return undefined;
}

/** The SOAP Fault inside a library error, if the core answered with one. */
function soapFaultOf(err: unknown): { faultcode: string; coreCode?: string } | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as LibError;
  const fault = e.root?.Envelope?.Body?.Fault;
  if (!fault || typeof fault !== 'object') return undefined;
  const detail = (fault.detail ?? {}) as { CoreFault?: { Code?: unknown } };
  const core = detail.CoreFault;
  return { faultcode: typeof fault.faultcode === 'string' ? fault.faultcode : '', coreCode: typeof core?.Code === 'string' ? core.Code : undefined };
}

/**
 * Maps a failed SOAP call to a CoreError. `timedOut` says our own deadline fired (the library's
 * cancel error then is a timeout, not a connection error).
 */
export function classifyTransportError(err: unknown, operation: string, messageId: string, timedOut: boolean): CoreError {
  if (err instanceof CoreError) return err;
  if (timedOut) return timeoutError(operation, messageId);
  const fault = soapFaultOf(err);
  if (fault) {
    switch (fault.coreCode) {
      case 'SESSION_LIMIT':
        return new CoreError('CORE_BUSY', operation, 'core has no free session', { retryable: true, messageId });
      case 'TIMEOUT':
        return new CoreError('CORE_TIMEOUT', operation, 'core timed out internally', { retryable: true, messageId });
      case 'SYSTEM_ERROR':
        return new CoreError('CORE_ERROR', operation, 'core reported a system error', { retryable: true, messageId });
      default: {
        // a Client fault (soap:Client, the SOAP 1.1 faultcode) means our request was wrong:
        // sending it again changes nothing
        const clientFault = /client/i.test(fault.faultcode);
        const what = fault.coreCode ? `fault ${fault.coreCode}` : `fault ${fault.faultcode || 'without code'}`;
        return new CoreError('CORE_ERROR', operation, `core answered with a ${what}`, { retryable: !clientFault, messageId });
      }
    }
  }
  const e = (err && typeof err === 'object' ? err : {}) as LibError;
  const code = errorCode(e);
  if (code && CONNECTION_CODES.has(code)) {
    return new CoreError('CORE_UNAVAILABLE', operation, `core not reachable (${code})`, { retryable: true, messageId });
  }
  if ((code && TIMEOUT_CODES.has(code)) || e.name === 'AbortError' || e.name === 'TimeoutError') {
    return timeoutError(operation, messageId);
  }
  const status = typeof e.response?.status === 'number' ? e.response.status : undefined;
  if (status !== undefined && GATEWAY_STATUSES.has(status)) {
    return new CoreError('CORE_UNAVAILABLE', operation, `core answered HTTP ${status}`, { retryable: true, messageId });
  }
  const why = status !== undefined ? `HTTP ${status} without a SOAP answer` : code ? `error ${code}` : 'an unreadable answer';
  return new CoreError('CORE_ERROR', operation, `core call failed: ${why}`, { messageId });
}

export function timeoutError(operation: string, messageId?: string, timeoutMs?: number): CoreError {
  const msg = timeoutMs !== undefined ? `core did not answer within ${timeoutMs} ms` : 'core did not answer in time';
  return new CoreError('CORE_TIMEOUT', operation, msg, { retryable: true, messageId });
}
