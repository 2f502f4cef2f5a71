// `npx tsx bench/engagement-events.ts [--advices 1500] [--customers 500] [--concurrency 8]
// [--store pglite|postgres] [--dir /tmp/engagement-events-bench]`: engagement's event consumer
// alone, as the live workload drives it (bench/lib/live.ts): every advice is a grocery purchase that
// earned cash back, so loyalty writes a CardPurchaseRecorded (a CASHBACK_EARNED notification,
// in-app) and a PointsChanged (the customer facts only). The events go through the consumer's own
// deliverBatch in pages of 100, customers handled `--concurrency` at once as the embedded bus does,
// on a file-backed PGlite as `npm start` uses, or on PostgreSQL (`--store postgres`: a database of
// the run's own on DATABASE_URL's server, DATABASE_PREPARED_STATEMENTS as the services read it).
// Prints events/s, commits an event and every statement's cost per event, by its SQL: where
// engagement's share of a live notification's delay goes (docs/performance.md).
import { parseArgs } from 'node:util';
import { migrate } from '../lib/db/migrate';
import { type DomainEvent, MemoryParkingLot, newEvent } from '../lib/events';
import { DEFAULT_RETRY, deliverBatch } from '../lib/events/consumer';
import { money } from '../lib/money';
import { MIGRATIONS } from '../subgraphs/engagement/src/db/migrations';
import { MessageStore } from '../subgraphs/engagement/src/db/message-store';
import { PreferencesStore } from '../subgraphs/engagement/src/db/preferences-store';
import { CustomerFactsStore } from '../subgraphs/engagement/src/db/customer-facts';
import { NotificationEngine } from '../subgraphs/engagement/src/domain/engine';
import { InboxDelivery } from '../subgraphs/engagement/src/adapters/inbox-delivery';
import { CONSUMED_TYPES, eventHandler } from '../subgraphs/engagement/src/adapters/event-consumer';
import { StatementCosts } from './lib/statement-costs';
import { openInProcessStore } from './lib/in-process-store';

const PAGE = 100;

function adviceEvents(i: number, customerId: string): DomainEvent[] {
  const at = new Date();
  const purchase = newEvent({
    type: 'CardPurchaseRecorded',
    key: `card-purchase:BENCH|${i}`,
    customerId,
    occurredAt: at,
    payload: {
      cardId: 'CARD-1',
      journalId: `J-${i}`,
      amount: { amountMinor: '2350', currency: 'EUR' },
      merchant: { id: `M-${i % 40}`, name: 'Grocer', mcc: '5411' },
      cashBack: { amountMinor: '47', currency: 'EUR' },
      points: '0',
      purchasedAt: at.toISOString(),
    },
  });
  const points = newEvent({
    type: 'PointsChanged',
    key: `points:J-${i}`,
    customerId,
    occurredAt: at,
    payload: { journalId: `J-${i}`, reason: 'CARD_PURCHASE', delta: '0', balance: '0' },
  });
  return [purchase, points];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      advices: { type: 'string', default: '1500' },
      customers: { type: 'string', default: '500' },
      concurrency: { type: 'string', default: '8' },
      dir: { type: 'string', default: '/tmp/engagement-events-bench' },
      store: { type: 'string', default: 'pglite' },
    },
  });
  const advices = Number(values.advices);
  const customers = Number(values.customers);
  const concurrency = Math.max(1, Number(values.concurrency));
  process.env.LOG_LEVEL ??= 'warn';
  const { db: store, close } = await openInProcessStore(values.store, values.dir, 'engagement');
  await migrate(store, MIGRATIONS);
  const costs = new StatementCosts();
  const db = costs.wrap(store);
  let published = 0;
  const messages = new MessageStore(db);
  const engine = new NotificationEngine({
    store: messages,
    deliveries: [new InboxDelivery(messages, () => Promise.resolve(void published++))],
  });
  const facts = new CustomerFactsStore(db, { homeCurrency: 'EUR' });
  const handler = eventHandler({
    engine,
    preferences: new PreferencesStore(db),
    facts: { apply: (e) => facts.apply(e) },
    settings: { homeCurrency: 'EUR', largeCardUse: money(100_000n, 'EUR') },
  });
  const ctx = { group: 'bench', types: new Set<string>(CONSUMED_TYPES), handler, parking: new MemoryParkingLot(), retry: DEFAULT_RETRY, open: () => true };
  const customer = (i: number) => `C-${String(1 + (i % customers)).padStart(6, '0')}`;
  const pages = (from: number, to: number): string[][] => {
    const raws = Array.from({ length: to - from }, (_, k) => adviceEvents(from + k, customer(from + k)))
      .flat()
      .map((e) => JSON.stringify(e));
    return Array.from({ length: Math.ceil(raws.length / PAGE) }, (_, p) => raws.slice(p * PAGE, (p + 1) * PAGE));
  };
  const run = async (from: number, to: number) => {
    for (const page of pages(from, to)) await deliverBatch(page, ctx, concurrency, () => Promise.resolve());
  };
  // warm-up: every customer's preferences and facts rows exist, the plans' first runs are behind
  await run(0, customers);
  costs.clear();
  published = 0;
  const started = performance.now();
  await run(customers, customers + advices);
  const ms = performance.now() - started;
  const events = advices * 2;
  console.log(
    `${events} events (${advices} advices, ${customers} customers, ${concurrency} at once): ${store.kind}, ${(ms / events).toFixed(2)} ms each, ${Math.round(events / (ms / 1000))}/s`,
  );
  if (published !== advices) throw new Error(`${published} notifications published live, ${advices} owed`);
  costs.print(events, 'event');
  await close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
