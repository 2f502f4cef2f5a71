// `/health`: the process is up and serving, nothing more (`/ready` looks at the subgraphs).
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayWorker } from '../config';

export interface HealthOptions {
  nodeEnv: string;
  worker?: GatewayWorker;
}

export const healthPlugin: FastifyPluginAsync<HealthOptions> = async (app, opts) => {
  // outside production a cluster worker says which one it is, so tests can tell workers apart
  const workerInfo = opts.worker && opts.nodeEnv !== 'production' ? { worker: { id: opts.worker.id, pid: process.pid } } : {};
  app.get('/health', async () => ({ status: 'ok', service: 'gateway', ...workerInfo }));
};
