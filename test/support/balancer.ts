// Round-robin load balancers for replicas on one machine, as a Kubernetes Service with readiness
// (and a proxy retrying a refused connection, as Envoy's and nginx's do) would spread traffic:
//
// - HttpBalancer: one backend per request, round robin over the backends that are up. The request
//   body is read whole first, so a refused connection (nothing was sent) is tried on the next
//   backend; a backend that fails after the request went out fails that request only (502, or the
//   response cut off). Each upstream request has a connection of its own: a pooled socket to a
//   replica that was just killed would fail a request that was never in flight there.
// - TcpBalancer: one backend per connection (the card switch's), same rotation and retry.
//
// A backend whose connection is refused is out of the rotation until its readiness URL answers 200
// again (polled every `probeMs`). Every request or connection is recorded with its backend and
// times, so a test can tell which failures were in flight on a replica it killed.
import { createServer as createHttpServer, request as httpRequest, type IncomingHttpHeaders, type Server as HttpServer, type ServerResponse } from 'node:http';
import { connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { sleep } from '../../lib/sleep';

export interface Backend {
  name: string;
  port: number;
  /** answers 200 when the backend may have traffic again */
  readyUrl: string;
}

export interface Exchange {
  backend: string;
  startedAt: number;
  endedAt: number;
  ok: boolean;
}

const LOOPBACK = '127.0.0.1';
// hop-by-hop headers (RFC 9110 7.6.1) are the balancer's own business on each side
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k)));
}

/** The rotation shared by both balancers: round robin over the backends that are up. */
class Rotation {
  private readonly down = new Set<string>();
  private next = 0;
  private closed = false;
  readonly inFlight = new Map<string, number>();
  readonly exchanges: Exchange[] = [];

  constructor(
    private readonly backends: readonly Backend[],
    private readonly probeMs: number,
  ) {
    for (const b of backends) this.inFlight.set(b.name, 0);
  }

  /** the next backend that is up and not in `tried` */
  pick(tried: ReadonlySet<string>): Backend | undefined {
    for (let i = 0; i < this.backends.length; i++) {
      const b = this.backends[this.next++ % this.backends.length] as Backend;
      if (!this.down.has(b.name) && !tried.has(b.name)) return b;
    }
    return undefined;
  }

  /** out of the rotation until its readiness URL answers again */
  refused(b: Backend): void {
    if (this.down.has(b.name)) return;
    this.down.add(b.name);
    void this.probe(b);
  }

  private async probe(b: Backend): Promise<void> {
    while (!this.closed && this.down.has(b.name)) {
      const ok = await fetch(b.readyUrl, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) this.down.delete(b.name);
      else await sleep(this.probeMs);
    }
  }

  isUp(name: string): boolean {
    return !this.down.has(name);
  }

  /** counts the exchange in flight on `b`; the returned function records how it ended */
  begin(b: Backend): (ok: boolean) => void {
    const startedAt = Date.now();
    this.inFlight.set(b.name, (this.inFlight.get(b.name) ?? 0) + 1);
    let done = false;
    return (ok) => {
      if (done) return;
      done = true;
      this.inFlight.set(b.name, (this.inFlight.get(b.name) ?? 1) - 1);
      this.exchanges.push({ backend: b.name, startedAt, endedAt: Date.now(), ok });
    };
  }

  close(): void {
    this.closed = true;
  }
}

interface BalancerOptions {
  /** how often a backend that is out is asked whether it is ready (default 200 ms) */
  probeMs?: number;
}

abstract class Balancer<S extends HttpServer | TcpServer> {
  protected readonly rotation: Rotation;
  protected abstract readonly server: S;
  port = 0;

  constructor(backends: readonly Backend[], opts: BalancerOptions = {}) {
    this.rotation = new Rotation(backends, opts.probeMs ?? 200);
  }

  listen(): Promise<number> {
    return new Promise((res, rej) => {
      this.server.once('error', rej);
      this.server.listen(0, LOOPBACK, () => {
        const addr = this.server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : 0;
        res(this.port);
      });
    });
  }

  /** requests (HTTP) or connections (TCP) open on `backend` now */
  inFlight(backend: string): number {
    return this.rotation.inFlight.get(backend) ?? 0;
  }

  isUp(backend: string): boolean {
    return this.rotation.isUp(backend);
  }

  get exchanges(): readonly Exchange[] {
    return this.rotation.exchanges;
  }

  close(): Promise<void> {
    this.rotation.close();
    return new Promise((res) => {
      this.server.close(() => res());
      if ('closeAllConnections' in this.server) this.server.closeAllConnections();
    });
  }
}

export class HttpBalancer extends Balancer<HttpServer> {
  /** the response header naming the backend that answered */
  static readonly BACKEND_HEADER = 'x-balancer-backend';

  protected readonly server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => this.forward(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks), res, new Set()));
  });

  private forward(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer, res: ServerResponse, tried: Set<string>): void {
    const b = this.rotation.pick(tried);
    if (!b) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no backend is up');
      return;
    }
    tried.add(b.name);
    const end = this.rotation.begin(b);
    let answered = false;
    const upstream = httpRequest({
      host: LOOPBACK,
      port: b.port,
      method,
      path,
      headers: { ...endToEnd(headers), 'content-length': body.length },
      agent: false,
    });
    upstream.on('response', (r) => {
      answered = true;
      res.writeHead(r.statusCode ?? 502, { ...endToEnd(r.headers), [HttpBalancer.BACKEND_HEADER]: b.name });
      r.pipe(res);
      r.on('end', () => end(true));
      r.on('error', () => {
        end(false);
        res.destroy();
      });
      r.on('close', () => {
        if (!r.complete) {
          end(false);
          res.destroy();
        }
      });
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (answered) return;
      end(false);
      if (err.code === 'ECONNREFUSED') {
        // nothing reached the backend: the request may go to the next one
        this.rotation.refused(b);
        this.forward(method, path, headers, body, res, tried);
        return;
      }
      if (!res.headersSent)
        res.writeHead(502, { 'content-type': 'text/plain', [HttpBalancer.BACKEND_HEADER]: b.name }).end(`backend ${b.name}: ${err.code ?? err.message}`);
      else res.destroy();
    });
    upstream.end(body);
  }
}

export class TcpBalancer extends Balancer<TcpServer> {
  protected readonly server = createTcpServer((client) => {
    client.pause();
    client.on('error', () => undefined);
    this.connectNext(client, new Set());
  });

  private connectNext(client: Socket, tried: Set<string>): void {
    const b = this.rotation.pick(tried);
    if (!b) {
      client.destroy();
      return;
    }
    tried.add(b.name);
    const end = this.rotation.begin(b);
    let connected = false;
    const upstream = connect(b.port, LOOPBACK);
    upstream.once('connect', () => {
      connected = true;
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (connected) return;
      end(false);
      if (err.code === 'ECONNREFUSED') {
        this.rotation.refused(b);
        this.connectNext(client, tried);
      } else client.destroy();
    });
    // a connection ends well when the client closes it; the backend dropping it is a failure
    client.once('close', () => {
      end(true);
      upstream.destroy();
    });
    upstream.once('close', () => {
      if (!connected) return;
      end(client.destroyed);
      client.destroy();
    });
  }
}
