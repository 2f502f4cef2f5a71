// The simulated legacy core as one HTTP server: SOAP at /core (WSDL at /core?wsdl, XSD at
// /core.xsd and /core?xsd), test controls under /admin, /health. SOAP is handled by node-soap in
// serverless mode (soap.listen without an HTTP server), so every call passes through this
// module's fault gate first: down, session pool, latency, injected errors, and call counting.
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as soap from 'soap';
import { CORE_OPERATIONS, type CoreFaultCode, escapeTree, KEEP_AS_TEXT } from '../../legacy-adapters/soap/src';
import { createLogger, type Logger } from '../../lib/logger';
import { sleep } from '../../lib/sleep';
import { handleAdmin, readBody, sendJson } from './admin';
import { todayUtcIso } from './data/calendar';
import { buildDataset } from './data/dataset';
import { CoreBank } from './data/ledger';
import { FaultController } from './faults';
import { createSoapServices } from './soap-service';
import { CallStats } from './stats';
import { handleStatements } from './statements/routes';
import { faultEnvelope, loadContract, operationOf, SOAP_PATH, WSDL_PATH, wsdlWithAddress } from './wsdl';
import { reachableHost } from '../../lib/listen-address';
import { contextFrom, inSpan, SpanKind, tracingOn } from '../../lib/tracing';
import { type RunningOpsServer, startOpsServer } from '../../lib/ops-server';
import { ServiceMetrics } from '../../lib/service-metrics';
import { SimulatorMetrics } from './metrics';
import { CoreNotifier, type NotifierOptions } from './notify/notifier';
import { BookingTraffic } from './notify/booking-traffic';

const SOAP_TRACEPARENT = /<(?:[A-Za-z_][\w.-]*:)?traceparent>\s*([0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2})\s*</;

/**
 * The caller's trace: the HTTP `traceparent` (the http instrumentation made it this request's
 * parent already), else the one in the SOAP header block (lib/tracing.ts traceHeaderXml), which is
 * what a core reached through an ESB that drops HTTP headers still gets.
 */
function callerContext(req: IncomingMessage, body: string) {
  if (!tracingOn() || req.headers.traceparent) return undefined;
  // the Header comes before the Body: the body of a large batch is not searched
  const headerEnd = body.indexOf('Body>');
  const traceparent = SOAP_TRACEPARENT.exec(headerEnd < 0 ? body.slice(0, 4096) : body.slice(0, headerEnd))?.[1];
  return traceparent ? contextFrom({ traceparent }) : undefined;
}

interface CoreSimulatorOptions {
  /** 0 (default): a free port */
  port?: number;
  host?: string;
  /** `/metrics` on this port (CORE_OPS_PORT; 0: a free one); absent: no operations listener */
  opsPort?: number;
  seed?: number;
  customers?: number;
  /** YYYY-MM-DD, default today (UTC): the last day of the seeded history */
  anchorDate?: string;
  logger?: Logger;
  /** sees every SOAP request body as it arrived, before any fault knob (tests of what callers send) */
  onSoapRequest?: (body: string) => void;
  /** camt.054 of every booking to this receiver (CORE_NOTIFY_URL); absent: none */
  notify?: Omit<NotifierOptions, 'log' | 'registry'>;
  /** the core's own booking traffic, one booking every this many ms (CORE_BOOKING_INTERVAL_MS); 0 or absent: none */
  bookingIntervalMs?: number;
}

export interface RunningCoreSimulator {
  /** base URL, e.g. http://127.0.0.1:8081 (SOAP endpoint: `${url}/core`) */
  url: string;
  wsdlUrl: string;
  port: number;
  /** the operations listener (`/metrics`), when opsPort was given */
  opsUrl?: string;
  metrics: ServiceMetrics;
  /** the simulated bank: dataset, balances, histories, transfers */
  data: CoreBank;
  faults: FaultController;
  stats: CallStats;
  /** present when opts.notify was given */
  notifier?: CoreNotifier;
  /** the seeded booking traffic (started only when bookingIntervalMs > 0; tests call next()) */
  traffic: BookingTraffic;
  startupMs: number;
  close(): Promise<void>;
}

const MAX_SOAP_BODY = 5 * 1024 * 1024;
const KNOWN_OPERATIONS = new Set<string>(CORE_OPERATIONS);

// eslint-disable-next-line max-lines-per-function -- assembly of the simulator process: data, SOAP, statements, admin routes, in start order
export async function startCoreSimulator(opts: CoreSimulatorOptions = {}): Promise<RunningCoreSimulator> {
  const t0 = performance.now();
  const logger = opts.logger ?? createLogger('core-simulator');
  const host = opts.host ?? '127.0.0.1';
  const seed = opts.seed ?? 42;
  const anchorDate = opts.anchorDate ?? todayUtcIso();
  const customers = opts.customers ?? 10_000;

  const dataset = buildDataset({ seed, customers, anchorDate });
  const bank = new CoreBank(dataset);
  const faults = new FaultController(seed);
  const stats = new CallStats();
  const metrics = new ServiceMetrics('core-simulator');
  const served = new SimulatorMetrics(metrics.registry);
  const notifier = opts.notify
    ? new CoreNotifier({
        ...opts.notify,
        log: logger,
        registry: metrics.registry,
        ownerOf: (account) => dataset.customers[account.customer]?.customerId,
      })
    : undefined;
  if (notifier) bank.onBooking((booking) => notifier.enqueue(booking));
  const traffic = new BookingTraffic(bank, seed);
  const contract = loadContract();
  const services = escapedAnswers(
    createSoapServices(bank, {
      outcome: (op, outcome) => {
        stats.outcome(op, outcome);
        served.served(op, outcome === 'SUCCESS' ? 'success' : 'failure');
      },
      fault: (op) => {
        stats.fault(op, 'SYSTEM_ERROR');
        served.served(op, 'fault');
      },
      logger,
    }),
  );

  const soapServer = await new Promise<soap.Server>((resolve, reject) => {
    // customDeserializer is read by node-soap's WSDL parser on the server side too, though the
    // server option type does not declare it
    const options: soap.IServerOptions & { customDeserializer: typeof KEEP_AS_TEXT } = {
      path: SOAP_PATH,
      services,
      xml: contract.wsdl,
      // the WSDL's file location: its relative xsd:import "core.xsd" resolves beside it
      uri: WSDL_PATH,
      customDeserializer: KEEP_AS_TEXT,
      // answers are escaped by escapedAnswers: the library would pass CDATA-shaped text through raw
      escapeXML: false,
      suppressStack: true,
      returnFault: true,
      callback: (err: unknown, ready: soap.Server) =>
        err ? reject(err instanceof Error ? err : new Error('the SOAP server did not start', { cause: err })) : resolve(ready),
    };
    soap.listen(null, options);
  });

  let startupMs = 0;
  const startedAt = new Date().toISOString();
  let endpoint = '';

  const serveContract = (res: ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(body);
  };

  const sendFault = (res: ServerResponse, code: Exclude<CoreFaultCode, 'TIMEOUT'>, message: string) => {
    const xml = faultEnvelope(code, message);
    res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(xml) });
    res.end(xml);
  };

  const soapCall = async (req: IncomingMessage, res: ServerResponse) => {
    const fromHeader = operationOf(req.headers.soapaction);
    if (faults.settings.down) {
      const refusedOp = fromHeader && KNOWN_OPERATIONS.has(fromHeader) ? fromHeader : 'unknown';
      stats.refused(refusedOp);
      served.served(refusedOp, 'refused');
      served.injected(refusedOp, 'down');
      req.socket.destroy();
      return;
    }
    const body = await readBody(req, MAX_SOAP_BODY);
    if (body === undefined) {
      res.writeHead(413, { 'content-type': 'text/plain' });
      res.end('request too large');
      return;
    }
    opts.onSoapRequest?.(body);
    const named = fromHeader ?? operationOf(undefined, body);
    const op = named && KNOWN_OPERATIONS.has(named) ? named : 'unknown';
    stats.arrived(op);
    const requestId = req.headers['x-request-id'];
    stats.requestId(Array.isArray(requestId) ? requestId[0] : requestId);
    const startMs = performance.now();
    await inSpan(`core.serve ${op}`, { 'rpc.system': 'soap', 'rpc.method': op }, () => serveSoap(req, res, op, body), {
      kind: SpanKind.SERVER,
      parent: callerContext(req, body),
    });
    stats.timed(op, startMs, performance.now());
  };

  const serveSoap = async (req: IncomingMessage, res: ServerResponse, op: string, body: string) => {
    if (!(await faults.acquire())) {
      stats.fault(op, 'SESSION_LIMIT');
      served.served(op, 'fault');
      served.injected(op, 'session_limit');
      sendFault(res, 'SESSION_LIMIT', 'no core session free: too many calls in flight');
      return;
    }
    try {
      const delay = faults.delayMs();
      if (delay > 0) {
        served.injected(op, 'latency');
        await sleep(delay);
      }
      if (faults.settings.down) {
        // went down while this call was in the core
        stats.dropped(op);
        served.served(op, 'refused');
        served.injected(op, 'down');
        req.socket.destroy();
        return;
      }
      if (faults.shouldFail()) {
        stats.fault(op, 'SYSTEM_ERROR');
        served.served(op, 'fault');
        served.injected(op, 'system_error');
        sendFault(res, 'SYSTEM_ERROR', 'simulated core failure');
        return;
      }
      const out = await soapServer.processRequest(body, { url: req.url, method: 'POST', headers: req.headers });
      if (out.statusCode >= 500 && !out.body.includes('<CoreFault')) {
        // node-soap's own faults (unparsable XML, unknown operation) get the contract's CoreFault
        // detail too, so callers read one fault shape
        const reason = /<faultstring>([^<]*)<\/faultstring>(?:<detail>([^<]*)<\/detail>)?/.exec(out.body);
        stats.fault(op, 'SYSTEM_ERROR');
        served.served(op, 'fault');
        sendFault(
          res,
          'SYSTEM_ERROR',
          `request not processed: ${reason ? [reason[1], reason[2]].filter(Boolean).join(': ') : 'unknown error'}`.replace(/&#xA;/g, ' '),
        );
        return;
      }
      const contentType = (out.headers['content-type'] as string | undefined) ?? 'text/xml; charset=utf-8';
      res.writeHead(out.statusCode, { 'content-type': contentType, 'content-length': Buffer.byteLength(out.body) });
      res.end(out.body);
    } finally {
      faults.release();
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://core.local');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const query = url.search.toLowerCase();
    if (path === '/health' && req.method === 'GET') {
      sendJson(res, 200, { status: 'ok', down: faults.settings.down });
      return;
    }
    const notifiedAs = notifier ? (entryReference: string) => notifier.entryReference({ entryReference }) : undefined;
    if (await handleAdmin(req, res, url, { bank, faults, stats, startedAt, startupMs: () => startupMs, traffic, ...(notifiedAs ? { notifiedAs } : {}) }))
      return;
    if (await handleStatements(req, res, url, bank)) return;
    const isContract = req.method === 'GET' && (path === '/core.xsd' || (path === SOAP_PATH && (query === '?wsdl' || query === '?xsd')));
    if (isContract) {
      if (faults.settings.down) {
        req.socket.destroy();
        return;
      }
      // clients get the address they reached us at (container names, port mappings)
      const host = req.headers.host;
      const address = host ? `http://${host}${SOAP_PATH}` : endpoint;
      serveContract(res, query === '?wsdl' ? wsdlWithAddress(contract.wsdl, address) : contract.xsd);
      return;
    }
    if (path === SOAP_PATH && req.method === 'POST') {
      await soapCall(req, res);
      return;
    }
    sendJson(res, path === SOAP_PATH ? 405 : 404, { error: path === SOAP_PATH ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND', message: `${req.method} ${url.pathname}` });
  };

  const server: HttpServer = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'INTERNAL', message: 'internal error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${reachableHost(host)}:${port}`;
  let ops: RunningOpsServer | undefined;
  if (opts.opsPort !== undefined) {
    try {
      ops = await startOpsServer({ port: opts.opsPort, host, metrics });
    } catch (err) {
      await new Promise((resolve) => server.close(resolve));
      throw err;
    }
  }
  endpoint = `${url}${SOAP_PATH}`;
  traffic.start(opts.bookingIntervalMs ?? 0);
  startupMs = Math.round(performance.now() - t0);
  logger.info(
    {
      url,
      ...(ops ? { ops: ops.url } : {}),
      seed,
      anchorDate,
      customers: dataset.customers.length,
      accounts: dataset.accounts.length,
      cards: dataset.cards.length,
      transactions: dataset.generatedTransactions,
      notify: notifier ? 'on' : 'off',
      bookingIntervalMs: opts.bookingIntervalMs ?? 0,
      startupMs,
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
    },
    'core simulator listening',
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    wsdlUrl: `${endpoint}?wsdl`,
    port,
    ...(ops ? { opsUrl: ops.url } : {}),
    metrics,
    data: bank,
    faults,
    stats,
    ...(notifier ? { notifier } : {}),
    traffic,
    startupMs,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        traffic.stop();
        notifier?.close();
        faults.abandonQueue();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => ops?.close())),
  };
}

/**
 * Every operation's answer with its text escaped by the adapter's escaper: answers echo what was
 * asked (an unknown id in Message and Ref), and the library would send a CDATA-shaped id as markup.
 */
function escapedAnswers(services: soap.IServices): soap.IServices {
  const out: soap.IServices = {};
  for (const [serviceName, ports] of Object.entries(services)) {
    const service: soap.IService = (out[serviceName] = {});
    for (const [portName, methods] of Object.entries(ports)) {
      const port: soap.IServicePort = (service[portName] = {});
      // a thrown Fault passes through untouched
      for (const [name, method] of Object.entries(methods)) {
        port[name] = (...args: Parameters<soap.ISoapServiceMethod>): unknown => {
          const answer: unknown = method(...args);
          return answer instanceof Promise ? answer.then(escapeTree) : escapeTree(answer);
        };
      }
    }
  }
  return out;
}
