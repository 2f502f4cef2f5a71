// One subgraph calling another (loyalty -> partners, offers -> loyalty, ...) goes through here:
// a signed internal token with channel `service`, a per-attempt timeout, and retries only for
// faults that cannot have been a business answer (network errors, timeouts, 502/503/504). The
// receiving endpoints are idempotent by a key in the body, so a retried call never acts twice.
// A call made for a client's request carries its deadline: no attempt (and no retry) outlives it,
// and the callee learns the time left in DEADLINE_HEADER.
import { type Deadline, DEADLINE_HEADER } from './deadline';
import { type InternalTokenSigner, INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER } from './internal-auth';
import { sleep } from './sleep';

interface ServiceClientOptions {
  /** calling service's name, e.g. 'loyalty'; becomes the token subject `svc:<name>` */
  service: string;
  /** base URL of the service called, e.g. http://127.0.0.1:4004 */
  baseUrl: string;
  signer: InternalTokenSigner;
  timeoutMs?: number;
  retries?: number;
  /** first backoff; doubles per retry */
  backoffMs?: number;
}

interface ServiceResponse<T> {
  status: number;
  body: T;
}

export class ServiceUnavailableError extends Error {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ServiceUnavailableError';
  }
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

export class ServiceClient {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(private readonly options: ServiceClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.retries = options.retries ?? 2;
    this.backoffMs = options.backoffMs ?? 50;
  }

  /**
   * JSON request; answers any status the callee chose (4xx are business answers, not retried).
   * With `deadline` (the client request's), each attempt waits at most the time left, and none
   * starts once it has run out.
   */
  async request<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown, requestId?: string, deadline?: Deadline): Promise<ServiceResponse<T>> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) {
        const backoffMs = this.backoffMs * 2 ** (attempt - 1);
        if (deadline && deadline.remainingMs() <= backoffMs) break;
        await sleep(backoffMs);
      }
      const timeoutMs = deadline ? deadline.cap(this.timeoutMs) : this.timeoutMs;
      if (timeoutMs <= 0) {
        lastError ??= new Error('the request ran out of time');
        break;
      }
      try {
        const token = await this.options.signer.sign({
          subject: `svc:${this.options.service}`,
          channel: 'service',
          scopes: [],
          clientName: this.options.service,
          requestId,
        });
        const headers: Record<string, string> = { [INTERNAL_TOKEN_HEADER]: token, accept: 'application/json' };
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (requestId) headers[REQUEST_ID_HEADER] = requestId;
        if (deadline) headers[DEADLINE_HEADER] = deadline.headerValue();
        const res = await fetch(new URL(path, this.options.baseUrl), {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body, bigintAsString),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await res.text();
        if (RETRYABLE_STATUS.has(res.status)) {
          lastError = new Error(`status ${res.status}`);
          continue;
        }
        return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
      } catch (err) {
        lastError = err;
      }
    }
    throw new ServiceUnavailableError(`${this.options.service} -> ${path}: no answer in time or after ${this.retries + 1} attempts`, lastError);
  }
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
