// The HTTP transport of the calls to the core: what the `soap` library would send through axios
// (plus follow-redirects), sent with node:http / node:https directly. The library still builds each
// request (URL, headers, SOAPAction, Content-Length, the envelope) and reads each answer; it hands
// this function the axios-style config of http.js `buildRequest` through its `request` option
// (wsdl-client.ts installs it) and reads back `{ status, headers, data, config }`. Profiled, axios
// cost about 6 % of the accounts service's CPU on this path: its config merging, interceptors,
// follow-redirects wrapping and a setKeepAlive per request, none of which these calls need.
//
// What it does, and what axios did:
// - Every HTTP status resolves (the library sets validateStatus: null and reads a non-200 answer
//   itself: a SOAP Fault, or transport-errors.ts's "HTTP 503 without a SOAP answer").
// - Redirects are not followed. The core never redirects; following one would send the customer's
//   request wherever a Location header points (follow-redirects re-POSTs the body on a 307/308, and
//   turns a 301/302/303 into a GET whose answer, an error page or the WSDL, was then read as the
//   core's). A 3xx resolves as it came, and the library reads it like any answer without a SOAP
//   envelope: CORE_ERROR, not retried (as a 3xx without a Location header already was under axios).
// - The body is read whole and decoded as UTF-8 once (so a character split across chunks stays
//   whole), a byte order mark dropped, gzip / deflate / br undone (the library asks for none, axios
//   undid them anyway). More than `maxAnswerBytes` (decoded) fails with ERR_CORE_ANSWER_TOO_LARGE and
//   the connection is destroyed: nothing the core sends is near it (a page of transactions is ~70 KB).
// - `signal` aborts: the request and its socket are destroyed, and the promise rejects with an
//   AbortError coded ERR_CANCELED (axios's code), which transport-errors.ts reads as a timeout.
// - Socket errors reject with Node's own error and `code` (ECONNREFUSED, ECONNRESET, ...); an answer
//   cut off mid-body is ECONNRESET (axios said ERR_BAD_RESPONSE "stream has been aborted", which
//   read as CORE_ERROR: a broken connection is CORE_UNAVAILABLE, retryable, like a reset before it).
// - The sockets are the agents the call passes (`httpAgent` / `httpsAgent`: keep-alive, maxSockets).
// - No timeout of its own: the attempt's deadline (call-core.ts) aborts through `signal`.
// - No error or response carries the request body: the library puts the response on its errors, so
//   `config` holds only what it reads back (url, method, headers), never `data`.
import { request as httpRequest, type Agent, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createUnzip } from 'node:zlib';

/** What the library passes (http.js `buildRequest`) and the extra options invoke adds per call. */
export interface CoreHttpRequest {
  url: string;
  method: string;
  headers?: OutgoingHttpHeaders;
  /** the envelope; none for a GET */
  data?: string | Buffer;
  signal?: AbortSignal;
  httpAgent?: Agent;
  httpsAgent?: HttpsAgent;
}

export interface CoreHttpResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** the body, as UTF-8 text */
  data: string;
  /** what the library reads back from it (`config.headers`); never the request body */
  config: { url: string; method: string; headers: OutgoingHttpHeaders };
}

export type CoreHttp = (config: CoreHttpRequest) => Promise<CoreHttpResponse>;

/** The largest answer read when none is configured. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
export const ANSWER_TOO_LARGE = 'ERR_CORE_ANSWER_TOO_LARGE';

/** An error of this transport: a code to classify by and a message naming no data. */
function httpError(code: string, message: string, name = 'Error'): Error & { code: string } {
  return Object.assign(new Error(message), { name, code });
}

const canceled = () => httpError('ERR_CANCELED', 'core request aborted', 'AbortError');
const tooLarge = (limit: number) => httpError(ANSWER_TOO_LARGE, `core answer larger than ${limit} bytes`);

/** The transport, reading answers up to `maxAnswerBytes` (default MAX_ANSWER_BYTES). */
export function createCoreHttp(opts: { maxAnswerBytes?: number } = {}): CoreHttp {
  const limit = opts.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  return (config) => new Promise((resolve, reject) => send(config, limit, resolve, reject));
}

function send(config: CoreHttpRequest, limit: number, resolve: (res: CoreHttpResponse) => void, reject: (err: Error) => void): void {
  const { signal } = config;
  if (signal?.aborted) return reject(canceled());
  const url = new URL(config.url);
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') return reject(httpError('ERR_BAD_REQUEST', `unsupported protocol ${url.protocol}`));
  const headers = config.headers ?? {};
  const method = config.method.toUpperCase();
  const req = (secure ? httpsRequest : httpRequest)(url, { method, headers, agent: secure ? config.httpsAgent : config.httpAgent });
  let settled = false;
  const settle = (err: Error | undefined, res?: CoreHttpResponse) => {
    if (settled) return;
    settled = true;
    signal?.removeEventListener('abort', onAbort);
    if (res) return resolve(res);
    // the socket goes with the request: never back to the pool with an answer half read
    req.destroy();
    reject(err ?? canceled());
  };
  const onAbort = () => settle(canceled());
  signal?.addEventListener('abort', onAbort, { once: true });
  // a destroyed request may still emit (a "socket hang up" after an abort): settle ignores it
  req.on('error', (err) => settle(err));
  req.on('response', (res) => {
    readBody(res, limit, (err, data = '') => {
      if (err) return settle(err);
      settle(undefined, {
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: res.headers,
        data,
        config: { url: config.url, method, headers },
      });
    });
  });
  req.end(config.data);
}

/** The whole body as text, or the first error: a reset, a failed decompression, too many bytes. */
function readBody(res: IncomingMessage, limit: number, done: (err: Error | undefined, text?: string) => void): void {
  let complete = false;
  res.on('end', () => (complete = true));
  res.on('error', (err) => done(err));
  // Node reports an answer cut off mid-body as an ECONNRESET error; this only makes sure of it
  res.on('close', () => {
    if (!complete) done(httpError('ECONNRESET', 'core closed the connection mid-answer'));
  });
  const body = decoded(res, String(res.headers['content-encoding'] ?? '').toLowerCase());
  // a declared length counts only when it is the length read (not compressed)
  if (body === res && Number(res.headers['content-length']) > limit) return done(tooLarge(limit));
  const chunks: Buffer[] = [];
  let size = 0;
  body.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) return done(tooLarge(limit));
    chunks.push(chunk);
  });
  body.on('end', () => {
    const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8');
    done(undefined, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  });
  if (body !== res) body.on('error', (err) => done(err));
}

function decoded(res: IncomingMessage, encoding: string): Readable {
  if (res.headers['content-length'] === '0') return res; // nothing to undo (a gzip stream of nothing is an error)
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
    case 'deflate':
      return res.pipe(createUnzip());
    case 'br':
      return res.pipe(createBrotliDecompress());
    default:
      return res;
  }
}
