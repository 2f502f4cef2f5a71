// What the edge learns about a /graphql request, kept on the request itself: the admission hook
// fills in the caller, Apollo Server the operation and the error codes (request-info.ts), and the
// request log and metrics read it when the response has gone (ops/request-log.ts).
import type { Deadline } from '../../../lib/deadline';
import type { Caller } from '../../../lib/internal-auth';

/** What the edge learnt about a request, filled in along the way and read when it is logged. */
export interface RequestState {
  caller?: Caller;
  client: string;
  operation: string | null;
  errorCodes: string[];
  /** when the request arrived (performance.now()): its budget counts from here */
  receivedAt: number;
  /** the request's budget (request-budget.ts): the default from arrival, the client's once admission knows it */
  deadline?: Deadline;
}

declare module 'fastify' {
  interface FastifyRequest {
    gatewayState?: RequestState;
  }
}

export function clientLabel(caller: Caller | undefined): string {
  if (!caller) return '(unauthenticated)';
  return caller.clientName ?? `(${caller.channel})`;
}

/** Set on every /graphql request as it arrives, so even a refused body is counted. */
export function newRequestState(): RequestState {
  return { client: clientLabel(undefined), operation: null, errorCodes: [], receivedAt: performance.now() };
}
