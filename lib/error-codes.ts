// Every code a client can find in `extensions.code`, listed once: who raises it, whether the same
// request may succeed later, the HTTP status where the gateway answers itself, and the message a
// person reads. The core's own wording never takes the place of that message. docs/error-codes.md
// is generated from this list (lib/error-codes-doc.ts), and lib/test/error-codes.test.ts fails when
// the committed file, or the refusals the SDL documents on its mutations, disagree with it.
/* eslint-disable max-lines -- the registry is a table, one entry per client-facing code; splitting it would defeat "every code once, in one place" */

/**
 * gateway: the request was refused before any subgraph ran. field: one field failed, the rest of
 * the response stands. core: the legacy core, behind the SOAP adapter. refusal: a mutation refused
 * for a business reason; nothing changed.
 */
export type ErrorCategory = 'gateway' | 'field' | 'core' | 'refusal';

export interface ErrorCodeEntry {
  /** the GraphQL `extensions.code` */
  readonly code: string;
  readonly category: ErrorCategory;
  /** the same request, unchanged, may succeed later (after a wait; a mutation with the same key) */
  readonly retryable: boolean;
  /** what the gateway answers over HTTP when it refuses the request itself */
  readonly http?: { readonly status: readonly number[]; readonly header?: string };
  /** the client message, for people; callers may give a more specific one */
  readonly message: string;
  /** when a client sees it */
  readonly when: string;
  /** what the client should do about it */
  readonly action?: string;
  /** the same code raised in another category, and when */
  readonly also?: { readonly category: ErrorCategory; readonly when: string; readonly action?: string };
  /** the mutations whose SDL description lists this code among its errors */
  readonly mutations?: readonly string[];
}

export const ERROR_REGISTRY = [
  // -- refused at the gateway --------------------------------------------------------------------
  {
    code: 'UNAUTHENTICATED',
    category: 'gateway',
    retryable: false,
    http: { status: [401], header: 'WWW-Authenticate' },
    message: 'Authentication required: send a bearer token',
    when: 'no token, bad signature, expired, wrong issuer/audience/algorithm, missing `channel`/`partner_id` claim',
    action: 'get a new token',
  },
  {
    code: 'FORBIDDEN',
    category: 'gateway',
    retryable: false,
    http: { status: [403] },
    message: 'Not allowed for this caller.',
    when: 'the operation touches a field whose `@requiresScopes` / `@authenticated` the token does not meet (message names the fields)',
    action: 'do not retry; request the scope',
    also: { category: 'field', when: 'object-level: a service refuses this caller (a mutation that needs a customer token, say)' },
    mutations: [
      'respondToOffer',
      'setStatementPreference',
      'markNotificationsRead',
      'setNotificationPreference',
      'setQuietHours',
      'setMarketingConsent',
      'setNotificationLocale',
      'setLowBalanceAlert',
      'clearLowBalanceAlert',
      'createCampaign',
      'cancelCampaign',
    ],
  },
  {
    code: 'RATE_LIMITED',
    category: 'gateway',
    retryable: true,
    http: { status: [429], header: 'Retry-After' },
    message: 'Too many requests; retry later.',
    when: "the client's or the customer's token bucket is empty",
    action: 'wait `Retry-After` seconds',
  },
  {
    code: 'PERSISTED_QUERY_NOT_IN_SAFELIST',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'This client may only run its registered operations.',
    when: 'a client in `enforce` mode (kiosk, partner) sent an operation outside its manifests, by id or by text',
    action: 'ship the operation in the manifest',
  },
  {
    code: 'PARTNER_APP_NOT_REGISTERED',
    category: 'gateway',
    retryable: false,
    http: { status: [403] },
    message: 'This partner app is not registered for this partner.',
    when: 'a partner token whose app (`client_name`) the partners service does not know, or knows for another partner',
    action: 'register the app with the partners team',
  },
  {
    code: 'PARTNER_REGISTRY_UNAVAILABLE',
    category: 'gateway',
    retryable: true,
    http: { status: [503] },
    message: 'Partner access is unavailable right now; try again shortly.',
    when: "the partners service's app registry did not answer (partner requests fail closed)",
    action: 'retry shortly',
  },
  {
    code: 'PERSISTED_QUERY_NOT_FOUND',
    category: 'gateway',
    retryable: false,
    http: { status: [200] },
    message: 'PersistedQueryNotFound',
    when: 'APQ: hash unknown to the cache',
    action: 're-send with the query text (Apollo Client does)',
  },
  {
    code: 'PERSISTED_QUERY_HASH_MISMATCH',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'provided sha does not match query',
    when: 'APQ: the hash is not the sha256 of the query sent',
    action: "fix the client's hashing",
  },
  {
    code: 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'Unsupported persisted query version',
    when: 'APQ `version` other than 1',
  },
  {
    code: 'PERSISTED_QUERY_NOT_SUPPORTED',
    category: 'gateway',
    retryable: false,
    http: { status: [200] },
    message: 'PersistedQueryNotSupported',
    when: '(not raised: APQ is on)',
  },
  {
    code: 'REQUEST_TOO_LARGE',
    category: 'gateway',
    retryable: false,
    http: { status: [413] },
    message: 'Request body too large.',
    when: 'body over 2 MB (`GATEWAY_MAX_BODY_BYTES`)',
  },
  {
    code: 'BATCHING_NOT_SUPPORTED',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'Batched requests are not supported: send one operation per request.',
    when: 'the body is a JSON array (HTTP batching)',
    action: 'one operation per request',
  },
  {
    code: 'TOO_MANY_TOKENS',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'The document has too many tokens.',
    when: 'document over 5000 tokens',
  },
  {
    code: 'QUERY_TOO_DEEP',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'The query is too deep.',
    when: 'selection depth over 12',
  },
  {
    code: 'TOO_MANY_ALIASES',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'The query has too many aliases.',
    when: 'over 30 aliases',
  },
  {
    code: 'TOO_MANY_ROOT_FIELDS',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'The operation has too many root fields.',
    when: 'over 10 root fields',
  },
  {
    code: 'TOO_MANY_DIRECTIVES',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'The query has too many directives.',
    when: 'over 20 directives',
  },
  {
    code: 'QUERY_TOO_COMPLEX',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'The query is too complex.',
    when: 'cost over 50000 (lists multiplied by `first`/`last`: literal, variable or schema default)',
    action: 'page smaller',
  },
  {
    code: 'INTROSPECTION_DISABLED',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'Introspection is disabled on this server.',
    when: '`__schema` / `__type` outside development',
    action: 'use the published SDL',
  },
  {
    code: 'GRAPHQL_PARSE_FAILED',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'The request is not GraphQL.',
    when: 'not GraphQL',
  },
  {
    code: 'GRAPHQL_VALIDATION_FAILED',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'The operation is not valid against the schema.',
    when: 'not valid against the schema (also `_entities` / `_service`, which are not in the API)',
  },
  {
    code: 'BAD_USER_INPUT',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'The input is not valid.',
    when: "variables of the wrong type, a free input outside its bound (length, character set; `argumentName` names it), or a resolver's input check",
    action: 'fix the input',
    mutations: ['transfer', 'redeemPoints', 'grantPartnerConsent', 'markNotificationsRead', 'setQuietHours', 'createCampaign'],
  },
  {
    code: 'BAD_REQUEST',
    category: 'gateway',
    retryable: false,
    http: { status: [400, 415] },
    message: 'Malformed request.',
    when: 'malformed HTTP request, CSRF prevention (a GET or simple request without `apollo-require-preflight` / JSON content type), unsupported content type',
  },
  {
    code: 'SUBSCRIPTION_REQUIRED',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'Only subscriptions are served as an event stream; send queries and mutations as a plain POST.',
    when: 'a query or mutation sent with `Accept: text/event-stream`',
    action: 'send it without `Accept: text/event-stream`',
  },
  {
    code: 'SUBSCRIPTION_LIMIT_REACHED',
    category: 'gateway',
    retryable: true,
    http: { status: [429] },
    message: 'Too many subscriptions open at once; close one first.',
    when: "a customer's (or a staff or partner caller's) subscriptions open on one gateway reached `GATEWAY_SUBSCRIPTIONS_PER_CUSTOMER`",
    action: 'close a subscription you no longer read, then subscribe',
  },
  {
    code: 'OPERATION_RESOLUTION_FAILURE',
    category: 'gateway',
    retryable: false,
    http: { status: [400] },
    message: 'The operation named is not in the document.',
    when: '`operationName` not in the document',
  },

  // -- per field, from the services --------------------------------------------------------------
  {
    code: 'DOWNSTREAM_SERVICE_ERROR',
    category: 'field',
    retryable: true,
    message: 'A service behind this field is unavailable; try again shortly.',
    when: 'a subgraph did not answer, answered an HTTP error, or did not answer within `SUBGRAPH_TIMEOUT_MS` or the time left of the request budget (`GATEWAY_REQUEST_BUDGET_MS`)',
    action: 'retry shortly',
    mutations: ['redeemPoints'],
  },
  {
    code: 'NOT_FOUND',
    category: 'field',
    retryable: false,
    message: 'Not found.',
    when: "object-level: a service found no such object for this caller (another customer's ids answer as unknown, usually `null`)",
  },
  {
    code: 'PERIOD_TOO_LARGE',
    category: 'field',
    retryable: false,
    message: 'Too many transactions in this period; ask for a shorter one.',
    when: 'spending over a period with more than 10,000 debits per account',
    action: 'ask for a shorter period',
  },
  {
    code: 'STATEMENT_UNREADABLE',
    category: 'field',
    retryable: false,
    message: 'The statement file from the core could not be read.',
    when: "the core's camt.053 statement file was refused by the reader",
  },
  {
    code: 'SUBSCRIPTION_CONSUMER_TOO_SLOW',
    category: 'field',
    retryable: true,
    message: 'The subscription fell too far behind its events and was ended; subscribe again.',
    when: 'a subscription whose client read its events more slowly than they came: at the gateway, `GATEWAY_SUBSCRIPTION_QUEUE` events waiting; at a subgraph, 256',
    action: 'subscribe again, and read what was missed from the list fields (inbox, transactions)',
  },
  {
    code: 'INTERNAL_SERVER_ERROR',
    category: 'field',
    retryable: false,
    message: 'Internal error',
    when: 'anything unexpected (masked)',
  },

  // -- the legacy core, through the SOAP adapter ---------------------------------------------------
  {
    code: 'CORE_UNAVAILABLE',
    category: 'core',
    retryable: true,
    message: 'The core banking system is not available right now; try again shortly.',
    when: 'the core is down, at its session cap, or its calls are suspended (circuit breaker), or the request ran out of its time budget before the core answered',
    action: 'retry shortly (a mutation with the same key)',
    mutations: ['redeemPoints'],
  },
  {
    code: 'CORE_TIMEOUT',
    category: 'core',
    retryable: true,
    message: 'The core banking system did not answer in time.',
    when: 'the core did not answer within `CORE_TIMEOUT_MS`',
    action: 'retry with the same key: a mutation may have been booked',
  },
  {
    code: 'CORE_ERROR',
    category: 'core',
    retryable: true,
    message: 'The core banking system reported an error.',
    when: 'the core failed, or answered outside its contract',
    action: 'retry shortly',
  },
  {
    code: 'CORE_REFUSED',
    category: 'core',
    retryable: false,
    message: 'The core banking system refused the request.',
    when: 'the core refused a payment the bank makes for the customer (a cash redemption)',
    mutations: ['redeemPoints'],
  },

  // -- business refusals of mutations (nothing changed) --------------------------------------------
  {
    code: 'INVALID_AMOUNT',
    category: 'refusal',
    retryable: false,
    message: 'The amount is not valid.',
    when: "not a decimal in the currency's minor unit, or not above zero",
    mutations: ['transfer', 'setLowBalanceAlert'],
  },
  {
    code: 'CURRENCY_MISMATCH',
    category: 'refusal',
    retryable: false,
    message: 'The currency does not match the account.',
    when: 'an unknown currency, or one the accounts are not in',
    mutations: ['transfer', 'setLowBalanceAlert'],
  },
  {
    code: 'INSUFFICIENT_FUNDS',
    category: 'refusal',
    retryable: false,
    message: 'Insufficient funds.',
    when: 'more than the available balance',
    mutations: ['transfer'],
  },
  {
    code: 'ACCOUNT_CLOSED',
    category: 'refusal',
    retryable: false,
    message: 'The account is closed.',
    when: 'either account is closed',
    mutations: ['transfer'],
  },
  {
    code: 'ACCOUNT_NOT_FOUND',
    category: 'refusal',
    retryable: false,
    message: 'Account not found.',
    when: "an account that is not the caller's own (it answers as an unknown one); also `accountActivity(accountId:)`, before its stream sends anything",
    mutations: ['transfer', 'setLowBalanceAlert', 'clearLowBalanceAlert'],
  },
  {
    code: 'INVALID_IBAN',
    category: 'refusal',
    retryable: false,
    message: 'The IBAN is not valid.',
    when: 'the destination IBAN fails its check',
    mutations: ['transfer'],
  },
  {
    code: 'IDEMPOTENCY_KEY_REUSED',
    category: 'refusal',
    retryable: false,
    message: 'This idempotency key was already used for a different request.',
    when: 'the same key with a different input',
    action: 'a new key for a new request',
    mutations: ['transfer', 'redeemPoints'],
  },
  {
    code: 'INSUFFICIENT_POINTS',
    category: 'refusal',
    retryable: false,
    message: 'Not enough points.',
    when: 'more points than the balance',
    mutations: ['redeemPoints'],
  },
  {
    code: 'REWARD_NOT_FOUND',
    category: 'refusal',
    retryable: false,
    message: 'No such reward.',
    when: 'an unknown reward',
    mutations: ['redeemPoints'],
  },
  {
    code: 'OUT_OF_STOCK',
    category: 'refusal',
    retryable: false,
    message: 'This reward is out of stock.',
    when: 'the reward is sold out',
    mutations: ['redeemPoints'],
  },
  {
    code: 'PRICE_ABOVE_LIMIT',
    category: 'refusal',
    retryable: false,
    message: 'The reward costs more points than offered.',
    when: "the reward's price is above the points offered",
    mutations: ['redeemPoints'],
  },
  {
    code: 'NO_CURRENT_ACCOUNT',
    category: 'refusal',
    retryable: false,
    message: 'No active current account to pay into.',
    when: 'cash redemption without an active current account in the programme currency',
    mutations: ['redeemPoints'],
  },
  {
    code: 'REDEMPTION_IN_PROGRESS',
    category: 'refusal',
    retryable: true,
    message: 'A redemption with this key is in progress; retry shortly with the same key.',
    when: 'the same key is being redeemed by another request',
    action: 'retry with the same key',
    mutations: ['redeemPoints'],
  },
  {
    code: 'PARTNER_NOT_FOUND',
    category: 'refusal',
    retryable: false,
    message: 'There is no partner with this id.',
    when: 'an unknown or malformed partner id',
    mutations: ['grantPartnerConsent'],
  },
  {
    code: 'OFFER_NOT_FOUND',
    category: 'refusal',
    retryable: false,
    message: 'No such offer.',
    when: "an unknown, lapsed or another customer's offer",
    mutations: ['respondToOffer'],
  },
  {
    code: 'NOTIFICATION_NOT_FOUND',
    category: 'refusal',
    retryable: false,
    message: 'No such notification.',
    when: "`upTo` names an unknown notification, another customer's, or one not delivered yet",
    mutations: ['markNotificationsRead'],
  },
  {
    code: 'NOTIFICATION_PREFERENCE_LOCKED',
    category: 'refusal',
    retryable: false,
    message: 'This notification cannot be turned off.',
    when: 'turning off a topic on a channel the bank always delivers on (security alerts in the app)',
    action: 'do not retry; the other channels of the topic can be turned off',
    mutations: ['setNotificationPreference'],
  },
  {
    code: 'ACCOUNTS_UNAVAILABLE',
    category: 'refusal',
    retryable: true,
    message: 'Your accounts cannot be checked right now; try again shortly.',
    when: 'a low-balance alert for one account while the accounts service, which says whose account it is, does not answer; nothing was changed',
    action: 'retry shortly',
    mutations: ['setLowBalanceAlert', 'clearLowBalanceAlert'],
  },
  {
    code: 'SEND_AT_IN_PAST',
    category: 'refusal',
    retryable: false,
    message: 'The send time must be in the future.',
    when: "a campaign's `sendAt` at or before the moment it is created",
    action: 'choose a later send time',
    mutations: ['createCampaign'],
  },
  {
    code: 'CAMPAIGN_NOT_FOUND',
    category: 'refusal',
    retryable: false,
    message: 'No such campaign.',
    when: 'an unknown campaign id',
    mutations: ['cancelCampaign'],
  },
  {
    code: 'CAMPAIGN_NOT_CANCELLABLE',
    category: 'refusal',
    retryable: false,
    message: 'This campaign can no longer be cancelled.',
    when: 'cancelling a campaign that is sending, sent or cancelled already (only a scheduled one can be)',
    action: 'do not retry; read the campaign for its status',
    mutations: ['cancelCampaign'],
  },
] as const satisfies readonly ErrorCodeEntry[];

export type ErrorCode = (typeof ERROR_REGISTRY)[number]['code'];

const MESSAGES: ReadonlyMap<string, string> = new Map(ERROR_REGISTRY.map((e) => [e.code, e.message]));

/** The registry's message for a code: what a client reads unless the raiser says more. */
export function clientMessage(code: ErrorCode): string {
  return MESSAGES.get(code)!;
}
