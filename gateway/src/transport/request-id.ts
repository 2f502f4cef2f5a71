// Request ids travel through logs and to subgraphs, so a client-sent one is taken only when it
// is short and plain; otherwise the gateway makes its own.
import { randomUUID } from 'node:crypto';
import fp from 'fastify-plugin';
import { REQUEST_ID_HEADER } from '../../../lib/internal-auth';

const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,99}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Every request's id (Fastify's req.id), echoed in the response so a client can quote it. */
export const requestIdPlugin = fp(
  async (app) => {
    app.setGenReqId((req) => requestIdFrom(req.headers[REQUEST_ID_HEADER]));
    app.addHook('onRequest', (req, reply, done) => {
      void reply.header(REQUEST_ID_HEADER, req.id);
      done();
    });
  },
  { name: 'gateway-request-id' },
);
