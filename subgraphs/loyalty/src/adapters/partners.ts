// The partners service as loyalty uses it (contract in docs/loyalty.md): the merchant ids of each
// partner, and issuing / releasing a reward. Calls go through lib/service-client (signed service
// token, timeout, retries on transport faults only).
import { z } from 'zod';
import type { ServiceClient } from '../../../../lib/service-client';

export interface PartnerMerchants {
  partnerId: string;
  merchantIds: string[];
  /** multiplier as a decimal string, e.g. "3" */
  earnBoost: string;
}

export type IssueOutcome = { ok: true; rewardId: string; voucherCode: string; pointsPrice: number } | { ok: false; code: 'REWARD_NOT_FOUND' | 'OUT_OF_STOCK' };

export interface PartnersPort {
  merchants(): Promise<PartnerMerchants[]>;
  issueReward(input: { rewardId: string; customerId: string; idempotencyKey: string }): Promise<IssueOutcome>;
  releaseReward(idempotencyKey: string): Promise<boolean>;
}

const MERCHANTS = z.array(z.object({ partnerId: z.string().min(1), merchantIds: z.array(z.string()), earnBoost: z.string() }));
const ISSUED = z.object({ rewardId: z.string(), voucherCode: z.string().min(1), pointsPrice: z.number().int().positive() });

export class PartnersError extends Error {
  readonly code = 'DOWNSTREAM_SERVICE_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'PartnersError';
  }
}

export function partnersPort(client: ServiceClient): PartnersPort {
  return {
    async merchants() {
      const res = await client.request('GET', '/internal/partners/merchants');
      if (res.status !== 200) throw new PartnersError(`partners merchants answered ${res.status}`);
      const parsed = MERCHANTS.safeParse(res.body);
      if (!parsed.success) throw new PartnersError('partners merchants answer does not match the contract');
      return parsed.data;
    },
    async issueReward(input) {
      const res = await client.request<{ code?: string }>('POST', '/internal/rewards/issue', input);
      if (res.status === 404) return { ok: false, code: 'REWARD_NOT_FOUND' };
      if (res.status === 409 && res.body?.code === 'OUT_OF_STOCK') return { ok: false, code: 'OUT_OF_STOCK' };
      if (res.status !== 200) throw new PartnersError(`rewards issue answered ${res.status}`);
      const parsed = ISSUED.safeParse(res.body);
      if (!parsed.success) throw new PartnersError('rewards issue answer does not match the contract');
      return { ok: true, ...parsed.data };
    },
    async releaseReward(idempotencyKey) {
      const res = await client.request<{ released?: boolean }>('POST', '/internal/rewards/release', { idempotencyKey });
      if (res.status !== 200) throw new PartnersError(`rewards release answered ${res.status}`);
      return res.body?.released === true;
    },
  };
}
