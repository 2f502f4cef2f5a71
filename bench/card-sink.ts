// `npx tsx bench/card-sink.ts [--count 600] [--in-flight 5] [--store pglite|postgres] [--dir
// /tmp/card-sink-bench]`: the card feed's ledger side alone (LedgerCardEventSink on the loyalty test
// harness's programme, a file-backed PGlite as `npm start` uses, or a database of the run's own on
// DATABASE_URL's server), `--in-flight` advices at once as the switch's connections send them.
// Prints advices/s and every statement's cost per advice, by its SQL: where an advice's time goes
// (docs/performance.md "The card feed on the embedded store").
import { parseArgs } from 'node:util';
import { StatementCosts } from './lib/statement-costs';
import { openInProcessStore } from './lib/in-process-store';
import { advice, programmeOn } from '../subgraphs/loyalty/test/support/programme';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '600' },
      'in-flight': { type: 'string', default: '1' },
      dir: { type: 'string', default: '/tmp/card-sink-bench' },
      store: { type: 'string', default: 'pglite' },
    },
  });
  const count = Number(values.count);
  const inFlight = Math.max(1, Number(values['in-flight']));
  process.env.LOG_LEVEL ??= 'warn';
  const { db: store, close } = await openInProcessStore(values.store, values.dir, 'loyalty');
  const costs = new StatementCosts();
  const db = costs.wrap(store);
  const p = await programmeOn(db);
  await p.ledger.warm();
  const customer = (i: number) => `C-${String(1 + (i % 50)).padStart(6, '0')}`;
  // warm-up: the accounts exist, the plans' first runs are behind
  for (let i = 0; i < 50; i++) await p.sink.apply(advice({ customerId: customer(i), mcc: '5411' }));
  costs.clear();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        await p.sink.apply(advice({ customerId: customer(i), mcc: '5411' }));
      }
    }),
  );
  const ms = performance.now() - started;
  console.log(`${count} purchases, ${inFlight} at once, ${store.kind}: ${(ms / count).toFixed(2)} ms each, ${Math.round(count / (ms / 1000))}/s`);
  costs.print(count, 'advice');
  await p.check();
  await close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
