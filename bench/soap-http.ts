// `npx tsx bench/soap-http.ts [--calls 1500] [--rounds 6] [--concurrency 1]`: the core adapter's
// calls (wsdl-client.ts's invoke: envelope, send, read, parse) sent by its node:http transport
// (legacy-adapters/soap/src/core-http.ts, CORE_HTTP=node) and by the soap library's axios
// (CORE_HTTP=axios), side by side in one process. The core is a plain node:http server in a child
// process that answers every call with one QueryAccBal answer of the simulator, so the CPU counted
// (process.cpuUsage over a round, per call) is the client's alone. Rounds alternate the transports;
// the first of each is warm-up, the best of the rest counts. Both are checked to give the same
// result first. Stops by itself within 30 s.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { loadWsdlClient } from '../legacy-adapters/soap/src';
import { simulatorAnswers } from '../legacy-adapters/soap/test/support/simulator-answers';
import { ROOT } from '../scripts/lib/processes';

const TRANSPORTS = ['axios', 'node'] as const;
type Transport = (typeof TRANSPORTS)[number];
type Invoke = Awaited<ReturnType<typeof loadWsdlClient>>['invoke'];

const CANNED_CORE = `const body = Buffer.from(process.env.ANSWER, 'utf8');
require('node:http')
  .createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': body.length }).end(body)); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;

const ARGS = {
  Header: { SourceSystem: 'BENCH', UserId: 'bench', Branch: '000', Operation: 'QueryAccBal', MessageId: 'm-1' },
  AccountIds: { AccountId: ['A-0000001', 'A-0000002', 'A-0000003'] },
};

async function cannedCore(answer: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', CANNED_CORE], { env: { ...process.env, ANSWER: answer }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the canned core exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/core`, stop: () => child.kill() };
}

/** µs of wall time and of CPU per call, `calls` calls with `concurrency` at a time. */
async function round(invoke: Invoke, calls: number, concurrency: number): Promise<{ wall: number; cpu: number }> {
  let started = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const worker = async () => {
    while (started++ < calls) await invoke('QueryAccBal', ARGS, new AbortController().signal);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpu0);
  return { wall: ((performance.now() - t0) * 1000) / calls, cpu: (cpu.user + cpu.system) / calls };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { calls: { type: 'string', default: '1500' }, rounds: { type: 'string', default: '6' }, concurrency: { type: 'string', default: '1' } },
  });
  const [calls, rounds, concurrency] = [Math.max(1, Number(values.calls)), Math.max(2, Number(values.rounds)), Math.max(1, Number(values.concurrency))];
  const answer = (await simulatorAnswers(5)).find((a) => a.operation === 'QueryAccBal');
  if (!answer) throw new Error('the simulator gave no QueryAccBal answer');
  const core = await cannedCore(answer.body);
  const wsdlUrl = join(ROOT, 'core-simulator/wsdl/core.wsdl');
  const load = (http: Transport) => loadWsdlClient({ wsdlUrl, endpointUrl: core.url, waitMs: 0, fetchTimeoutMs: 1000, maxSockets: 8, fastParse: true, http });
  const clients = { axios: await load('axios'), node: await load('node') };
  try {
    const results = await Promise.all(TRANSPORTS.map((t) => clients[t].invoke('QueryAccBal', ARGS, new AbortController().signal)));
    if (!isDeepStrictEqual(results[0], results[1])) throw new Error('the transports give different results');
    const best = { axios: { wall: Infinity, cpu: Infinity }, node: { wall: Infinity, cpu: Infinity } };
    for (let r = 0; r < rounds; r++) {
      for (const t of r % 2 ? [...TRANSPORTS].reverse() : TRANSPORTS) {
        const m = await round(clients[t].invoke, calls, concurrency);
        if (r > 0) best[t] = { wall: Math.min(best[t].wall, m.wall), cpu: Math.min(best[t].cpu, m.cpu) };
      }
    }
    const load1 = loadavg()[0]!.toFixed(2);
    console.log(`Node ${process.version}, load ${load1}; ${calls} QueryAccBal calls a round (answer ${answer.body.length} B), ${concurrency} at a time`);
    console.log(`best of ${rounds - 1} rounds, µs per call`);
    console.log(`${'transport'.padEnd(10)} ${'wall'.padStart(8)} ${'CPU'.padStart(8)}`);
    for (const t of TRANSPORTS) console.log(`${t.padEnd(10)} ${best[t].wall.toFixed(0).padStart(8)} ${best[t].cpu.toFixed(0).padStart(8)}`);
    const ratio = (k: 'wall' | 'cpu') => `${(best.axios[k] / best.node[k]).toFixed(2)}x`.padStart(8);
    console.log(`${'axios/node'.padEnd(10)} ${ratio('wall')} ${ratio('cpu')}`);
  } finally {
    for (const c of Object.values(clients)) c.close();
    core.stop();
  }
}

const deadline = setTimeout(() => {
  console.error('soap-http: still running after 30 s; stopped (fewer --calls or --rounds)');
  process.exit(1);
}, 30_000);
deadline.unref();

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
