// Partner apps are registered with the partners service (which app belongs to which partner,
// and which of the partner manifest's operations it may run). The gateway asks it once a minute
// per app over the service-to-service path (GET /internal/partner-apps/:clientId) and refuses
// a partner token whose app is unknown, belongs to another partner, or asks for an operation
// outside the app's own list. The partners service down: partner requests are refused (fail closed).
import { type InternalTokenSigner } from '../../../../lib/internal-auth';
import { ServiceClient } from '../../../../lib/service-client';

export interface PartnerApp {
  clientId: string;
  partnerId: string;
  allowedOperations: string[];
}

export interface PartnerAppDirectory {
  /** the app, null when not registered; throws when the registry cannot be asked */
  lookup(clientId: string, requestId?: string): Promise<PartnerApp | null>;
}

const FOUND_TTL_MS = 60_000;
const MISSING_TTL_MS = 10_000;

export class HttpPartnerAppDirectory implements PartnerAppDirectory {
  private readonly client: ServiceClient;
  private readonly cache = new Map<string, { app: PartnerApp | null; until: number }>();

  constructor(
    baseUrl: string,
    signer: InternalTokenSigner,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.client = new ServiceClient({ service: 'gateway', baseUrl, signer, timeoutMs: 1500, retries: 1 });
  }

  async lookup(clientId: string, requestId?: string): Promise<PartnerApp | null> {
    const hit = this.cache.get(clientId);
    if (hit && hit.until > this.now()) return hit.app;
    const res = await this.client.request<Partial<PartnerApp>>('GET', `/internal/partner-apps/${encodeURIComponent(clientId)}`, undefined, requestId);
    let app: PartnerApp | null;
    if (res.status === 404) app = null;
    else if (res.status === 200 && typeof res.body?.partnerId === 'string' && Array.isArray(res.body.allowedOperations)) {
      app = { clientId, partnerId: res.body.partnerId, allowedOperations: res.body.allowedOperations.filter((o): o is string => typeof o === 'string') };
    } else throw new Error(`partner app registry answered ${res.status}`);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(clientId, { app, until: this.now() + (app ? FOUND_TTL_MS : MISSING_TTL_MS) });
    return app;
  }
}
