// What a browser loads before the web app can render: the module scripts index.html names and the
// chunks it preloads, gzipped. Lazy chunks a screen loads later do not count. The bundle budget
// test and the bench's web-first-load workload both measure this.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The scripts the page loads before it can render: module entries and modulepreload links. */
export function firstLoadScripts(html: string): string[] {
  const srcs = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g), ...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  return [...new Set(srcs)];
}

/** Each first-load script of the build in `dist` with its gzipped size in bytes. */
export function firstLoadSizes(dist: string): Array<{ src: string; gzipped: number }> {
  return firstLoadScripts(readFileSync(join(dist, 'index.html'), 'utf8')).map((src) => ({
    src,
    gzipped: gzipSync(readFileSync(join(dist, src.replace(/^\//, '')))).length,
  }));
}
