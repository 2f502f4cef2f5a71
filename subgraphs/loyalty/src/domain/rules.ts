// The programme's earning rules: their schema and what they say. Read from the rules file by
// config.ts and validated once at start: a bad file stops the process (exit 78) with a message
// naming the file and each bad field.
import { z } from 'zod';
import { ConfigError } from '../../../../lib/config';
import { DEFAULT_FEEDBACK_POINTS } from './feedback-reward';

export const TIER_NAMES = ['BRONZE', 'SILVER', 'GOLD', 'PLATINUM'] as const;
export type TierName = (typeof TIER_NAMES)[number];

export const ENGAGEMENT_KINDS = ['E_STATEMENTS', 'PROFILE_COMPLETED'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

/** A multiplier written as a decimal string ("1.25") held as basis points (12500): no floats. */
const multiplier = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,4})?$/, 'a decimal string such as "1.25" (at most 4 decimals)')
  .transform((v) => {
    const [whole = '', frac = ''] = v.split('.');
    return BigInt(whole) * 10000n + BigInt((frac + '0000').slice(0, 4));
  })
  .refine((bp) => bp >= 10000n, 'must be at least 1');

const basisPoints = z.number().int().min(0).max(10000);
const mcc = z.string().regex(/^\d{4}$/, 'an MCC is 4 digits');
const count = z.number().int().min(0);

const RULES = z
  .object({
    version: z.literal(1),
    cashBack: z.object({
      defaultBasisPoints: basisPoints,
      byMcc: z.array(z.object({ mcc: z.array(mcc).min(1), basisPoints, label: z.string().min(1).max(100) })),
    }),
    points: z.object({
      perWholeCurrencyUnit: z.number().int().min(0).max(1000),
      partnerMultiplier: multiplier,
      expiryMonths: z.number().int().min(1).max(120),
    }),
    engagement: z.object({ E_STATEMENTS: count, PROFILE_COMPLETED: count }),
    /** points per answered feedback request, from engagement's FeedbackGiven (domain/feedback-reward.ts); 0: none */
    feedback: z.object({ pointsPerAnswer: count }).default({ pointsPerAnswer: DEFAULT_FEEDBACK_POINTS }),
    authorisationHoldHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    tiers: z
      .array(z.object({ tier: z.enum(TIER_NAMES), minScore: count, multiplier }))
      .length(TIER_NAMES.length)
      .refine((ts) => TIER_NAMES.every((name, i) => ts[i]?.tier === name), 'tiers must be listed BRONZE, SILVER, GOLD, PLATINUM')
      .refine((ts) => ts[0]?.minScore === 0, 'BRONZE must start at score 0')
      .refine(
        (ts) =>
          ts.every((t, i) => {
            const below = ts[i - 1];
            return below === undefined || t.minScore > below.minScore;
          }),
        'minScore must rise from tier to tier',
      ),
    score: z.object({
      perYearOfTenure: count,
      maxTenure: count,
      perProductType: count,
      maxProducts: count,
      perRecentCardPurchase: count,
      maxRecentActivity: count,
      recentDays: z.number().int().min(1).max(3660),
    }),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    for (const rule of r.cashBack.byMcc) {
      for (const m of rule.mcc) {
        if (seen.has(m)) ctx.addIssue({ code: 'custom', path: ['cashBack', 'byMcc'], message: `MCC ${m} listed twice` });
        seen.add(m);
      }
    }
  });

export type EarningRules = z.infer<typeof RULES>;

/** Validates parsed JSON; throws ConfigError naming `source` and every bad field. */
export function parseRules(value: unknown, source: string): EarningRules {
  const result = RULES.safeParse(value);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid earning rules in ${source} (LOYALTY_RULES_FILE):\n${lines.join('\n')}`);
  }
  return result.data;
}

/** The base tier's multiplier (BRONZE: parseRules refuses rules without it). */
export function baseMultiplier(rules: EarningRules): bigint {
  const base = rules.tiers[0];
  if (!base) throw new Error('earning rules have no tiers');
  return base.multiplier;
}

/** Cash-back rate in basis points for a purchase at `mcc` (before any boost). */
export function cashBackBasisPoints(rules: EarningRules, mccCode: string): number {
  return rules.cashBack.byMcc.find((r) => r.mcc.includes(mccCode))?.basisPoints ?? rules.cashBack.defaultBasisPoints;
}

/** "1.25" from 12500n: multipliers leave as decimal strings. */
export function multiplierText(bp: bigint): string {
  const whole = bp / 10000n;
  const frac = (bp % 10000n).toString().padStart(4, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole.toString();
}
