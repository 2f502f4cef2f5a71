// The everyday spending categories a budget view shows (GraphQL enum SpendingCategory), in display
// order. Alone in this module, with no Node import, so the browser apps (apps/web) use the same list.
export const CATEGORIES = [
  'GROCERIES',
  'EATING_OUT',
  'TRANSPORT',
  'TRAVEL',
  'FUEL',
  'VEHICLE',
  'SHOPPING',
  'HOME',
  'ENTERTAINMENT',
  'HEALTH',
  'PERSONAL_CARE',
  'UTILITIES',
  'EDUCATION',
  'FINANCIAL',
  'GOVERNMENT',
  'OTHER',
] as const;

export type Category = (typeof CATEGORIES)[number];
