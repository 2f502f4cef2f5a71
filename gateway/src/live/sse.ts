// Subscriptions over Server-Sent Events: graphql-sse in distinct connections mode, at /graphql for
// a POST or GET with `Accept: text/event-stream`, after admission (edge/admission.ts) has run on it
// as on any /graphql request. Refusals are plain JSON answers with a query's status and code.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { OperationArgs, Response as SseResponse } from 'graphql-sse';
import { createHandler } from 'graphql-sse/lib/use/fastify';
import type { Authenticator } from '../edge/identity';
import { type LiveSubscriptions, type StreamContext, subscriptionRequest } from './live-subscriptions';

/** how long a client's connection may stay unwritable before it counts as gone */
const DRAIN_TIMEOUT_MS = 10_000;
const EVENT_STREAM = 'text/event-stream';

export const wantsEventStream = (req: FastifyRequest) => typeof req.headers.accept === 'string' && req.headers.accept.toLowerCase().includes(EVENT_STREAM);

function refusalOf(err: GraphQLError, live: LiveSubscriptions, req: FastifyRequest): SseResponse {
  const status = err.extensions.http?.status ?? 400;
  const formatted = live.format(err.toJSON());
  req.gatewayState?.errorCodes.push(String(formatted.extensions?.code));
  return [JSON.stringify({ errors: [formatted] }), { status, statusText: 'Refused', headers: { 'content-type': 'application/json; charset=utf-8' } }];
}

/** Serves one event-stream request (the reply is hijacked: Fastify sends nothing of its own). */
export function sseHandler(live: LiveSubscriptions, authenticator: Authenticator): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const handler = createHandler<StreamContext>({
    // distinct connections only: a reserved single-connection stream would live in one replica
    authenticate: () => null,
    onSubscribe: async (sseReq, params) => {
      const req = sseReq.raw;
      const state = req.gatewayState;
      try {
        const caller = state?.caller ?? (await authenticator.authenticate(req.headers.authorization, req.id));
        const accepted = live.accept(caller, subscriptionRequest(params), req.id);
        if (state) state.operation = accepted.operationName ?? 'subscription';
        return accepted satisfies OperationArgs<StreamContext>;
      } catch (err) {
        if (err instanceof GraphQLError) return refusalOf(err, live, req);
        throw err;
      }
    },
    // accept() validated with the edge's rules already
    validate: () => [],
    subscribe: (args) => live.open(args.contextValue),
    // hold the next event while the client's socket is full: the events wait in the bounded
    // queue instead, which drops a client that stays behind
    onNext: async (_ctx, sseReq) => {
      const res = sseReq.context.reply.raw;
      if (!res.writableNeedDrain) return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('client connection stayed full')), DRAIN_TIMEOUT_MS);
        res.once('drain', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  });
  return async (req, reply) => {
    // graphql-sse compares Accept as a whole: a client adding `, */*` still asked for the stream
    req.headers.accept = EVENT_STREAM;
    // graphql-sse refuses a request without a query text ("Missing query", no code) before
    // onSubscribe runs; a registered operation sent by its id alone has none and is found by the
    // id (live.accept). The empty text only gets it past that check: subscriptionRequest drops it.
    const body = req.body as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } } | null | undefined;
    if (body && typeof body === 'object' && body.query == null && typeof body.extensions?.persistedQuery?.sha256Hash === 'string') body.query = '';
    reply.hijack();
    await handler(req, reply);
  };
}
