// The web app's first load: every script index.html loads (its entry and the chunks it preloads),
// gzipped, at most 250 KB (issue 19). Lazy chunks a screen loads later do not count.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../../test/build-app';

const BUDGET_BYTES = 250 * 1024;

/** The scripts the page loads before it can render: module entries and modulepreload links. */
function firstLoadScripts(html: string): string[] {
  const srcs = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g), ...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  return [...new Set(srcs)];
}

describe('web app bundle budget', () => {
  it(`first load is at most ${BUDGET_BYTES / 1024} KB of gzipped JavaScript`, () => {
    const dist = buildApp('web');
    const scripts = firstLoadScripts(readFileSync(join(dist, 'index.html'), 'utf8'));
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = scripts.map((src) => ({ src, gzipped: gzipSync(readFileSync(join(dist, src.replace(/^\//, '')))).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzipped, 0);
    // which file grew, when it fails
    if (total > BUDGET_BYTES)
      throw new Error(`first load ${total} B gzipped, budget ${BUDGET_BYTES} B: ${sizes.map((s) => `${s.src} ${s.gzipped} B`).join(', ')}`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  }, 120_000);
});
