// Every free input a subgraph takes from a client (decimal strings, texts, ids, keys, cursors)
// gets a length and a character set before any work: one table of bounds by schema coordinate,
// checked over the whole operation with its variables before the first resolver runs, so an
// over-long or odd value is refused with a registry code naming the argument and costs no core
// call, no query and no big-number arithmetic. Semantics (a real date, a known id, the currency's
// decimals) stay with the domain; this is only the envelope. The table is docs/architecture.md's
// "Input bounds"; lib/test/input-bounds.test.ts fails when an SDL argument or input field has none.
import type { ApolloServerPlugin } from '@apollo/server';
import {
  type ArgumentNode,
  type DocumentNode,
  getNullableType,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isScalarType,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { ErrorCode } from './error-codes';
import { appError } from './errors';
import { CURRENCY_EXPONENT } from './money';

export type InputBound =
  /** a decimal string: digits, at most one '.', a leading '-' only when `negative` */
  | { readonly kind: 'decimal'; readonly negative: boolean; readonly code?: ErrorCode }
  /** free text people write: at most `max` characters, no control characters */
  | { readonly kind: 'text'; readonly max: number }
  /** a machine token (id, key, cursor, date, code): at most `max` characters of a closed set */
  | { readonly kind: 'token'; readonly max: number; readonly charset: RegExp; readonly what: string };

/**
 * 15 digits before the point and the largest currency exponent after it: 18 digits in all, so
 * the minor units of any bounded amount fit a signed 64-bit integer (PostgreSQL BIGINT) in
 * every currency, and parsing one is trivial work.
 */
export const MAX_INTEGER_DIGITS = 15;
export const MAX_FRACTION_DIGITS = Math.max(...Object.values(CURRENCY_EXPONENT));

const decimal = (negative = false, code?: ErrorCode): InputBound => ({ kind: 'decimal', negative, ...(code ? { code } : {}) });
const text = (max: number): InputBound => ({ kind: 'text', max });
const token = (what: string, max: number, charset: RegExp): InputBound => ({ kind: 'token', max, charset, what });

// the core's and our ids: letters, digits and the separators they use, never spaces or markup
const CORE_ID = token('an id', 64, /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/);
const CUSTOMER_ID = token('a customer id', 64, /^[A-Za-z0-9][A-Za-z0-9_-]*$/);
// offer ids are `<offerKey>[.<partnerId>]:<customerId>`
const OFFER_ID = token('an offer id', 160, /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/);
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DAY = token('a date YYYY-MM-DD', 10, /^[0-9-]+$/);
const CURRENCY = token('a currency code', 3, /^[A-Za-z]+$/);
const NOTIFICATION_ID = token('a notification id', 128, /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/);
const CAMPAIGN_ID = token('a campaign id', 64, /^[A-Za-z0-9_]+$/);
const TIME_OF_DAY = token('a time HH:MM', 5, /^[0-9:]+$/);
const CONTACT_ID = token('a contact id', 64, /^[A-Za-z0-9_]+$/);

/** The bound of every free input of the four SDLs, by schema coordinate. */
export const INPUT_BOUNDS: Readonly<Record<string, InputBound>> = Object.freeze({
  // accounts
  'Query.customer(id:)': CUSTOMER_ID,
  'Query.account(id:)': CORE_ID,
  'Query.card(id:)': CORE_ID,
  'Mutation.freezeCard(cardId:)': CORE_ID,
  'Mutation.unfreezeCard(cardId:)': CORE_ID,
  'Subscription.accountActivity(accountId:)': CORE_ID,
  // base64url of `stmt1:<accountId>|<date>`
  'Query.statement(id:)': token('a statement id', 128, BASE64URL),
  'Customer.spending(currency:)': CURRENCY,
  'SpendingPeriodInput.month': token('a month YYYY-MM', 7, /^[0-9-]+$/),
  'SpendingPeriodInput.from': DAY,
  'SpendingPeriodInput.to': DAY,
  // no cursor we issue is longer (subgraphs/accounts/src/graphql/cursor.ts)
  'Account.transactions(after:)': token('a cursor', 1024, BASE64URL),
  'TransactionFilter.from': DAY,
  'TransactionFilter.to': DAY,
  'TransactionFilter.minAmount': decimal(),
  'TransactionFilter.maxAmount': decimal(),
  'TransactionFilter.text': text(64),
  'Account.statements(from:)': DAY,
  'Account.statements(to:)': DAY,
  'TransferInput.fromAccountId': CORE_ID,
  'TransferInput.reference': text(140),
  'TransferInput.idempotencyKey': token('an idempotency key', 64, /^[A-Za-z0-9._:-]+$/),
  'TransferDestinationInput.accountId': CORE_ID,
  // 34 characters, printed in groups of four
  'TransferDestinationInput.iban': token('an IBAN', 42, /^[A-Za-z0-9 ]+$/),
  // the longest name pain.001 carries
  'TransferDestinationInput.name': text(70),
  // the transfer's documented refusal for any amount it cannot take
  'MoneyInput.amount': decimal(false, 'INVALID_AMOUNT'),
  'MoneyInput.currency': CURRENCY,
  // loyalty: base64url of `j:<journal id>`
  'Loyalty.activity(after:)': token('a cursor', 64, BASE64URL),
  'RedeemPointsInput.rewardId': CORE_ID,
  'RedeemPointsInput.idempotencyKey': token('an idempotency key', 100, /^[\x21-\x7e]+$/),
  // offers
  'Mutation.respondToOffer(offerId:)': OFFER_ID,
  // partners
  'Query.partner(id:)': CORE_ID,
  'Query.partnerCustomer(customerId:)': CUSTOMER_ID,
  'Mutation.grantPartnerConsent(partnerId:)': CORE_ID,
  'Mutation.revokePartnerConsent(partnerId:)': CORE_ID,
  // engagement: base64url of `n1:<ms>:<seq>` (subgraphs/engagement/src/graphql/arguments.ts)
  'Customer.notifications(after:)': token('a cursor', 64, BASE64URL),
  // notification ids are the ids of the events that started them
  'Mutation.markNotificationsRead(ids:)': NOTIFICATION_ID,
  'Mutation.markNotificationsRead(upTo:)': NOTIFICATION_ID,
  'Mutation.setQuietHours(start:)': TIME_OF_DAY,
  'Mutation.setQuietHours(end:)': TIME_OF_DAY,
  'Mutation.setQuietHours(timeZone:)': token('an IANA time zone', 64, /^[A-Za-z][A-Za-z0-9_+/-]*$/),
  'Mutation.setLowBalanceAlert(accountId:)': CORE_ID,
  'Mutation.clearLowBalanceAlert(accountId:)': CORE_ID,
  // staff campaigns (subgraphs/engagement/src/domain/campaign.ts): ids `cmp_<hex>`, cursors base64url of `c1:<ms>:<id>`
  'Query.campaigns(after:)': token('a cursor', 128, BASE64URL),
  'Query.campaign(id:)': CAMPAIGN_ID,
  'Mutation.cancelCampaign(id:)': CAMPAIGN_ID,
  'CreateCampaignInput.name': text(100),
  'CreateCampaignInput.sendAt': token('an ISO 8601 instant', 35, /^[0-9TZ:.+-]+$/),
  'CampaignTextInput.title': text(80),
  'CampaignTextInput.body': text(500),
  'CampaignSegmentInput.cities': text(64),
  // contacts (subgraphs/engagement/src/domain/contacts.ts): ids `ctc_<hex>`, cursors base64url of `k1:<ms>:<id>`
  'Customer.contacts(after:)': token('a cursor', 128, BASE64URL),
  'Query.contact(id:)': CONTACT_ID,
  'Mutation.recordContactAction(id:)': CONTACT_ID,
  'Mutation.endContact(id:)': CONTACT_ID,
  'Mutation.endSelfServiceSession(id:)': CONTACT_ID,
  'StartContactInput.customerId': CUSTOMER_ID,
  // feedback (subgraphs/engagement/src/domain/feedback.ts): ids `fbr_<hex>`, cursors base64url of `f1:<ms>:<id>`
  'Customer.feedbackRequests(after:)': token('a cursor', 128, BASE64URL),
  'Customer.staffReads(after:)': token('a cursor', 128, BASE64URL),
  'Customer.notificationsSent(after:)': token('a cursor', 128, BASE64URL),
  // churn early warning (subgraphs/engagement/src/graphql/churn.ts): cursors base64url of the score and customer id
  'Query.atRiskCustomers(after:)': token('a cursor', 128, BASE64URL),
  'SubmitFeedbackInput.requestId': token('a feedback request id', 64, /^[A-Za-z0-9_]+$/),
  'SubmitFeedbackInput.comment': text(1000),
  // CX metrics (subgraphs/engagement/src/domain/cx-metrics.ts checks they are instants with offsets)
  'CxPeriodInput.from': token('an ISO 8601 instant', 35, /^[0-9TZ:.+-]+$/),
  'CxPeriodInput.to': token('an ISO 8601 instant', 35, /^[0-9TZ:.+-]+$/),
});

/** What an input of a scalar type gets when the table has no line for it (a new argument, say). */
const DEFAULT_BOUNDS: Readonly<Record<string, InputBound>> = Object.freeze({
  String: text(256),
  ID: CORE_ID,
  Decimal: decimal(),
});

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidi overrides
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Why `value` is outside `bound`, or undefined when it is inside. Never does work proportional to more than the bound. */
export function outsideBound(bound: InputBound, value: unknown): string | undefined {
  if (typeof value !== 'string') return bound.kind === 'decimal' ? 'must be a decimal string such as "12.50"' : undefined;
  switch (bound.kind) {
    case 'decimal': {
      const max = MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS + 2;
      if (value.length > max) return `must be a decimal of at most ${MAX_INTEGER_DIGITS} digits before the point and ${MAX_FRACTION_DIGITS} after it`;
      const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(value);
      if (!m) return 'must be a decimal string such as "12.50"';
      if (m[1] && !bound.negative) return 'must not be negative';
      if ((m[2] ?? '').length > MAX_INTEGER_DIGITS || (m[3] ?? '').length > MAX_FRACTION_DIGITS) {
        return `must be a decimal of at most ${MAX_INTEGER_DIGITS} digits before the point and ${MAX_FRACTION_DIGITS} after it`;
      }
      return undefined;
    }
    case 'text':
      if (value.length > bound.max) return `must be at most ${bound.max} characters`;
      return CONTROL.test(value) ? 'must not contain control characters' : undefined;
    case 'token':
      if (value.length > bound.max) return `must be ${bound.what} of at most ${bound.max} characters`;
      return bound.charset.test(value) ? undefined : `must be ${bound.what}`;
  }
}

/** The bound of an input at `coordinate` of scalar type `scalar`, if it has one. */
export function boundOf(coordinate: string, scalar: string): InputBound | undefined {
  return INPUT_BOUNDS[coordinate] ?? DEFAULT_BOUNDS[scalar];
}

function checkValue(type: GraphQLInputType, value: unknown, coordinate: string, argumentName: string): void {
  if (value === null || value === undefined) return;
  const t = getNullableType(type);
  if (isListType(t)) {
    // a single value where a list is expected is coerced into a list of one
    const items: unknown[] = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => checkValue(t.ofType, item, coordinate, `${argumentName}[${i}]`));
  } else if (isInputObjectType(t)) {
    if (typeof value !== 'object') return; // coercion refuses it
    const fields = value as Record<string, unknown>;
    for (const field of Object.values(t.getFields())) {
      checkValue(field.type, fields[field.name], `${t.name}.${field.name}`, argumentName ? `${argumentName}.${field.name}` : field.name);
    }
  } else if (isScalarType(t)) {
    const bound = boundOf(coordinate, t.name);
    const why = bound && outsideBound(bound, value);
    if (bound && why) {
      throw appError(bound.kind === 'decimal' && bound.code ? bound.code : 'BAD_USER_INPUT', `${argumentName} ${why}.`, { argumentName });
    }
  }
}

/**
 * Checks every argument of every field in `document` (literals, variables and the values inside
 * input objects) against its bound; throws the first refusal, naming the argument.
 */
export function checkInputBounds(schema: GraphQLSchema, document: DocumentNode, variables: Readonly<Record<string, unknown>> | undefined): void {
  const typeInfo = new TypeInfo(schema);
  const onArgument = (node: ArgumentNode): void => {
    const [arg, field, parent] = [typeInfo.getArgument(), typeInfo.getFieldDef(), typeInfo.getParentType()];
    if (!arg || !field || !parent || typeInfo.getDirective()) return;
    // the value as the request gives it: variables included, nothing coerced or defaulted yet
    const value = valueFromAST(node.value, arg.type, variables ?? {});
    // a mutation's single `input` argument: its fields are named as the mutation's own checks name them (`to.iban`)
    checkValue(arg.type, value, `${parent.name}.${field.name}(${arg.name}:)`, arg.name === 'input' ? '' : arg.name);
  };
  visit(document, visitWithTypeInfo(typeInfo, { Argument: onArgument }));
}

/** Apollo subgraphs: the bounds checked once the operation is known, before any resolver. */
export function inputBoundsPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          try {
            checkInputBounds(schema, document, request.variables);
          } catch (err) {
            // a GraphQL answer (200) that the gateway passes on like a field error, code and all;
            // Apollo would answer an error thrown here with 500, and drops `http` from what it sends
            if (err instanceof GraphQLError) throw new GraphQLError(err.message, { extensions: { ...err.extensions, http: { status: 200 } } });
            throw err;
          }
        },
      };
    },
  };
}
