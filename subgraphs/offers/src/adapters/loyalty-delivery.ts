// The HTTP side of the activation outbox: one POST /internal/cashback-boosts to loyalty per message.
import type { ServiceClient } from '../../../../lib/service-client';
import type { Deliver } from './activation-dispatcher';

/** 200 delivers; 400/409/422 are refusals that a resend cannot fix; anything else is retried. */
export function loyaltyDelivery(client: ServiceClient): Deliver {
  return async (message) => {
    try {
      const res = await client.request<{ status?: string; code?: string }>('POST', '/internal/cashback-boosts', message, message.activationId);
      if (res.status === 200) return { result: 'DELIVERED' };
      const code = res.body && typeof res.body === 'object' ? res.body.code : undefined;
      if (res.status === 400 || res.status === 409 || res.status === 422) return { result: 'REJECTED', error: `${res.status} ${code ?? ''}`.trim() };
      return { result: 'RETRY', error: `status ${res.status}` };
    } catch (err) {
      return { result: 'RETRY', error: (err as Error).message };
    }
  };
}
