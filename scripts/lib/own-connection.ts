// HTTP calls that never reuse a pooled connection. fetch picks an idle keep-alive connection from
// its pool even for a request that says `connection: close`; when the server has just timed that
// connection out (the simulator's keep-alive is 5 s, and a loaded machine stretches the client's
// own timers) the request dies with "other side closed" / ECONNRESET. Any server's keep-alive
// timeout can meet a test that leaves connections idle for about as long (the gateway's is 72 s).
// Calls that must not fail that way (the tests' and the bench's admin calls) go through here: a
// connection of their own (agent: false), closed after the answer.
import { request } from 'node:http';

export interface OwnConnectionAnswer {
  status: number;
  text: string;
  json<T>(): T;
}

export function onOwnConnection(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<OwnConnectionAnswer> {
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        agent: false,
        headers: { ...init.headers, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, json: <T>() => JSON.parse(text) as T }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
