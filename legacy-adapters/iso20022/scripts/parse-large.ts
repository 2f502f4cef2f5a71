// Generates a large camt.053 statement as a stream (to a temporary file by default) and parses it
// with the streaming parser, printing one JSON line: entries, bytes, seconds, peak RSS.
// Neither side ever holds the file: the writer pulls entries one at a time from a generator and
// the parser keeps only the entry being read.
//
//   node --max-old-space-size=96 --import tsx legacy-adapters/iso20022/scripts/parse-large.ts [--mb 50] [--version 8|2] [--in-memory]
import { getHeapStatistics } from 'node:v8';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeCamt053, type Camt053Entry, type Camt053Header } from '../src/camt053-writer';
import { parseCamt } from '../src/camt-parser';
import { signedMinor } from '../src/camt-types';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 && process.argv[i + 1]) || fallback;
}

const targetBytes = Number(arg('mb', '50')) * 1_000_000;
const version = Number(arg('version', '8')) as 2 | 8;
const inMemory = process.argv.includes('--in-memory');
const START_MS = Date.parse('2026-11-20T00:00:00Z');

/** Entry i of the synthetic statement: a pure function of i, so it can be produced twice without storing it. */
function entryAt(i: number): Camt053Entry {
  const credit = i % 3 === 0;
  return {
    reference: `T-${String(i).padStart(9, '0')}`,
    amountMinor: BigInt(1 + ((i * 7919) % 500_000)),
    creditDebit: credit ? 'CRDT' : 'DBIT',
    status: 'BOOK',
    bookingDateTime: new Date(START_MS + (i % 86_400) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    valueDate: '2026-11-20',
    description: credit ? `Transfer from Zoë Müller ref ${i}` : `Card payment Café Zürich ${i}`,
    endToEndId: `E2E-${i}`,
    counterpartyName: credit ? 'Zoë Müller' : 'Café Zürich AG',
    bankTransactionCode: credit ? { domain: 'PMNT', family: 'RCDT', subFamily: 'DMCT' } : { domain: 'PMNT', family: 'CCRD', subFamily: 'POSD' },
  };
}

function* entries(n: number): Generator<Camt053Entry> {
  for (let i = 0; i < n; i++) yield entryAt(i);
}

async function main(): Promise<void> {
  // bytes per entry from a sample, so the file lands near the target size
  let sample = 0;
  for await (const chunk of writeCamt053(header(1000, { credits: { count: 0, minor: 0n }, debits: { count: 0, minor: 0n } }), entries(1000)))
    sample += Buffer.byteLength(chunk);
  const n = Math.max(1, Math.round(targetBytes / (sample / 1000)));
  const summary = { credits: { count: 0, minor: 0n }, debits: { count: 0, minor: 0n } };
  for (const e of entries(n)) {
    const side = e.creditDebit === 'CRDT' ? summary.credits : summary.debits;
    side.count += 1;
    side.minor += e.amountMinor;
  }
  const h = header(n, summary);

  const t0 = performance.now();
  let bytes = 0;
  let source: AsyncIterable<string | Uint8Array>;
  let dir: string | undefined;
  if (inMemory) {
    source = (async function* counted() {
      for await (const chunk of writeCamt053(h, entries(n))) {
        bytes += Buffer.byteLength(chunk);
        yield chunk;
      }
    })();
  } else {
    dir = mkdtempSync(join(tmpdir(), 'camt-large-'));
    const file = join(dir, 'camt053-large.xml');
    await pipeline(Readable.from(writeCamt053(h, entries(n))), createWriteStream(file));
    bytes = statSync(file).size;
    source = createReadStream(file, { highWaterMark: 64 * 1024 });
  }
  const tParse = performance.now();

  let parsed = 0;
  let net = 0n;
  let opening: bigint | undefined;
  let closing: bigint | undefined;
  for await (const ev of parseCamt(source)) {
    if (ev.kind === 'entry') {
      parsed += 1;
      net += signedMinor(ev.entry);
    } else if (ev.kind === 'balance') {
      if (ev.balance.type === 'OPENING') opening = ev.balance.amount.minor;
      if (ev.balance.type === 'CLOSING') closing = ev.balance.amount.minor;
    }
  }
  const t1 = performance.now();
  if (dir) rmSync(dir, { recursive: true, force: true });
  const result = {
    version: `camt.053.001.0${version}`,
    expectedEntries: n,
    entries: parsed,
    bytes,
    balanced: opening !== undefined && closing !== undefined && opening + net === closing,
    seconds: Number(((t1 - t0) / 1000).toFixed(2)),
    parseSeconds: Number(((t1 - tParse) / 1000).toFixed(2)),
    peakRssMb: Number((peakRssKb() / 1024).toFixed(1)),
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (parsed !== n || !result.balanced) process.exitCode = 1;
}

/**
 * This process's own peak RSS in kB. On Linux it is VmHWM: getrusage's maxrss survives exec, so a
 * child spawned from a big parent (a jest worker) would report the parent's size at fork.
 */
function peakRssKb(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS; // kilobytes
}

function header(n: number, summary: NonNullable<Camt053Header['summary']>): Camt053Header {
  const opening = 1_000_000_00n;
  return {
    version,
    messageId: `LARGE-${n}`,
    createdAt: '2026-11-21T02:00:00Z',
    statementId: `LARGE-${n}`,
    fromDateTime: '2026-11-20T00:00:00Z',
    toDateTime: '2026-11-20T23:59:59Z',
    iban: 'DE89370400440532013000',
    currency: 'EUR',
    opening: { minor: opening, date: '2026-11-20' },
    closing: { minor: opening + summary.credits.minor - summary.debits.minor, date: '2026-11-20' },
    summary,
  };
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
