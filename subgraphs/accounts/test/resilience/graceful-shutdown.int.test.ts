// An orchestrator stops a replica with SIGTERM (a deploy, a scale-down): the customer whose
// request is in flight must still get the answer, new connections go to the other replicas, and
// the process exits 0 within its drain time (SHUTDOWN_DRAIN_MS) instead of waiting for SIGKILL.
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { INTERNAL_TOKEN_HEADER, InternalTokenSigner } from '../../../../lib/internal-auth';
import { createLogger } from '../../../../lib/logger';
import { startCoreSimulator, type RunningCoreSimulator } from '../../../../core-simulator/src/server';
import { setCoreFaults } from '../../../../scripts/lib/core-admin';
import { freePort, ROOT, startProcess, tempDir, type RunningProcess } from '../../../../scripts/lib/processes';
import { gql } from '../../../../test/support/stack';
import { ANCHOR, customerCaller } from '../support/harness';

// long beside what the test needs (the in-flight request's 1.5 s, then the stores' close): a
// process that waited out its whole drain still fails, and a loaded CI machine, where the close took
// 7.3 s once, does not
const DRAIN_MS = 15_000;
/** how long the core takes for every call while the request is in flight */
const CORE_LATENCY_MS = 1500;

/** Resolves with the error code of a fresh TCP connection to the port, or 'connected'. */
function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('accounts on SIGTERM', () => {
  const dir = tempDir('corebridge-shutdown-');
  const keys = join(dir, 'keys');
  let core: RunningCoreSimulator;
  let accounts: RunningProcess;
  let port: number;
  let signer: InternalTokenSigner;
  let soapArrived: () => void = () => undefined;

  beforeAll(async () => {
    // the key pair first, so the process finds it instead of racing to create it
    signer = await InternalTokenSigner.fromKeysDir(keys);
    const quiet = createLogger('core-simulator');
    quiet.level = 'warn';
    core = await startCoreSimulator({ port: await freePort(), seed: 42, customers: 10, anchorDate: ANCHOR, logger: quiet, onSoapRequest: () => soapArrived() });
    port = await freePort();
    accounts = await startProcess(
      'accounts',
      'subgraphs/accounts/src/main.ts',
      {
        ACCOUNTS_PORT: String(port),
        // /metrics on a free port: the default (port + 1000) may be taken
        ACCOUNTS_OPS_PORT: '0',
        CORE_WSDL_URL: core.wsdlUrl,
        KEYS_DIR: keys,
        DATA_DIR: join(dir, 'data'),
        // the embedded store in this test's folder, never a shared server
        DATABASE_URL: '',
        LOYALTY_SERVICE_URL: `http://127.0.0.1:${await freePort()}`,
        SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      },
      `http://127.0.0.1:${port}/ready`,
    );
  }, 120_000);

  afterAll(async () => {
    await accounts?.stop();
    await core?.close();
  });

  it('answers the request in flight, refuses new connections and exits 0 within the drain time', async () => {
    const token = await signer.sign(customerCaller('C-000001'));
    const arrived = new Promise<void>((resolve) => (soapArrived = resolve));
    await setCoreFaults(core.url, { latencyMs: CORE_LATENCY_MS });

    const inFlight = gql(`http://127.0.0.1:${port}/graphql`, '{ me { id displayName } }', { headers: { [INTERNAL_TOKEN_HEADER]: token } });
    await arrived;
    const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
      accounts.child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
    );
    const signalledAt = performance.now();
    accounts.child.kill('SIGTERM');

    // give the process a moment to act on the signal, then knock on the door
    await new Promise((r) => setTimeout(r, 300));
    expect(await connectOutcome(port)).toBe('ECONNREFUSED');

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({ me: { id: 'C-000001', displayName: 'Mia H.' } });

    const exit = await exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(DRAIN_MS);
    expect(accounts.output()).toContain('SIGTERM: stopping');
  }, 60_000);

  it.each([
    ['SHUTDOWN_DRAIN_MS', 'soon'],
    ['ACCOUNTS_HOST', 'http://0.0.0.0'],
    ['LOG_LEVEL', 'verbose'],
    ['OTEL_TRACES_EXPORTER', 'jaeger'],
  ])(
    'refuses to start with %s=%s, naming it (exit 78)',
    async (name, value) => {
      // an exporter setting is read only when tracing is on
      const tracing = name.startsWith('OTEL_') ? { OTEL_SDK_DISABLED: 'false' } : {};
      const env = { ...process.env, ...tracing, [name]: value, DATABASE_URL: '', KEYS_DIR: keys };
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'subgraphs/accounts/src/main.ts')], { cwd: ROOT, env }, (_err, _out, stderr) =>
          resolve({ code: child.exitCode, stderr }),
        );
      });
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(`${name}: `);
    },
    60_000,
  );
});
