// `/graphql` on the app's own origin, passed to the gateway: the browser never needs CORS, and the
// answer is streamed as it comes (a subscription's text/event-stream passes through unbuffered).
// Hop-by-hop headers stay on their hop; the client's address goes on as x-forwarded-for.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

function forwardable(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

export function proxyGraphql(gatewayUrl: URL, req: IncomingMessage, res: ServerResponse): void {
  const incoming = new URL(req.url ?? '/graphql', 'http://app');
  const target = new URL(gatewayUrl);
  target.search = incoming.search;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(
    target,
    {
      method: req.method,
      headers: { ...forwardable(req.headers), 'x-forwarded-for': req.socket.remoteAddress ?? '', 'x-forwarded-proto': 'http' },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
      // flush each chunk as it arrives: an SSE stream must not wait for a buffer to fill
      res.flushHeaders();
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'the gateway did not answer', extensions: { code: 'GATEWAY_UNREACHABLE' } }] }));
    } else res.destroy();
  });
  // the browser went away (a closed subscription): stop the gateway's side too
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}
