// `npm run card-switch -- --rate 50 --count 1000 ...`: the simulated card switch. Takes real cards
// from a running core simulator (GET /admin/cards), sends the traffic to the loyalty card feed and
// prints what was acknowledged and the expected totals per customer (default rules).
import { parseArgs } from 'node:util';
import { ASCII_HEX_BITMAP, BINARY_BITMAP } from '../../../legacy-adapters/iso8583/src';
import { DEFAULT_PORTS } from '../../../lib/config';
import { formatMinor } from '../../../lib/money';
import { CardSwitchDriver } from './driver';
import { expectedTotals } from './expected';
import { fetchCards, planTraffic } from './traffic';

const USAGE = `usage: npm run card-switch -- [options]
  --host 127.0.0.1 --port ${DEFAULT_PORTS.cardFeed}   the loyalty card feed
  --core-url http://127.0.0.1:${DEFAULT_PORTS.core}   the core simulator (cards with full PANs from /admin/cards)
  --customers 20 | C-000001,C-000002   the first N customers, or a list
  --count 1000       purchases (each one 0220; some also an 0120 before, some an 0420)
  --rate 50          new messages per second
  --connections 1    switch connections
  --auth-share 0.3 --reversal-share 0.1 --early-reversal-share 0.3 --repeat-share 0.1
  --mcc 5411,5812    only merchants with these MCCs
  --partner-merchants M-00010,M-00011 --partner-share 0.2
  --dialect binary | ascii-hex   --seed 1   --quiet`;

function number(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: String(DEFAULT_PORTS.cardFeed) },
      'core-url': { type: 'string', default: `http://127.0.0.1:${DEFAULT_PORTS.core}` },
      customers: { type: 'string', default: '20' },
      count: { type: 'string', default: '100' },
      rate: { type: 'string', default: '50' },
      connections: { type: 'string', default: '1' },
      'auth-share': { type: 'string' },
      'reversal-share': { type: 'string' },
      'early-reversal-share': { type: 'string' },
      'repeat-share': { type: 'string' },
      mcc: { type: 'string' },
      'partner-merchants': { type: 'string' },
      'partner-share': { type: 'string' },
      dialect: { type: 'string', default: 'binary' },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const customers = /^\d+$/.test(values.customers)
    ? Array.from({ length: Number(values.customers) }, (_, i) => `C-${String(i + 1).padStart(6, '0')}`)
    : values.customers
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
  const cards = await fetchCards(values['core-url'], customers);
  if (cards.length === 0) throw new Error('the core simulator returned no active cards for these customers');
  const plan = planTraffic({
    cards,
    count: number(values.count, 'count', 100),
    seed: number(values.seed, 'seed', 1),
    authShare: values['auth-share'] === undefined ? undefined : number(values['auth-share'], 'auth-share', 0.3),
    reversalShare: values['reversal-share'] === undefined ? undefined : number(values['reversal-share'], 'reversal-share', 0.1),
    earlyReversalShare: values['early-reversal-share'] === undefined ? undefined : number(values['early-reversal-share'], 'early-reversal-share', 0.3),
    repeatShare: values['repeat-share'] === undefined ? undefined : number(values['repeat-share'], 'repeat-share', 0.1),
    mccs: values.mcc?.split(','),
    partnerMerchantIds: values['partner-merchants']?.split(','),
    partnerShare: values['partner-share'] === undefined ? undefined : number(values['partner-share'], 'partner-share', 0.2),
  });
  const driver = new CardSwitchDriver({
    host: values.host,
    port: number(values.port, 'port', DEFAULT_PORTS.cardFeed),
    ratePerSecond: Math.max(0.1, number(values.rate, 'rate', 50)),
    connections: Math.max(1, number(values.connections, 'connections', 1)),
    dialect: values.dialect === 'ascii-hex' ? ASCII_HEX_BITMAP : BINARY_BITMAP,
    onEvent: values.quiet
      ? undefined
      : (e) => {
          if (e.type !== 'answer') console.error(JSON.stringify(e));
        },
  });
  const stop = () => driver.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const report = await driver.run(plan.messages);
  await driver.close();
  const { codes, ...summary } = report;
  const expected = [...expectedTotals(plan.purchases).values()].map((t) => ({
    customerId: t.customerId,
    cashBack: { amount: formatMinor(t.cashBackMinor, t.currency), currency: t.currency },
    pointsAtTierMultiplier1: t.points.toString(),
    purchases: t.purchases,
    reversed: t.reversed,
  }));
  console.log(JSON.stringify({ summary, answered: codes.filter(Boolean).length, expected }, null, 2));
  if (report.unanswered > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  console.error(USAGE);
  process.exit(2);
});
