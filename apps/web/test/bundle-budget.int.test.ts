// The web app's first load: every script index.html loads (its entry and the chunks it preloads),
// gzipped, at most 250 KB (issue 19). Lazy chunks a screen loads later (the map) do not count.
import { buildApp } from '../../test/build-app';
import { firstLoadSizes } from '../../test/first-load';

const BUDGET_BYTES = 250 * 1024;

describe('web app bundle budget', () => {
  it(`first load is at most ${BUDGET_BYTES / 1024} KB of gzipped JavaScript`, () => {
    const sizes = firstLoadSizes(buildApp('web'));
    expect(sizes.length).toBeGreaterThan(0);
    const total = sizes.reduce((sum, s) => sum + s.gzipped, 0);
    // which file grew, when it fails
    if (total > BUDGET_BYTES)
      throw new Error(`first load ${total} B gzipped, budget ${BUDGET_BYTES} B: ${sizes.map((s) => `${s.src} ${s.gzipped} B`).join(', ')}`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  }, 120_000);
});
