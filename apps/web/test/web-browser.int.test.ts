// The web app in a real browser (Debian's chromium through playwright-core) against the real
// stack, with the web client's manifest enforced as in production: sign in, the dashboard, paging
// transactions, a transfer whose answer is lost and retried (one movement), a refusal, accepting an
// offer, Persian.
// axe-core on every screen: no serious or critical violation. Screenshots go to
// apps/web/test/screenshots/ (git-ignored); the key ones are copied to docs/channels/ by hand.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createLogger } from '../../../lib/logger';
import { tempDir } from '../../../scripts/lib/processes';
import { gql, startStack, webToken, type Stack } from '../../../test/support/stack';
import { type RunningAppServer, startAppServer } from '../../server';
import { chromiumAvailable, CHROMIUM, launchBrowser, screenshot, seriousViolations, type Browser } from '../../test/browser';
import { buildApp, REPO_ROOT } from '../../test/build-app';

const SHOTS = join(__dirname, 'screenshots');
const available = chromiumAvailable();
if (!available) process.stdout.write(`left out: the web app's browser suite (no chromium at ${CHROMIUM}; .ci/run installs it)\n`);
const maybe = available ? describe : describe.skip;

/** schema/persisted with the web client as production runs it: only its manifest's operations */
function productionPersistedDir(): string {
  const dir = join(tempDir('corebridge-persisted-'), 'persisted');
  cpSync(join(REPO_ROOT, 'schema/persisted'), dir, { recursive: true });
  const file = join(dir, 'clients.json');
  const clients = JSON.parse(readFileSync(file, 'utf8')) as { clients: Array<{ name: string; mode: string; productionMode?: string }> };
  for (const c of clients.clients) if (c.productionMode) c.mode = c.productionMode;
  writeFileSync(file, JSON.stringify(clients));
  return dir;
}

function registered(name: string): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'schema/persisted/manifests/web-app.json'), 'utf8')) as {
    operations: Array<{ name: string; body: string }>;
  };
  const op = manifest.operations.find((o) => o.name === name);
  if (!op) throw new Error(`${name} is not in the web app's manifest`);
  return op.body;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

maybe('web app in a browser', () => {
  let stack: Stack;
  let apps: RunningAppServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const dist = buildApp('web');
    stack = await startStack({ PERSISTED_DIR: productionPersistedDir() });
    apps = await startAppServer({
      host: '127.0.0.1',
      ports: { web: 0, kiosk: 0 },
      gatewayUrl: stack.gatewayUrl,
      devKeysDir: stack.keysDir,
      distOf: (app) => (app === 'web' ? dist : join(REPO_ROOT, 'apps', app, 'dist')),
      log: createLogger('apps'),
    });
    base = apps.urls.web as string;
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await apps?.close(1000);
    await stack?.stop();
  });

  it('runs only registered operations for the web client (production mode)', async () => {
    const token = await webToken(stack.keysDir, 'C-000001');
    const { body } = await gql(stack.gatewayUrl, '{ me { id } }', { token });
    expect(body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_SAFELIST');
  });

  it('signs in and shows the dashboard', async () => {
    const { page } = browser;
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, SHOTS, 'web-sign-in');
    await page.getByLabel('Customer').selectOption('C-000001');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('account').first().waitFor();
    expect(await page.getByTestId('account').count()).toBe(4);
    // C-000001's current account: available 4850.00 EUR at the anchor (core-simulator/README.md), moved by the simulator's own bookings only when they are on
    expect(await page.getByTestId('available').first().textContent()).toMatch(/^€[\d,]+\.\d{2}$/);
    expect(await page.getByTestId('points').textContent()).toMatch(/^\d[\d,]*$/);
    await expectAccessible(page);
    await screenshot(page, SHOTS, 'web-dashboard');
  });

  it('pages transactions on the cursor as the list scrolls', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Transactions' }).click();
    await page.getByTestId('transaction').first().waitFor();
    expect(await page.getByTestId('transaction').count()).toBe(20);
    await page.locator('.sentinel').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=transaction]').length >= 40);
    await expectAccessible(page);
    await screenshot(page, SHOTS, 'web-transactions');
  });

  it('makes a transfer whose answer was lost, and the retry moves the money once', async () => {
    const { page } = browser;
    const reference = `browser ${Date.now()}`;
    await page.getByRole('link', { name: 'Transfer' }).click();
    await page.getByLabel('From account').waitFor();
    await page.getByLabel('Amount (EUR)').fill('1.25');
    await page.getByLabel('Reference').fill(reference);
    // the first attempt reaches the bank, but its answer never reaches the browser
    let lost = 0;
    await page.route('**/graphql', async (route) => {
      if (lost === 0 && route.request().postData()?.includes('WebTransfer')) {
        lost++;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('transfer-error').waitFor();
    expect(await page.getByTestId('transfer-error').getAttribute('data-code')).toBe('NETWORK');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('transfer-result').waitFor();
    expect(await page.getByTestId('transfer-result').textContent()).toMatch(/^Already done/);
    await page.unroute('**/graphql');
    await expectAccessible(page);
    await screenshot(page, SHOTS, 'web-transfer');

    const token = await webToken(stack.keysDir, 'C-000001');
    // the app's own operation as its manifest registers it: the only text this client may send
    const { body } = await gql(stack.gatewayUrl, registered('WebTransactions'), {
      token,
      variables: { accountId: 'A-0000001', first: 10, filter: { text: reference, direction: 'DEBIT' } },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.account.transactions.edges).toHaveLength(1);
  });

  it('shows a refusal as a clear message', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'New transfer' }).click();
    await page.getByLabel('Amount (EUR)').fill('99999999');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('transfer-error').waitFor();
    expect(await page.getByTestId('transfer-error').getAttribute('data-code')).toBe('INSUFFICIENT_FUNDS');
    expect(await page.getByTestId('transfer-error').textContent()).toBe('Not enough money available on this account.');
    await expectAccessible(page);
  });

  it('accepts an offer, which says why it is made', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Offers' }).click();
    await page.getByTestId('offer').first().waitFor();
    expect(await page.getByTestId('offer').first().textContent()).toContain('Why you see this: ');
    await expectAccessible(page);
    await page.getByTestId('offer').first().getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId('offer-answer').waitFor();
    expect(await page.getByTestId('offer-answer').textContent()).toBe('Accepted');
    await screenshot(page, SHOTS, 'web-offers');
  });

  it('switches to Persian: right to left, Persian digits, the Persian calendar', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'فارسی' }).click();
    await page.getByRole('link', { name: 'پیشخوان' }).click();
    await page.getByTestId('account').first().waitFor();
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'fa']);
    expect(await page.getByTestId('available').first().textContent()).toMatch(/[۰-۹]/);
    await expectAccessible(page);
    await screenshot(page, SHOTS, 'web-dashboard-fa');
    await page.getByRole('link', { name: 'تراکنش‌ها' }).click();
    await page.getByTestId('transaction').first().waitFor();
    // 2026 is 1405 in the Solar Hijri calendar (the simulator's data ends at its anchor date)
    expect(await page.getByTestId('transaction').first().locator('td').first().textContent()).toMatch(/۱۴۰[۴۵]/);
    await expectAccessible(page);
    await screenshot(page, SHOTS, 'web-transactions-fa');
  });
});
