// Which merchant belongs to which partner, as the partners service last told us. Refreshed on a
// timer; when partners cannot answer, the last known list stays in use (and the log says so), so a
// partners outage never stops the card feed from earning.
import type { Logger } from '../../../../lib/logger';
import type { PartnerMerchants, PartnersPort } from './partners';

export interface PartnerOfMerchant {
  partnerId: string;
  /** the partner's earn boost in basis points (30000 = x3), or undefined to use the rules' default */
  earnBoostBp?: bigint;
}

const DECIMAL = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

function boostBp(text: string): bigint | undefined {
  const [, whole, frac = ''] = DECIMAL.exec(text.trim()) ?? [];
  if (whole === undefined) return undefined;
  const bp = BigInt(whole) * 10000n + BigInt((frac + '0000').slice(0, 4));
  return bp >= 10000n ? bp : undefined;
}

export class PartnerDirectory {
  private byMerchant = new Map<string, PartnerOfMerchant>();
  private loadedAt: Date | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly port: PartnersPort | undefined,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Replaces the list with a fresh one; keeps the old one (and logs) when partners fails. */
  async refresh(): Promise<boolean> {
    if (!this.port) return false;
    try {
      this.install(await this.port.merchants());
      return true;
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message, lastKnownAt: this.loadedAt?.toISOString() ?? null, merchants: this.byMerchant.size },
        'partners unavailable: using the last known partner merchant list',
      );
      return false;
    }
  }

  install(list: readonly PartnerMerchants[]): void {
    const next = new Map<string, PartnerOfMerchant>();
    for (const p of list) {
      const bp = boostBp(p.earnBoost);
      for (const m of p.merchantIds) next.set(m, { partnerId: p.partnerId, earnBoostBp: bp });
    }
    this.byMerchant = next;
    this.loadedAt = this.clock();
  }

  partnerOf(merchantId: string): PartnerOfMerchant | undefined {
    return this.byMerchant.get(merchantId);
  }

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
