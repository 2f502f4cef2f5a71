// Serves one built app (apps/<name>/dist): its files, and index.html for any other path so a
// reload on a client-side route works. Hashed assets are cached for a year, index.html never (it
// names the current assets). Only files under the app's folder are ever read.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// what a browser app may do: its own origin only (scripts, styles, data), no framing
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function serveStatic(distDir: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://app').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const candidate = normalize(join(distDir, path));
  const inside = candidate === distDir || candidate.startsWith(distDir + sep);
  const isFile = inside && existsSync(candidate) && statSync(candidate).isFile();
  // an unknown asset is a 404 (a stale page asking for an old bundle), any other path is the app
  if (!isFile && path.startsWith('/assets/')) {
    res.writeHead(404, SECURITY_HEADERS).end();
    return;
  }
  const file = isFile ? candidate : join(distDir, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('This app is not built: run `npm run build:apps`.\n');
    return;
  }
  const hashed = isFile && path.startsWith('/assets/');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': statSync(file).size,
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
