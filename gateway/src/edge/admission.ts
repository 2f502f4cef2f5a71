// Admission: what is checked on every /graphql request before Apollo Server parses anything. In
// order: no batches; a verified caller (401); the caller's rate limits (429); a staff-only
// registered operation from another channel (403); the caller's persisted-query safelist (400); a
// partner app's registration (403/503). A refused request costs no parse, no plan and no subgraph
// call. (The body cap is Fastify's bodyLimit, answered in admissionErrorHandler below.)
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { Caller } from '../../../lib/internal-auth';
import type { Logger } from '../../../lib/logger';
import type { Authenticator } from './identity';
import { LIMIT_CODES } from './limits';
import type { GatewayMetrics } from '../ops/metrics';
import { checkSafelist, type ClientRegistry, type ClientRules } from './persisted/clients';
import { sha256 } from './persisted/manifest';
import type { PartnerAppDirectory } from './persisted/partner-apps';
import type { RateLimiter } from './rate-limit';
import { startDeadline } from './request-budget';
import { clientLabel, newRequestState } from './request-state';

export const SAFELIST_CODE = 'PERSISTED_QUERY_NOT_IN_SAFELIST';
/** a staff-only registered operation sent by another channel: the same code as a missing staff scope */
export const STAFF_OPERATION_CODE = 'FORBIDDEN';
export const RATE_LIMITED_CODE = 'RATE_LIMITED';
export const PARTNER_APP_NOT_REGISTERED_CODE = 'PARTNER_APP_NOT_REGISTERED';
export const PARTNER_REGISTRY_UNAVAILABLE_CODE = 'PARTNER_REGISTRY_UNAVAILABLE';

export interface AdmissionOptions {
  authenticator: Authenticator;
  rateLimiter?: RateLimiter;
  clients: ClientRegistry;
  metrics: GatewayMetrics;
  log: Logger;
  /** the partners service's app registry; without it partner tokens get the whole partner manifest */
  partnerApps?: PartnerAppDirectory;
  /** GATEWAY_REQUEST_BUDGET_MS: the budget of a client without its own `requestBudgetMs` */
  requestBudgetMs: number;
}

export interface GraphQLParams {
  query?: string;
  hash?: string;
}

function paramsOf(req: FastifyRequest): GraphQLParams | undefined {
  const source = req.method === 'GET' ? (req.query as Record<string, unknown>) : (req.body as Record<string, unknown> | undefined);
  if (!source || typeof source !== 'object') return undefined;
  let extensions = source.extensions;
  if (typeof extensions === 'string') {
    try {
      extensions = JSON.parse(extensions) as unknown;
    } catch {
      extensions = undefined; // Apollo answers the malformed request itself
    }
  }
  const pq = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  const hash = typeof pq?.sha256Hash === 'string' ? pq.sha256Hash : undefined;
  // an empty text beside an id is no text: graphql-sse's and graphql-ws's clients must send a string
  // with a persisted id, and the subscription path resolves it by the id (subscriptionRequest)
  const query = typeof source.query === 'string' && !(source.query === '' && hash !== undefined) ? source.query : undefined;
  if (query === undefined && hash === undefined) return undefined;
  return { query, hash };
}

export async function refuse(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Promise<void> {
  req.gatewayState?.errorCodes.push(code);
  for (const [k, v] of Object.entries(headers)) void reply.header(k, v);
  await reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ errors: [{ message, extensions: { code } }] });
}

export function admissionHook(opts: AdmissionOptions) {
  const admit = operationAdmission(opts);
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const state = (req.gatewayState ??= newRequestState());
    if (Array.isArray(req.body)) {
      return refuse(req, reply, 400, LIMIT_CODES.batch, 'Batched requests are not supported: send one operation per request.');
    }
    const params = paramsOf(req);
    // no operation at all: the landing page, a preflight, or a malformed request Apollo answers itself
    if (!params) return;

    let caller: Caller;
    try {
      caller = await opts.authenticator.authenticate(req.headers.authorization, req.id);
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err;
      const http = err.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
      return refuse(req, reply, http?.status ?? 401, String(err.extensions.code), err.message, Object.fromEntries(http?.headers ?? []));
    }
    state.caller = caller;
    state.client = clientLabel(caller);

    const admitted = await admit(caller, params, req.id);
    // from arrival, so the time admission itself took is part of the budget
    startDeadline(state, admitted.rules.requestBudgetMs ?? opts.requestBudgetMs);
    const refused = admitted.refusal;
    if (refused) return refuse(req, reply, refused.status, refused.code, refused.message, refused.headers);
  };
}

/** Why admission turned an operation away: what a client is answered. */
export interface AdmissionRefusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/** What admission checks of a verified caller's operation, over any transport (HTTP here, WebSocket in live/). */
export type OperationAdmission = (caller: Caller, params: GraphQLParams, requestId: string) => Promise<{ rules: ClientRules; refusal?: AdmissionRefusal }>;

/** Rate limits, the caller's safelist and a partner app's registration, in that order. */
export function operationAdmission(opts: AdmissionOptions): OperationAdmission {
  return async (caller, params, requestId) => {
    const client = clientLabel(caller);
    if (opts.rateLimiter) {
      // a Redis outage must not take the API down with it: the limits open, and the log says so
      const decision = await opts.rateLimiter.check(caller).catch((err: unknown) => {
        opts.log.warn({ reqId: requestId, reason: err instanceof Error ? err.message : String(err) }, 'rate limit store unavailable; request let through');
        return { allowed: true, retryAfterMs: 0, bucket: undefined };
      });
      if (!decision.allowed) {
        opts.metrics.rateLimitedRequest(client, decision.bucket ?? 'client');
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        const refusal = {
          status: 429,
          code: RATE_LIMITED_CODE,
          message: `Too many requests; retry in ${seconds} s.`,
          headers: { 'retry-after': String(seconds) },
        };
        return { rules: opts.clients.rulesFor(caller), refusal };
      }
    }

    const rules = opts.clients.rulesFor(caller);
    // a staff-only registered operation (the 360° view) from any other channel: refused here, unplanned
    if (opts.clients.isStaffOperationOutsideStaff(caller, { hash: params.hash, text: params.query })) {
      opts.log.warn(
        { reqId: requestId, client, channel: caller.channel, operationHash: params.hash ?? sha256(params.query ?? '') },
        'staff operation from another channel',
      );
      return { rules, refusal: { status: 403, code: STAFF_OPERATION_CODE, message: 'This operation is for staff only.' } };
    }
    const verdict = checkSafelist(rules, { hash: params.hash, text: params.query });
    const outsideSafelist = { status: 400, code: SAFELIST_CODE, message: 'This client may only run its registered operations.' };
    if (!verdict.allowed) {
      const operationHash = params.hash ?? (params.query !== undefined ? sha256(params.query) : undefined);
      opts.log[verdict.logOnly ? 'info' : 'warn'](
        { reqId: requestId, client: rules.name, operationHash, enforced: !verdict.logOnly },
        'operation outside the safelist',
      );
      if (!verdict.logOnly) return { rules, refusal: outsideSafelist };
    }

    if (caller.channel === 'partner' && opts.partnerApps) {
      const clientId = caller.clientName ?? caller.subject;
      let app;
      try {
        app = await opts.partnerApps.lookup(clientId, requestId);
      } catch (err) {
        opts.log.warn({ reqId: requestId, client: clientId, reason: err instanceof Error ? err.message : String(err) }, 'partner app registry unavailable');
        return {
          rules,
          refusal: { status: 503, code: PARTNER_REGISTRY_UNAVAILABLE_CODE, message: 'Partner access is unavailable right now; try again shortly.' },
        };
      }
      if (!app || app.partnerId !== caller.partnerId) {
        return { rules, refusal: { status: 403, code: PARTNER_APP_NOT_REGISTERED_CODE, message: 'This partner app is not registered for this partner.' } };
      }
      const name = verdict.allowed ? verdict.operation?.name : undefined;
      if (!name || !app.allowedOperations.includes(name)) return { rules, refusal: outsideSafelist };
    }
    return { rules };
  };
}

/** Fastify's own refusals (body too large, malformed JSON) in the GraphQL error shape, with codes. */
export function admissionErrorHandler(log: Logger) {
  return async (error: FastifyError, req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return refuse(req, reply, 413, LIMIT_CODES.body, 'Request body too large.');
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return refuse(
        req,
        reply,
        error.statusCode,
        'BAD_REQUEST',
        error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'Unsupported content type.' : 'Malformed request.',
      );
    }
    log.error({ reqId: req.id, err: error }, 'unexpected error at the edge');
    return refuse(req, reply, 500, 'INTERNAL_SERVER_ERROR', 'Internal error');
  };
}
