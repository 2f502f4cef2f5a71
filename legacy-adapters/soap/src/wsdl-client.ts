// Loads the core's WSDL (and the XSD it imports) into a SOAP client, retrying until the core is
// up, within a bound. The client is checked against the operations this adapter needs, so a core
// with another contract fails at start, not on the first request.
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import * as soap from 'soap';
import type { Logger } from '../../../lib/logger';
import { sleep } from '../../../lib/sleep';
import { traceHeaderXml } from '../../../lib/tracing';
import type { SoapInvoke } from './call-core';
import type { CoreHttpTransport } from './config';
import { CORE_OPERATIONS, type CoreOperation, KEEP_AS_TEXT } from './contract';
import { type CoreHttp, createCoreHttp } from './core-http';
import { ResponseParser } from './response-parser';
import { escapeTree } from './xml-text';

interface WsdlClientOptions {
  wsdlUrl: string;
  endpointUrl?: string;
  /** total time to keep trying */
  waitMs: number;
  /** per WSDL fetch */
  fetchTimeoutMs: number;
  /** sockets per core host: no more than the calls we allow in flight */
  maxSockets: number;
  /** answers read by response-parser.ts (the library's parser for anything it does not handle) */
  fastParse: boolean;
  /** told which parser read each answer (fastParse only) */
  onParsed?: (by: 'scanner' | 'library') => void;
  /** what sends the calls: core-http.ts over node:http (default), or the library's own axios */
  http?: CoreHttpTransport;
  log?: Logger;
}

export interface WsdlClient {
  invoke: SoapInvoke;
  close(): void;
}

export async function loadWsdlClient(opts: WsdlClientOptions): Promise<WsdlClient> {
  const client = await createWithRetry(opts);
  const missing = CORE_OPERATIONS.filter((op) => typeof (client as unknown as Record<string, unknown>)[op] !== 'function');
  if (missing.length) throw new Error(`core WSDL at ${opts.wsdlUrl} lacks operations ${missing.join(', ')}`);
  // the trace context of the call being sent, as a SOAP header block (none without tracing): the
  // library calls this while it builds each envelope, inside the call's span (lib/tracing.ts)
  client.addSoapHeader(() => traceHeaderXml());
  if (opts.fastParse) ResponseParser.install(client.wsdl, opts.onParsed);
  if ((opts.http ?? 'node') === 'node') sendThrough(client, createCoreHttp());
  const httpAgent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: opts.maxSockets });
  const invoke: SoapInvoke = (operation: CoreOperation, args, signal, requestId) =>
    new Promise((resolve, reject) => {
      const method = (client as unknown as Record<string, soap.SoapMethod | undefined>)[operation];
      // checked for every CORE_OPERATIONS entry above
      if (!method) throw new Error(`core WSDL client has no operation ${operation}`);
      // extra options go straight to the HTTP request (core-http.ts, or axios): the abort signal and our agents
      const done = (err: unknown, result: unknown) => {
        forgetLastExchange(client);
        // kept as the library gave it: transport-errors.ts classifies its fields (response, status, root)
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- see above
        if (err) reject(err);
        else resolve(result);
      };
      // escaped here, with the library's own escaping off (escapeXML: false below)
      method(escapeTree(args), done, { signal, httpAgent, httpsAgent }, requestId ? { 'x-request-id': requestId } : undefined);
    });
  return {
    invoke,
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/**
 * The library's HttpClient still builds each request and reads each answer; `transport` only sends
 * it. Set once the WSDL is loaded, so the WSDL and XSD fetched at start keep the library's default
 * (axios, with redirects and its timeout option): the library passes its `request` option to that
 * fetch as well, and `httpClient` is the one place that reaches the calls alone.
 */
function sendThrough(client: soap.Client, transport: CoreHttp): void {
  const request = transport as unknown as NonNullable<soap.IOptions['request']>; // typed as an axios instance; called as a function only (http.js)
  (client as unknown as { httpClient: soap.HttpClient }).httpClient = new soap.HttpClient({ request });
}

/**
 * The library keeps the last request and response on the client for debugging: a PAN asked for,
 * a customer's details. Nothing reads them back, so they are not kept around.
 */
function forgetLastExchange(client: soap.Client): void {
  const c = client as unknown as Record<string, unknown>;
  for (const k of ['lastRequest', 'lastMessage', 'lastResponse', 'lastEndpoint']) c[k] = undefined;
}

async function createWithRetry(opts: WsdlClientOptions): Promise<soap.Client> {
  const deadline = Date.now() + opts.waitMs;
  let delay = 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await soap.createClientAsync(opts.wsdlUrl, {
        customDeserializer: KEEP_AS_TEXT,
        // it would pass a string shaped like a CDATA section through raw: xml-text.ts escapes instead
        escapeXML: false,
        ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
        disableCache: true,
        // a fresh connection per fetch: the WSDL is read once, nothing should linger in a pool
        wsdl_options: { timeout: opts.fetchTimeoutMs, httpAgent: new Agent({ keepAlive: false }), httpsAgent: new HttpsAgent({ keepAlive: false }) },
      });
    } catch (err) {
      const reason = describe(err);
      if (Date.now() + delay > deadline) {
        throw new Error(`could not load the core WSDL from ${opts.wsdlUrl} within ${opts.waitMs} ms (${attempt} attempts): ${reason}`, { cause: err });
      }
      opts.log?.warn({ wsdlUrl: opts.wsdlUrl, attempt, reason }, 'core WSDL not available yet; retrying');
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }
}

function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && typeof e.code === 'string') return e.code;
  const msg = e && typeof e.message === 'string' ? e.message : String(err);
  const [firstLine = ''] = msg.split('\n');
  return firstLine.slice(0, 200);
}
