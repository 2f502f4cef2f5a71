// What the web app's browser suite reads off the page: the map's markers, the transactions' rows.
import type { Page } from 'playwright-core';

/** MapView's CLUSTER_RADIUS: markers closer than this would be one cluster */
export const CLUSTER_RADIUS = 22;

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** places drawn on the map: a pin each, or a cluster's count */
export async function drawnPlaces(page: Page): Promise<number> {
  const pins = await page.getByTestId('pin').count();
  const clustered = await page.getByTestId('cluster').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  return clustered.reduce((a, b) => a + b, pins);
}

/** the least distance between two markers' centres, in the map's units (Infinity with one) */
export async function closestMarkers(page: Page): Promise<number> {
  const centres = await page.locator('svg.map g[role=button]').evaluateAll((els) =>
    els.map((e) => {
      const m = (e as SVGGraphicsElement).transform.baseVal.consolidate()?.matrix;
      return [m?.e ?? 0, m?.f ?? 0] as const;
    }),
  );
  let least = Infinity;
  centres.forEach(([x, y], i) => centres.slice(i + 1).forEach(([u, v]) => (least = Math.min(least, Math.hypot(x - u, y - v)))));
  return least;
}

/** in the page: the transactions list shows rows, all of one direction (an empty list is still loading) */
export function onlyRowsOf(direction: 'credit' | 'debit'): boolean {
  const cells = [...document.querySelectorAll('[data-testid=transaction] td.amount')];
  return cells.length > 0 && cells.every((td) => td.classList.contains(direction));
}
