// For the gateway's transport tests: a loopback HTTP server standing in for a subgraph below
// GraphQL. Each request is read whole, recorded, and answered by the test's own function, so a test
// chooses status, headers (Cache-Control), body and delay, and can hold one request until released.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INTERNAL_TOKEN_HEADER } from '../../../lib/internal-auth';

/** The claims of the internal token a request carried (decoded, not verified), `{}` without one. */
export interface FakeClaims {
  sub?: string;
  cid?: string;
  ch?: string;
}

export interface FakeRequest {
  /** this request's serial number: 1 for the first one the server received */
  n: number;
  body: string;
  headers: IncomingHttpHeaders;
  claims: FakeClaims;
  /** whom the internal token speaks for: its customer, else its subject, else `none` */
  customer: string;
  /** which connection it came on: 1 for the first socket */
  socket: number;
}

export interface FakeAnswer {
  /** 200 unless told */
  status?: number;
  /** over `content-type: application/json` */
  headers?: Record<string, string>;
  /** a string is sent as it is, anything else as JSON */
  body: unknown;
  /** answer this long after the request arrived (the answer itself is made on arrival) */
  delayMs?: number;
}

export interface HeldRequest {
  /** resolves once a matching request has arrived and is being held */
  arrived: Promise<void>;
  /** sends the held request its answer */
  release(): void;
}

export interface FakeSubgraph {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  /** every request it has received, in order of arrival */
  seen: FakeRequest[];
  served(): number;
  sockets(): number;
  /** holds the next request that `matches` (made on arrival, like any other) until release() */
  holdNext(matches?: (req: FakeRequest) => boolean): HeldRequest;
  close(): Promise<void>;
}

function claimsOf(token: string): FakeClaims {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}') as FakeClaims;
}

/** Listens on 127.0.0.1, port 0; `answer` is called once per request, on arrival. */
export async function startFakeSubgraph(answer: (req: FakeRequest) => FakeAnswer): Promise<FakeSubgraph> {
  const seen: FakeRequest[] = [];
  const socketIds = new WeakMap<object, number>();
  let sockets = 0;
  let hold: { matches: (req: FakeRequest) => boolean; arrived: () => void; send?: () => void; released: boolean } | undefined;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!socketIds.has(req.socket)) socketIds.set(req.socket, ++sockets);
      const claims = claimsOf(String(req.headers[INTERNAL_TOKEN_HEADER] ?? ''));
      const request: FakeRequest = {
        n: seen.length + 1,
        body: Buffer.concat(chunks).toString(),
        headers: req.headers,
        claims,
        customer: claims.cid ?? claims.sub ?? 'none',
        socket: socketIds.get(req.socket)!,
      };
      seen.push(request);
      const { status = 200, headers = {}, body, delayMs } = answer(request);
      const send = () => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      const respond = delayMs === undefined ? send : () => setTimeout(send, delayMs);
      if (hold && !hold.send && hold.matches(request)) {
        hold.send = respond;
        hold.arrived();
        if (hold.released) respond();
      } else respond();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    seen,
    served: () => seen.length,
    sockets: () => sockets,
    holdNext(matches = () => true) {
      let arrived: () => void = () => undefined;
      const promise = new Promise<void>((r) => (arrived = r));
      const held: NonNullable<typeof hold> = { matches, arrived, released: false };
      hold = held;
      return {
        arrived: promise,
        release: () => {
          if (held.released) return;
          held.released = true;
          held.send?.();
        },
      };
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        // a request still held (or a kept-alive socket) must not keep the test waiting
        server.closeAllConnections();
      }),
  };
}
