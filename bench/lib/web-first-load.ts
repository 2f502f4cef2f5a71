// The web-first-load workload (issue 19's budget: the dashboard shows within 1 s of sign-in on the
// local stack). The production build of apps/web served by the app server in front of one peer
// gateway, Debian's chromium driving it: each sign-in is a fresh browser context (no cookies, no
// storage, an empty HTTP cache) that opens the sign-in page, presses "Sign in" and waits for the
// dashboard's first account. Timed from the press to that account on screen: the development
// sign-in, the app's first dashboard query (by its persisted id) and React's render. Every
// customer is one no peer has served before (cold caches in the gateway and the subgraphs); the
// same customer signing in again right after is the "again" figure.
import { type Browser, chromium } from 'playwright-core';
import { createLogger } from '../../lib/logger';
import { startAppServer } from '../../apps/server';
import { buildApp } from '../../apps/test/build-app';
import { firstLoadSizes } from '../../apps/test/first-load';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../../apps/test/browser';
import { customerId } from './customers';
import { percentile } from './load';
import type { WebFirstLoadResult, WebFirstLoadSettings } from './web-first-load-settings';

export { DEFAULT_WEB_FIRST_LOAD, QUICK_WEB_FIRST_LOAD, WEB_FIRST_LOAD_TARGET_MS } from './web-first-load-settings';
export type { WebFirstLoadResult, WebFirstLoadSettings } from './web-first-load-settings';

function spread(samples: number[]): WebFirstLoadResult['coldMs'] {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => Math.round(percentile(sorted, p));
  return { p50: at(50), p95: at(95), max: Math.round(sorted.at(-1) ?? 0) };
}

/** the app server's request log would interleave with the bench's table */
function quietLogger() {
  const log = createLogger('bench-apps');
  log.level = 'warn';
  return log;
}

let built: string | undefined;
/** One production build per bench run, shared by the peers. */
function webBuild(): string {
  built ??= buildApp('web');
  return built;
}

/** One sign-in in a fresh context: ms from pressing "Sign in" to the first account, or undefined. */
async function signInOnce(browser: Browser, base: string, customer: string, again: boolean): Promise<{ cold?: number; again?: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    // the sign-in page offers the five demo customers: the bench signs in its own, unserved ones
    await page.route('**/dev/session', (route) => route.continue({ postData: JSON.stringify({ customerId: customer }) }));
    const timed = async (): Promise<number | undefined> => {
      await page.goto(`${base}/`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      const started = performance.now();
      await page.getByRole('button', { name: 'Sign in' }).click();
      try {
        await page.getByTestId('account').first().waitFor({ timeout: 30_000 });
      } catch {
        return undefined;
      }
      return performance.now() - started;
    };
    const cold = await timed();
    if (!again || cold === undefined) return { cold };
    await page.getByRole('button', { name: 'Sign out' }).click();
    return { cold, again: await timed() };
  } finally {
    await context.close();
  }
}

/**
 * The workload against one running peer at `gatewayUrl`: the app server on a free port with the
 * development sign-in minting tokens from `keysDir` (the keys the bench's gateways trust), then
 * `settings.signIns` customers from `firstCustomer` on.
 */
export async function measureWebFirstLoad(opts: {
  gatewayUrl: string;
  keysDir: string;
  firstCustomer: number;
  settings: WebFirstLoadSettings;
}): Promise<WebFirstLoadResult> {
  if (!chromiumAvailable()) throw new Error(`no chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  const dist = webBuild();
  const apps = await startAppServer({
    host: '127.0.0.1',
    ports: { web: 0 },
    gatewayUrl: opts.gatewayUrl,
    devKeysDir: opts.keysDir,
    distOf: () => dist,
    log: quietLogger(),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    const base = apps.urls.web as string;
    const cold: number[] = [];
    const again: number[] = [];
    let failed = 0;
    for (let i = 0; i < opts.settings.signIns; i++) {
      // every third customer signs in twice: the second time the caches hold what the first read
      const r = await signInOnce(browser, base, customerId(opts.firstCustomer + i), i % 3 === 0);
      if (r.cold === undefined) failed++;
      else cold.push(r.cold);
      if (r.again !== undefined) again.push(r.again);
    }
    if (cold.length === 0) throw new Error(`no dashboard showed in ${opts.settings.signIns} sign-ins`);
    return {
      signIns: opts.settings.signIns,
      failed,
      coldMs: spread(cold),
      againMs: spread(again),
      firstLoadKiB: Math.round((firstLoadSizes(dist).reduce((sum, s) => sum + s.gzipped, 0) / 1024) * 10) / 10,
    };
  } finally {
    await browser.close();
    await apps.close(1000);
  }
}
