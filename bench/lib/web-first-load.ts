// The web-first-load workload (issue 19's budget: the dashboard shows within 1 s of sign-in on the
// local stack). The production build of apps/web served by the app server in front of one peer
// gateway, Debian's chromium driving it: each sign-in is a fresh browser context (no cookies, no
// storage, an empty HTTP cache) that opens the sign-in page, enters a customer number, presses
// "Sign in" and waits for the dashboard's first account. Timed on the page's clock from the form's
// submit to the first frame with that account: the development sign-in, the app's first
// dashboard query (by its persisted id) and React's render. Every
// customer is one no peer has served before (cold caches in the gateway and the subgraphs); the
// same customer signing in again right after is the "again" figure.
import { type Browser, chromium } from 'playwright-core';
import { createLogger } from '../../lib/logger';
import { startAppServer } from '../../apps/server';
import { buildApp } from '../../apps/test/build-app';
import { firstLoadSizes } from '../../apps/test/first-load';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../../apps/test/browser';
import { customerId } from './customers';
import { spreadOf } from './load';
import type { WebFirstLoadResult, WebFirstLoadSettings } from './web-first-load-settings';

export { DEFAULT_WEB_FIRST_LOAD, QUICK_WEB_FIRST_LOAD, WEB_FIRST_LOAD_TARGET_MS } from './web-first-load-settings';
export type { WebFirstLoadResult, WebFirstLoadSettings } from './web-first-load-settings';

function spread(samples: number[]): WebFirstLoadResult['coldMs'] {
  const { at, max } = spreadOf(samples, 0);
  return { p50: at(50), p95: at(95), max };
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

interface Timed {
  /** pressing "Sign in" to the first account on screen */
  totalMs: number;
  /** the dashboard query's request, sent to answered, as the browser saw it */
  dashboardMs?: number;
}

interface Timed {
  /** the sign-in form submitted to the first account painted, on the page's own clock */
  totalMs: number;
  /** the dashboard query's request, sent to answered, as the browser saw it */
  dashboardMs?: number;
}

/**
 * Times, on the page's clock, the form's submit to the first frame with an account in it (a
 * MutationObserver, then the next animation frame): what the customer waits, without the
 * driver's own round trips.
 */
function watchSignIn(): void {
  const w = window as unknown as { signInTimes: { pressed?: number; shown?: number } };
  w.signInTimes = {};
  document.addEventListener('submit', () => (w.signInTimes.pressed = performance.now()), { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[data-testid=account]')) return;
    observer.disconnect();
    requestAnimationFrame(() => (w.signInTimes.shown = performance.now()));
  });
  observer.observe(document.body, { childList: true, subtree: true });
}

/** One sign-in in a fresh context, timed; `again`: the same customer signs out and in once more. */
async function signInOnce(browser: Browser, base: string, customer: string, again: boolean): Promise<{ cold?: Timed; again?: Timed }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    let dashboardMs: number | undefined;
    page.on('requestfinished', (request) => {
      if (request.url().endsWith('/graphql') && request.postData()?.includes('"WebDashboard"')) dashboardMs = request.timing().responseEnd;
    });
    const timed = async (): Promise<Timed | undefined> => {
      await page.goto(`${base}/`);
      // the bench's own customers: each one no peer has served before
      await page.getByLabel('Customer').fill(customer);
      dashboardMs = undefined;
      await page.evaluate(watchSignIn);
      await page.getByRole('button', { name: 'Sign in' }).click();
      try {
        await page.waitForFunction(() => (window as unknown as { signInTimes: { shown?: number } }).signInTimes.shown !== undefined, undefined, {
          timeout: 30_000,
        });
      } catch {
        return undefined;
      }
      const t = await page.evaluate(() => (window as unknown as { signInTimes: { pressed: number; shown: number } }).signInTimes);
      return { totalMs: t.shown - t.pressed, dashboardMs };
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
    const coldQuery: number[] = [];
    const again: number[] = [];
    let failed = 0;
    for (let i = 0; i < opts.settings.signIns; i++) {
      // every third customer signs in twice: the second time the caches hold what the first read
      const r = await signInOnce(browser, base, customerId(opts.firstCustomer + i), i % 3 === 0);
      if (r.cold === undefined) failed++;
      else cold.push(r.cold.totalMs);
      if (r.cold?.dashboardMs !== undefined) coldQuery.push(r.cold.dashboardMs);
      if (r.again !== undefined) again.push(r.again.totalMs);
    }
    if (cold.length === 0) throw new Error(`no dashboard showed in ${opts.settings.signIns} sign-ins`);
    return {
      signIns: opts.settings.signIns,
      failed,
      coldMs: spread(cold),
      coldDashboardQueryMs: spread(coldQuery),
      againMs: spread(again),
      firstLoadKiB: Math.round((firstLoadSizes(dist).reduce((sum, s) => sum + s.gzipped, 0) / 1024) * 10) / 10,
    };
  } finally {
    await browser.close();
    await apps.close(1000);
  }
}
