// /health (the process answers) and /ready (its store answers too): open, since probes carry no
// internal token.
import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../../../../lib/db/database';

export function registerHealthRoutes(app: FastifyInstance, service: string, db: Queryable): void {
  app.get('/health', async () => ({ status: 'ok', service }));
  app.get('/ready', async (_req, reply) => {
    const ok = await db.query('SELECT 1 AS ok').then(
      (rows) => rows.length === 1,
      () => false,
    );
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', service });
  });
}
