// core-http.ts, the transport of the calls to the core, against a real node:http server on loopback
// (no nock: this file tests what goes over the socket). Requests are built by the `soap` library's
// own HttpClient.buildRequest, so the config is exactly what the library hands the transport.
import { readFileSync } from 'node:fs';
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { HttpClient } from 'soap';
import { ROOT } from '../../../scripts/lib/processes';
import { CoreClient } from '../src';
import { ANSWER_TOO_LARGE, createCoreHttp, type CoreHttp, type CoreHttpRequest, MAX_ANSWER_BYTES } from '../src/core-http';
import { classifyTransportError } from '../src/transport-errors';

const ENVELOPE =
  '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
  '<QueryAccBalResponse xmlns="urn:corebridge:core:v1"><Header><Status>SUCCESS</Status></Header></QueryAccBalResponse></soap:Body></soap:Envelope>';
const FAULT =
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode>' +
  '<faultstring>core trouble</faultstring></soap:Fault></soap:Body></soap:Envelope>';
/** stands for what a request carries about a customer: it must not reach an error or a response */
const PERSONAL = 'DE02120300000000202051';
const REQUEST = `<soap:Envelope><soap:Body><QueryAccBal><AccountId>${PERSONAL}</AccountId></QueryAccBal></soap:Body></soap:Envelope>`;

interface Loopback {
  url: string;
  /** connections the server accepted */
  sockets: Socket[];
  /** requests it received: path, headers, body */
  requests: Array<{ url: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

// a transport that never settles fails its test in seconds, not at the global 120 s
jest.setTimeout(10_000);

let servers: Loopback[] = [];
let agent: Agent;

/** A server on 127.0.0.1, port 0, answering each request (read whole first) with `answer`. */
async function serve(answer: (res: ServerResponse, req: IncomingMessage) => void): Promise<Loopback> {
  const sockets: Socket[] = [];
  const requests: Loopback['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body });
      answer(res, req);
    });
  });
  server.on('connection', (s: Socket) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const loopback: Loopback = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/core`,
    sockets,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  servers.push(loopback);
  return loopback;
}

/** The config the library builds for a SOAP call, with the extra options invoke adds. */
function call(url: string, extra: { signal?: AbortSignal; httpAgent?: Agent } = {}): CoreHttpRequest {
  const headers = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:corebridge:core:v1/QueryAccBal"', 'x-request-id': 'req-1' };
  return new HttpClient().buildRequest(url, REQUEST, headers, { httpAgent: agent, ...extra }) as CoreHttpRequest;
}

/** `p`, or a failure after `ms`: a transport that never settles fails the test, it does not hang it */
function within<T>(p: Promise<T>, ms = 3000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

async function failure(p: Promise<unknown>): Promise<Error & { code?: string }> {
  const err: unknown = await within(p).then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  // Node's own errors come from outside jest's sandbox: no instanceof
  expect(typeof (err as Error | undefined)?.message).toBe('string');
  expect((err as Error).message).not.toBe('expected the call to fail');
  return err as Error & { code?: string };
}

const classify = (err: unknown, timedOut = false) => classifyTransportError(err, 'QueryAccBal', 'm-1', timedOut);
/** the server's side of a connection closes (within 3 s) */
const closed = (s: Socket | undefined) => within(new Promise<void>((r) => (!s || s.destroyed ? r() : s.once('close', () => r()))));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let http: CoreHttp;

beforeEach(() => {
  agent = new Agent({ keepAlive: true, maxSockets: 1 });
  http = createCoreHttp();
});

afterEach(async () => {
  agent.destroy();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('core-http: answers', () => {
  it('sends what the library built and passes status, headers and body through', async () => {
    const core = await serve((res) => res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(ENVELOPE));
    const res = await http(call(core.url));
    expect(res).toMatchObject({ status: 200, data: ENVELOPE, headers: { 'content-type': 'text/xml; charset=utf-8' } });
    expect(core.requests).toEqual([
      {
        url: '/core',
        body: REQUEST,
        headers: expect.objectContaining({
          soapaction: '"urn:corebridge:core:v1/QueryAccBal"',
          'x-request-id': 'req-1',
          'content-length': String(REQUEST.length),
        }),
      },
    ]);
    // the library puts the response on its errors: it must not carry the request body
    expect(JSON.stringify(res)).not.toContain(PERSONAL);
  });

  it('resolves a 500 with its SOAP Fault body (the library reads the fault)', async () => {
    const core = await serve((res) => res.writeHead(500, { 'content-type': 'text/xml' }).end(FAULT));
    expect(await http(call(core.url))).toMatchObject({ status: 500, data: FAULT });
  });

  it('does not follow a redirect: the 3xx resolves as it came', async () => {
    const core = await serve((res, req) => (req.url === '/core' ? res.writeHead(307, { location: '/elsewhere' }).end() : res.end(ENVELOPE)));
    expect(await http(call(core.url))).toMatchObject({ status: 307, data: '' });
    expect(core.requests.map((r) => r.url)).toEqual(['/core']);
  });

  it('decodes UTF-8 whole when a character is split across chunks, and drops a byte order mark', async () => {
    const text = `${ENVELOPE}<!-- Zürich – 東京 😀 -->`;
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    // cut inside the BOM, "ü" (2 bytes), "東" (3 bytes) and the emoji (4 bytes)
    const cuts = [1, 3 + text.indexOf('ü') + 1, 3 + Buffer.byteLength(text.slice(0, text.indexOf('東'))) + 2, bytes.length - 6];
    const core = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      void (async () => {
        let from = 0;
        for (const to of [...cuts, bytes.length]) {
          res.write(bytes.subarray(from, to));
          from = to;
          await sleep(15); // each piece its own chunk at the client
        }
        res.end();
      })();
    });
    expect((await http(call(core.url))).data).toBe(text);
  });

  it('undoes gzip, which axios did too (the library asks for no encoding)', async () => {
    const core = await serve((res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(ENVELOPE)));
    expect((await http(call(core.url))).data).toBe(ENVELOPE);
  });
});

describe('core-http: failures classify as before', () => {
  it('aborts on the signal while waiting for the answer: the socket is destroyed, and it is a timeout either way', async () => {
    const controller = new AbortController();
    // never answers: the call is aborted once the request is there
    const core = await serve(() => controller.abort());
    const err = await failure(http(call(core.url, { signal: controller.signal })));
    expect(err).toMatchObject({ name: 'AbortError', code: 'ERR_CANCELED' });
    expect(classify(err, false)).toMatchObject({ code: 'CORE_TIMEOUT', retryable: true });
    expect(classify(err, true)).toMatchObject({ code: 'CORE_TIMEOUT', retryable: true });
    await closed(core.sockets[0]);
    expect(core.sockets[0]?.destroyed).toBe(true);
  });

  it('aborts mid-answer too, and sends nothing when the signal has already fired', async () => {
    const controller = new AbortController();
    const core = await serve((res) =>
      res.writeHead(200, { 'content-length': '1000' }).write('<soap:Envelope>', () => setTimeout(() => controller.abort(), 30)),
    );
    expect(classify(await failure(http(call(core.url, { signal: controller.signal }))))).toMatchObject({ code: 'CORE_TIMEOUT' });
    await closed(core.sockets[0]);
    expect(core.sockets[0]?.destroyed).toBe(true);

    const err = await failure(http(call(core.url, { signal: AbortSignal.abort() })));
    expect(classify(err)).toMatchObject({ code: 'CORE_TIMEOUT' });
    expect(core.requests).toHaveLength(1);
  });

  it('keeps Node’s code for a refused connection: CORE_UNAVAILABLE, retryable', async () => {
    const gone = await serve(() => undefined);
    await gone.close();
    servers = [];
    const err = await failure(http(call(gone.url)));
    expect(err.code).toBe('ECONNREFUSED');
    expect(classify(err)).toMatchObject({ code: 'CORE_UNAVAILABLE', retryable: true });
  });

  it.each([
    ['a declared length', { 'content-length': '1000' }],
    ['chunked', {}],
  ])('reads a hang-up mid-body (%s) as a broken connection: CORE_UNAVAILABLE, retryable', async (_, headers) => {
    const core = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/xml', ...headers });
      res.write('<soap:Envelope><soap:Body>', () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const err = await failure(http(call(core.url)));
    expect(err.code).toBe('ECONNRESET');
    expect(classify(err)).toMatchObject({ code: 'CORE_UNAVAILABLE', retryable: true });
    // nothing of the request travels on the error
    expect(JSON.stringify(err) + String(err.message)).not.toContain(PERSONAL);
  });

  it('stops reading at the size cap, destroys the socket, and fails with its own code (CORE_ERROR, not retried)', async () => {
    http = createCoreHttp({ maxAnswerBytes: 1024 });
    const core = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/xml' }); // chunked: the size shows only while reading
      void (async () => {
        for (let i = 0; i < 8 && !res.destroyed; i++) {
          res.write('x'.repeat(512));
          await sleep(5);
        }
        // never ends: only the cap can end this call
      })();
    });
    const err = await failure(http(call(core.url)));
    expect(err).toMatchObject({ code: ANSWER_TOO_LARGE });
    expect(classify(err)).toMatchObject({ code: 'CORE_ERROR', retryable: false });
    await closed(core.sockets[0]);
  });

  it('refuses a declared length over the cap before reading, and reads one exactly at the cap', async () => {
    const big = await serve((res) => res.writeHead(200, { 'content-length': String(MAX_ANSWER_BYTES + 1) }).flushHeaders());
    expect(await failure(http(call(big.url)))).toMatchObject({ code: ANSWER_TOO_LARGE });
    const exact = await serve((res) => res.end('y'.repeat(1024)));
    expect((await createCoreHttp({ maxAnswerBytes: 1024 })(call(exact.url))).data).toHaveLength(1024);
  });
});

describe('core-http: connections', () => {
  it('keeps the connection alive through the agent of the call: two calls, one socket', async () => {
    const core = await serve((res) => res.end(ENVELOPE));
    await http(call(core.url));
    await http(call(core.url));
    expect(core.sockets).toHaveLength(1);
    expect(core.requests).toHaveLength(2);
    // calls at once queue for the agent's one socket (maxSockets 1): the agent is the call's, not Node's global one
    await Promise.all([http(call(core.url)), http(call(core.url))]);
    expect(core.sockets).toHaveLength(1);
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
  });
});

describe('CORE_HTTP: the transport the client sends its calls with', () => {
  const wsdlFile = (url = '') => readFileSync(join(ROOT, 'core-simulator/wsdl', url.endsWith('.xsd') ? 'core.xsd' : 'core.wsdl'));

  it.each([
    ['node', ['/core']],
    // follow-redirects sent the customer's request again, body and all, wherever Location pointed
    ['axios', ['/core', '/elsewhere']],
  ] as const)('%s: a 307 from the core fails the call with CORE_ERROR; the request went to %j', async (http, posted) => {
    const core = await serve((res, req) => {
      if (req.method === 'GET') return res.end(wsdlFile(req.url));
      if (req.url === '/core') return res.writeHead(307, { location: '/elsewhere' }).end();
      res.writeHead(404).end('not here');
    });
    const client = await CoreClient.create({ wsdlUrl: `${core.url}?wsdl`, timeoutMs: 2000, maxConcurrency: 2, readRetries: 0, wsdlWaitMs: 0, http });
    try {
      expect(await failure(client.loaders({ requestId: 'r' }).balance.load('A-1'))).toMatchObject({ code: 'CORE_ERROR', retryable: false });
      expect(core.requests.filter((r) => r.body).map((r) => r.url)).toEqual(posted);
    } finally {
      await client.close();
    }
  });
});
