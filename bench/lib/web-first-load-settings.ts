// The web-first-load workload's settings and figures (bench/lib/web-first-load.ts runs it): kept
// apart so the options and the report read them without loading the browser driver.
export interface WebFirstLoadSettings {
  /** distinct customers signed in per peer, each cold */
  signIns: number;
}

export const DEFAULT_WEB_FIRST_LOAD: WebFirstLoadSettings = { signIns: 30 };
export const QUICK_WEB_FIRST_LOAD: WebFirstLoadSettings = { signIns: 5 };
/** issue 19: the dashboard within 1 s of sign-in; the bench marks p95 against it */
export const WEB_FIRST_LOAD_TARGET_MS = 1000;

export interface Spread {
  p50: number;
  p95: number;
  max: number;
}

export interface WebFirstLoadResult {
  signIns: number;
  /** sign-ins whose dashboard never showed (within 30 s) */
  failed: number;
  coldMs: Spread;
  /** of coldMs: the dashboard query's request as the browser timed it (gateway, subgraphs, core) */
  coldDashboardQueryMs: Spread;
  againMs: Spread;
  /** the scripts index.html loads before the first render, gzipped */
  firstLoadKiB: number;
}
