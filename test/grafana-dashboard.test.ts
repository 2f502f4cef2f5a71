// deploy/grafana/corebridge-core.json against the code: every metric its PromQL reads is one a
// process registers, so renaming a series breaks this test rather than a dashboard in production.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { createCoreMetrics } from '../legacy-adapters/soap/src/lite';
import { ServiceMetrics } from '../lib/service-metrics';
import { SimulatorMetrics } from '../core-simulator/src/metrics';
import { GatewayMetrics } from '../gateway/src/ops/metrics';
import { LoyaltyMetrics } from '../subgraphs/loyalty/src/adapters/loyalty-metrics';
import { ROOT } from '../scripts/lib/processes';

interface Target {
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query: unknown; datasource?: { uid?: string } }> };
}

const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy', 'grafana', 'corebridge-core.json'), 'utf8')) as Dashboard;

const NOT_METRICS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'inf', 'nan']);

/** The metric names a PromQL expression reads: identifiers that are not functions, keywords, labels or Grafana variables. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // range selectors ($__rate_interval among them)
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // label lists
  const names: string[] = [];
  for (const m of bare.matchAll(/(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const rest = bare.slice((m.index ?? 0) + m[0].length).trimStart();
    if (rest.startsWith('(') || NOT_METRICS.has(m[0].toLowerCase())) continue;
    names.push(m[0]);
  }
  return names;
}

function panelsOf(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]).filter((p) => p.type !== 'row');
}

/** Every series name the processes register, as Prometheus sees them (a histogram's _bucket, _sum, _count). */
async function registeredNames(): Promise<Set<string>> {
  const service = new ServiceMetrics('dashboard-test', { defaultMetrics: false });
  createCoreMetrics(service.registry);
  new LoyaltyMetrics(service.registry);
  new SimulatorMetrics(service.registry);
  service.cache('a_cache', () => ({ hits: 1, misses: 1 }));
  service.outbox('an_outbox', async () => ({ pending: 0 }));
  const registries: Registry[] = [service.registry, new GatewayMetrics({ defaultMetrics: false }).registry];
  const names = new Set<string>();
  for (const registry of registries) {
    for (const metric of await registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    }
  }
  return names;
}

describe('the Grafana dashboard (deploy/grafana/corebridge-core.json)', () => {
  const panels = panelsOf(dashboard.panels);
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr ?? '' })));

  it('reads the metric names out of PromQL (the check below is not vacuous)', () => {
    expect(metricNames('histogram_quantile(0.95, sum by (le) (rate(core_call_duration_seconds_bucket{service=~"$service"}[$__rate_interval])))')).toEqual([
      'core_call_duration_seconds_bucket',
    ]);
    expect(metricNames('sum by (cache) (rate(a_total[5m])) / (sum without (x) (b) + 1e3 * c offset 5m) and on (le) d')).toEqual(['a_total', 'b', 'c', 'd']);
  });

  it('reads only metrics the code registers', async () => {
    const known = await registeredNames();
    const unknown = exprs.flatMap(({ panel, expr }) =>
      metricNames(expr)
        .filter((n) => !known.has(n))
        .map((n) => `${panel}: ${n}`),
    );
    expect(unknown).toEqual([]);
    // a renamed series would be caught: the same check refuses a name nobody registers
    expect(known.has('core_calls_count')).toBe(false);
  });

  it('gives every panel a query that reads a metric', () => {
    expect(panels.length).toBeGreaterThanOrEqual(8);
    for (const p of panels) {
      expect([p.title, (p.targets ?? []).length > 0]).toEqual([p.title, true]);
      for (const t of p.targets ?? []) expect([p.title, metricNames(t.expr ?? '').length > 0]).toEqual([p.title, true]);
    }
  });

  it("shows the core's protection: calls by outcome, latency, breakers, in flight and queued, card feed, outboxes, caches", () => {
    const used = new Set(exprs.flatMap(({ expr }) => metricNames(expr)));
    for (const name of [
      'core_calls_total',
      'core_call_duration_seconds_bucket',
      'core_breaker_state',
      'core_inflight',
      'core_queued',
      'card_feed_messages_total',
      'outbox_pending_messages',
      'outbox_oldest_pending_age_seconds',
      'cache_hits_total',
      'cache_misses_total',
    ])
      expect([name, used.has(name)]).toEqual([name, true]);
    const latency = exprs
      .filter(({ expr }) => expr.includes('core_call_duration_seconds_bucket'))
      .map(({ expr }) => /histogram_quantile\(([\d.]+)/.exec(expr)?.[1]);
    expect(latency.sort()).toEqual(['0.5', '0.95', '0.99']);
  });

  it('queries Prometheus through a datasource variable, everywhere', async () => {
    const variable = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(variable).toEqual(expect.objectContaining({ name: 'datasource', query: 'prometheus' }));
    for (const p of panels) {
      expect([p.title, p.datasource]).toEqual([p.title, { type: 'prometheus', uid: '${datasource}' }]);
      for (const t of p.targets ?? []) expect([p.title, t.datasource?.uid]).toEqual([p.title, '${datasource}']);
    }
    const known = await registeredNames();
    for (const v of dashboard.templating.list.filter((x) => x.type === 'query')) {
      expect(v.datasource?.uid).toBe('${datasource}');
      const query = typeof v.query === 'string' ? v.query : (v.query as { query: string }).query;
      const metric = /^label_values\(([a-zA-Z_:][\w:]*)\s*,/.exec(query)?.[1] ?? '';
      expect([v.name, known.has(metric)]).toEqual([v.name, true]);
    }
  });
});
