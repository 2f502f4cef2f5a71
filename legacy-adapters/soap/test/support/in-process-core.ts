// The simulator in this test process on a free port, with a CoreClient on it and every SOAP body it
// received: for adapter tests that read what went over the wire.
import { startCoreSimulator, type RunningCoreSimulator } from '../../../../core-simulator/src/server';
import { createLogger } from '../../../../lib/logger';
import { freePort } from '../../../../scripts/lib/processes';
import { CoreClient } from '../../src';

export interface InProcessCore {
  core: RunningCoreSimulator;
  client: CoreClient;
  /** the SOAP request bodies, in arrival order (a test may empty it) */
  received: string[];
  close(): Promise<void>;
}

export async function startInProcessCore(): Promise<InProcessCore> {
  const received: string[] = [];
  const logger = createLogger('core-simulator');
  logger.level = 'silent';
  const core = await startCoreSimulator({
    port: await freePort(),
    seed: 42,
    customers: 20,
    anchorDate: '2025-01-31',
    logger,
    onSoapRequest: (b) => received.push(b),
  });
  const client = await CoreClient.create({ wsdlUrl: core.wsdlUrl, timeoutMs: 10000, maxConcurrency: 4, readRetries: 0, wsdlWaitMs: 10000 });
  return {
    core,
    client,
    received,
    close: async () => {
      await client.close();
      await core.close();
    },
  };
}
