// What a gateway's plan costs the federation-classic subgraphs: the requests they serve per
// operation sent (Apollo's planner asked them 16 times a query before entity fetches were batched).
import type { AddressInfo } from 'node:net';
import { startClassicSubgraph } from '../federation-classic/main';
import type { LoadResult } from '../lib/load';
import { peerResultLine } from '../lib/report';
import { type Stack, subgraphCallMeter } from '../lib/stacks';

describe('bench: subgraph calls per request', () => {
  it("counts what a plan cost the classic subgraphs: requests served per request sent, in the peer's log line", async () => {
    const server = await startClassicSubgraph('accounts', 0);
    try {
      const port = (server.address() as AddressInfo).port;
      const stack = { subgraphStatsUrl: `http://127.0.0.1:${port}/stats` } as Stack;
      const calls = await subgraphCallMeter(stack);
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ me { id } }"}',
        });
        expect(res.status).toBe(200);
      }
      expect(await calls(2)).toBe(1.5);
      expect(await calls(0)).toBeUndefined();
      // a banking stack counts core calls instead
      expect(await (await subgraphCallMeter({} as Stack))(10)).toBeUndefined();
    } finally {
      server.close();
    }
    const row = { workload: 'federation-classic' as const, peer: 'corebridge' as const, status: 'ok' as const, subgraphCallsPerRequest: 7.02 };
    const load = { requestsPerSecond: 150.5, latencyMs: { p50: 300, p99: 500 }, errors: { total: 0 }, requests: 3000 } as LoadResult;
    expect(peerResultLine('corebridge', load, row)).toBe('  corebridge: 150.5 req/s, p50 300 ms, p99 500 ms, errors 0/3000, subgraph calls/req 7.02');
  });
});
