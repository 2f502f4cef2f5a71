// Every value we send the core as XML text, escaped by this module and not by the SOAP library:
// the library passes a string that looks like a CDATA section through raw, so customer text could
// become elements of the request (a second FromAccountId). Characters XML 1.0 cannot carry at all
// are refused before the call: altering them would send the core something the customer never wrote.
import { CoreError } from './errors';

/**
 * XML 1.0 Char minus what it allows: C0 controls other than tab/LF/CR, lone surrogates,
 * U+FFFE and U+FFFF. With the u flag a paired surrogate is one code point and never matches.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;

/** Markup characters, and the white space a parser would otherwise normalise (CR, tab, LF in attributes). */
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/** `value` as XML character data; the caller has checked it with `assertSendable`. */
export function escapeXmlText(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Refuses a request holding a string XML 1.0 cannot carry, before anything is sent: INVALID_REQUEST
 * (a client's BAD_USER_INPUT), naming the element but never its value.
 */
export function assertSendable(operation: string, value: unknown, path = ''): void {
  if (typeof value === 'string') {
    if (NOT_XML_CHAR.test(value)) throw new CoreError('INVALID_REQUEST', operation, `${path || 'a value'} holds a character XML cannot carry`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertSendable(operation, v, `${path}[${i}]`));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertSendable(operation, v, path ? `${path}.${k}` : k);
  }
}

/** A request body with every string escaped as XML text; numbers and booleans stay as they are. */
export function escapeTree(value: unknown): unknown {
  if (typeof value === 'string') return escapeXmlText(value);
  if (Array.isArray(value)) return value.map(escapeTree);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeTree(v);
    return out;
  }
  return value;
}
