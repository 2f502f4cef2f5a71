// Every rule the engine runs. Order does not matter (the ranking decides what comes first); a rule
// is added here, with its own test in test/rules/ and its line in docs/offers.md.
import { cashBackEatingOut, cashBackEntertainment, cashBackGroceries, cashBackTransport, cashBackTravel, cashBackUncategorised } from './cash-back';
import { creditCard, creditCardForTravel } from './credit-card';
import { retentionFeeWaiver } from './retention-fee-waiver';
import type { OfferRule } from './rule';
import { savingsAccount } from './savings-account';
import { tenureThanks } from './tenure-thanks';
import { travelCardAbroad } from './travel-card-abroad';
import { travelLounge } from './travel-lounge';

export const OFFER_RULES: readonly OfferRule[] = Object.freeze([
  retentionFeeWaiver,
  travelCardAbroad,
  travelLounge,
  creditCardForTravel,
  creditCard,
  savingsAccount,
  cashBackTravel,
  cashBackEatingOut,
  cashBackEntertainment,
  cashBackTransport,
  cashBackGroceries,
  cashBackUncategorised,
  tenureThanks,
]);
