// `npx tsx bench/soap-parse.ts [--customers 20] [--rounds 8]`: the core adapter's answer parser
// (legacy-adapters/soap/src/response-parser.ts) against the soap library's own, side by side in one
// process, on every kind of answer the simulator gives (test/support/simulator-answers.ts). Prints
// ms per answer for each operation, the ratio, and MB/s; the best round of each counts, the first
// is warm-up. Both parsers are checked to agree on every answer first.
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { ResponseParser } from '../legacy-adapters/soap/src';
import { libraryClient, simulatorAnswers } from '../legacy-adapters/soap/test/support/simulator-answers';
import { ROOT } from '../scripts/lib/processes';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { customers: { type: 'string', default: '20' }, rounds: { type: 'string', default: '8' } } });
  const rounds = Math.max(2, Number(values.rounds));
  const answers = await simulatorAnswers(Number(values.customers));
  const { wsdl, library } = await libraryClient(join(ROOT, 'core-simulator/wsdl/core.wsdl'));
  const scanner = new ResponseParser(wsdl, library);
  const byOperation = new Map<string, string[]>();
  for (const { operation, body } of answers) {
    if (!isDeepStrictEqual(scanner.parse(body), library(body))) throw new Error(`the parsers differ on a ${operation} answer`);
    byOperation.set(operation, [...(byOperation.get(operation) ?? []), body]);
  }
  console.log(`${answers.length} answers, Node ${process.version}; ms per answer, best of ${rounds - 1} rounds`);
  console.log(
    `${'operation'.padEnd(18)} ${'answers'.padStart(7)} ${'KB avg'.padStart(7)} ${'soap'.padStart(8)} ${'scanner'.padStart(8)} ${'ratio'.padStart(6)} ${'MB/s'.padStart(6)}`,
  );
  for (const [operation, bodies] of byOperation) {
    const bytes = bodies.reduce((n, b) => n + b.length, 0) / bodies.length;
    const repeat = Math.max(1, Math.round(200_000 / (bytes * bodies.length)));
    const best = { soap: Infinity, scanner: Infinity };
    for (let round = 0; round < rounds; round++) {
      for (const [name, parse] of [
        ['soap', library],
        ['scanner', (b: string) => scanner.parse(b)],
      ] as const) {
        const t = performance.now();
        for (let i = 0; i < repeat; i++) for (const b of bodies) parse(b);
        const ms = (performance.now() - t) / (repeat * bodies.length);
        if (round > 0) best[name] = Math.min(best[name], ms);
      }
    }
    const row = [operation.padEnd(18), String(bodies.length).padStart(7), (bytes / 1024).toFixed(1).padStart(7)];
    row.push(best.soap.toFixed(3).padStart(8), best.scanner.toFixed(3).padStart(8), `${(best.soap / best.scanner).toFixed(1)}x`.padStart(6));
    row.push((bytes / 1e3 / best.scanner).toFixed(0).padStart(6));
    console.log(row.join(' '));
  }
  if (scanner.fallbacks) console.log(`${scanner.fallbacks} answers were handed to the library's parser`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
