// `npm run scale-out`: the scale test's run on its own (test/support/scale-out), printing its figures:
// the build's output as 2 gateways, 2 accounts, 2 loyalty (2 card feeds), 2 offers, 1 partners and 1 engagement on
// PostgreSQL and Redis behind round-robin balancers, one replica of each kind killed -9 in turn under
// load. Needs DATABASE_URL and REDIS_URL. Exits 1 when a check the test makes fails.
import { runScaleOut } from '../test/support/scale-out/scenario';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    console.error('npm run scale-out needs DATABASE_URL and REDIS_URL (e.g. postgres://postgres@127.0.0.1:5432/test and redis://127.0.0.1:6379)');
    process.exit(2);
  }
  const r = await runScaleOut({ databaseUrl, redisUrl, progress: (line) => console.error(`[scale-out] ${line}`) });
  const row = (cells: Array<string | number>) => cells.map((c, i) => String(c).padEnd(i === 0 ? 12 : 10)).join(' ');
  console.log(
    `\n${r.requests} client requests in ${(r.durationMs / 1000).toFixed(1)} s, ${r.failures} failed (${r.unexplainedFailures.length} with no kill in flight or replica coming back)`,
  );
  console.log(`dashboards: ${r.dashboards.answered} answered, ${r.dashboards.perSecond}/s, p50 ${r.dashboards.p50} ms, p99 ${r.dashboards.p99} ms`);
  console.log(row(['killed', 'in flight', 'failed', 'returning', 'ready ms', 'traffic ms']));
  for (const k of r.kills) console.log(row([k.replica, k.inFlightAtKill, k.failedRequests, k.failedWhileReturning, k.recoveryMs, k.backInRotationMs]));
  const t = r.transfers;
  console.log(
    `transfers: ${t.made} made by ${t.customers} customers, ${t.retried} re-sent with their key, ${t.readByOtherGateway} read back through the other gateway, ${t.stale.length} stale reads`,
  );
  const booked = t.ledger.every((c) => c.after === c.before - 100n * BigInt(c.made));
  console.log(`transfers booked once each: ${booked}`);
  const f = r.cardFeed;
  console.log(
    `card feed: ${f.planned} advices for ${f.customers} customers, ${f.acknowledged} acknowledged, ${f.resent} re-sent, ${f.disconnects} disconnects, ${f.acknowledgedAtKill} acknowledged when loyalty-1 was killed, ${f.mismatches.length} customers off the expected sums`,
  );
  const ok = r.unexplainedFailures.length === 0 && t.stale.length === 0 && booked && f.mismatches.length === 0 && f.unanswered === 0;
  if (!ok) {
    console.error(JSON.stringify({ unexplained: r.unexplainedFailures, stale: t.stale, cardFeed: f.mismatches }, null, 2));
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
