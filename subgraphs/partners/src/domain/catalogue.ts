// The catalogue's own vocabulary; values equal the GraphQL enums, so they pass through unchanged.

export const PARTNER_CATEGORIES = ['RIDE_HAILING', 'COFFEE', 'GROCERIES', 'TRAVEL', 'STREAMING', 'EVENTS', 'DINING'] as const;
export type PartnerCategory = (typeof PARTNER_CATEGORIES)[number];

export const REWARD_KINDS = ['VOUCHER', 'CREDIT', 'EXPERIENCE'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export interface Partner {
  id: string;
  name: string;
  category: PartnerCategory;
  logoUrl: string;
  /** decimal string ("2.50"), never a float; null when the partner gives no boost */
  earnBoostPercent: string | null;
  /** multiplier of loyalty's base earning at this partner ("1" = none), canonical decimal text */
  earnBoost: string;
}

export interface Reward {
  id: string;
  partnerId: string;
  kind: RewardKind;
  title: string;
  pointsPrice: number;
  stock: number;
}

/** Shapes of catalogue ids: an id of another shape cannot exist, so it is answered without a query. */
export const PARTNER_ID = /^P-[A-Z0-9-]{1,40}$/;
export const REWARD_ID = /^R-[A-Z0-9-]{1,40}$/;
