// One process's metrics (lib/service-metrics.ts) and where they are served (lib/ops-server.ts):
// outbox depth and age read once per scrape, cache counters read at scrape time, the service
// label on every series, and the operations port beside the public one (lib/config.ts).
import { ConfigError, opsPortOf } from '../config';
import { startOpsServer } from '../ops-server';
import { oldestPendingAgeSeconds, type OutboxBacklog, ServiceMetrics } from '../service-metrics';

const NOW = new Date('2026-05-04T10:00:00.000Z');

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('oldestPendingAgeSeconds', () => {
  it('is how long the oldest pending message has waited', () => {
    expect(oldestPendingAgeSeconds({ pending: 3, oldestCreatedAt: new Date(NOW.getTime() - 90_500) }, NOW)).toBe(90.5);
  });

  it('is 0 when nothing waits, whatever the store said about the oldest', () => {
    expect(oldestPendingAgeSeconds({ pending: 0 }, NOW)).toBe(0);
    expect(oldestPendingAgeSeconds({ pending: 0, oldestCreatedAt: new Date(0) }, NOW)).toBe(0);
  });

  it('is 0, never negative, when the store clock is ahead of ours', () => {
    expect(oldestPendingAgeSeconds({ pending: 1, oldestCreatedAt: new Date(NOW.getTime() + 5000) }, NOW)).toBe(0);
  });
});

describe('ServiceMetrics', () => {
  it('labels every series with the service, default process metrics included', async () => {
    const metrics = new ServiceMetrics('accounts');
    const text = await metrics.text();
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="accounts"\} /m);
    expect(text).not.toMatch(/^[a-z_]+ [\d.e+-]+$/m);
  });

  it('reads cache counters at scrape time, per cache', async () => {
    const metrics = new ServiceMetrics('loyalty', { defaultMetrics: false });
    const fx = { hits: 0, misses: 0 };
    metrics.cache('fx_rates', () => fx);
    metrics.cache('tier_standing', () => ({ hits: 7, misses: 2 }));
    fx.hits = 5;
    fx.misses = 1;
    const text = await metrics.text();
    expect(sample(text, 'cache_hits_total', 'cache="fx_rates"')).toBe(5);
    expect(sample(text, 'cache_misses_total', 'cache="fx_rates"')).toBe(1);
    expect(sample(text, 'cache_hits_total', 'cache="tier_standing"')).toBe(7);
    expect(() => metrics.cache('fx_rates', () => fx)).toThrow('already counted');
  });

  it('reads each outbox once per scrape for its depth and its age', async () => {
    let reads = 0;
    let backlog: OutboxBacklog = { pending: 4, oldestCreatedAt: new Date(NOW.getTime() - 120_000) };
    const metrics = new ServiceMetrics('offers', { defaultMetrics: false, now: () => NOW });
    metrics.outbox('loyalty_activations', async () => {
      reads++;
      return backlog;
    });
    const first = await metrics.text();
    expect(reads).toBe(1);
    expect(sample(first, 'outbox_pending_messages', 'outbox="loyalty_activations"')).toBe(4);
    expect(sample(first, 'outbox_oldest_pending_age_seconds', 'outbox="loyalty_activations"')).toBe(120);
    backlog = { pending: 0 };
    const second = await metrics.text();
    expect(reads).toBe(2);
    expect(sample(second, 'outbox_pending_messages', 'outbox="loyalty_activations"')).toBe(0);
    expect(sample(second, 'outbox_oldest_pending_age_seconds', 'outbox="loyalty_activations"')).toBe(0);
  });

  it('leaves out an outbox whose store does not answer, and still serves the rest', async () => {
    const metrics = new ServiceMetrics('accounts', { defaultMetrics: false, now: () => NOW });
    metrics.outbox('broken', () => Promise.reject(new Error('store down')));
    metrics.outbox('fine', async () => ({ pending: 1, oldestCreatedAt: new Date(NOW.getTime() - 1000) }));
    const text = await metrics.text();
    expect(sample(text, 'outbox_pending_messages', 'outbox="broken"')).toBeUndefined();
    expect(sample(text, 'outbox_oldest_pending_age_seconds', 'outbox="broken"')).toBeUndefined();
    expect(sample(text, 'outbox_pending_messages', 'outbox="fine"')).toBe(1);
    expect(sample(text, 'outbox_oldest_pending_age_seconds', 'outbox="fine"')).toBe(1);
  });
});

describe('startOpsServer', () => {
  it('serves /metrics and /health on its own port, nothing else', async () => {
    const metrics = new ServiceMetrics('partners', { defaultMetrics: false });
    metrics.cache('catalogue', () => ({ hits: 3, misses: 1 }));
    const ops = await startOpsServer({ port: 0, metrics });
    try {
      const res = await fetch(`${ops.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(sample(await res.text(), 'cache_hits_total', 'cache="catalogue"')).toBe(3);
      expect(await (await fetch(`${ops.url}/health`)).json()).toEqual({ status: 'ok', service: 'partners' });
      expect((await fetch(`${ops.url}/graphql`)).status).toBe(404);
    } finally {
      await ops.close();
    }
    await expect(fetch(`${ops.url}/metrics`)).rejects.toThrow();
  });
});

describe('opsPortOf', () => {
  it('is the public port + 1000 unless set; 0 (a free port) for a process on port 0', () => {
    expect(opsPortOf('ACCOUNTS_OPS_PORT', 4001, undefined)).toBe(5001);
    expect(opsPortOf('ACCOUNTS_OPS_PORT', 4001, 9100)).toBe(9100);
    expect(opsPortOf('ACCOUNTS_OPS_PORT', 0, undefined)).toBe(0);
    expect(opsPortOf('ACCOUNTS_OPS_PORT', 4001, 0)).toBe(0);
  });

  it('refuses the public port itself, and a default past 65535, naming the setting', () => {
    expect(() => opsPortOf('LOYALTY_OPS_PORT', 4002, 4002)).toThrow(ConfigError);
    expect(() => opsPortOf('LOYALTY_OPS_PORT', 4002, 4002)).toThrow('LOYALTY_OPS_PORT');
    expect(() => opsPortOf('CORE_OPS_PORT', 65000, undefined)).toThrow('CORE_OPS_PORT');
  });
});
