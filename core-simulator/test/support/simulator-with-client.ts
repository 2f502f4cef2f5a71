// A simulator on a free port with the real SOAP adapter in front of it, started once per suite:
// the adapter-against-simulator suites (resilience/*.int.test.ts) all need the same pair.
import { type RunningCoreSimulator, startCoreSimulator } from '../../src/server';
import { CoreClient } from '../../../legacy-adapters/soap/src';
import { createLogger } from '../../../lib/logger';
import { freePort } from '../../../scripts/lib/processes';

export interface SimulatorWithClient {
  sim: RunningCoreSimulator;
  client: CoreClient;
}

/** Starts the pair in beforeAll and closes it in afterAll; read `.sim` / `.client` inside tests. */
export function useSimulatorWithClient(): SimulatorWithClient {
  const pair = {} as SimulatorWithClient;
  beforeAll(async () => {
    const logger = createLogger('core-simulator');
    logger.level = 'warn';
    pair.sim = await startCoreSimulator({ port: await freePort(), seed: 42, anchorDate: '2025-06-30', logger });
    pair.client = await CoreClient.create(
      { wsdlUrl: pair.sim.wsdlUrl, timeoutMs: 10000, maxConcurrency: 4, readRetries: 1, sourceSystem: 'ITEST' },
      { log: logger },
    );
  }, 60000);
  afterAll(async () => {
    await pair.client?.close();
    await pair.sim?.close();
  });
  return pair;
}
