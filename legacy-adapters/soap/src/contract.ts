// What core-simulator/wsdl/core.wsdl and core.xsd fix between the core and its callers: the
// operations, the business codes of a FAILURE answer, the codes of a CoreFault, and the batch
// limits. The adapter and the simulator are the two sides of that contract and both read it here.

export const CORE_OPERATIONS = [
  'QueryCustomer',
  'QueryAccSumm',
  'QueryAccBal',
  'QueryTransactions',
  'QueryCard',
  'CreateTransaction',
  'QueryTransfer',
  'GetExchangeRates',
  'SetCardStatus',
] as const;
export type CoreOperation = (typeof CORE_OPERATIONS)[number];

/** Business error codes the core returns with Status FAILURE. */
export const CORE_BUSINESS_CODES = [
  'CUSTOMER_NOT_FOUND',
  'ACCOUNT_NOT_FOUND',
  'CARD_NOT_FOUND',
  'INSUFFICIENT_FUNDS',
  'ACCOUNT_CLOSED',
  'CURRENCY_MISMATCH',
  'INVALID_AMOUNT',
  'REFERENCE_REUSED',
  'INVALID_REQUEST',
  // v1.4 SetCardStatus: the card is in a state the change does not apply to (blocked, expired)
  'CARD_STATUS_CONFLICT',
] as const;
export type CoreBusinessCode = (typeof CORE_BUSINESS_CODES)[number];

/** The Code of the CoreFault inside a SOAP Fault. */
export type CoreFaultCode = 'SYSTEM_ERROR' | 'SESSION_LIMIT' | 'TIMEOUT';

/**
 * node-soap's deserializer for either side: it parses xsd:decimal with Number() and dates into
 * Date objects, but money must never pass through a float and dates stay as the sender wrote them.
 */
export const KEEP_AS_TEXT = {
  decimal: (text: string) => text,
  date: (text: string) => text,
  dateTime: (text: string) => text,
};

/** The core refuses more ids per QueryAccBal. */
export const MAX_BALANCE_IDS = 100;
/** The core refuses more queries per QueryTransactions. */
export const MAX_TRANSACTION_QUERIES = 50;

/** v1.4 SetCardStatus: the states a caller may ask for (a temporary, reversible freeze and back). */
export const CARD_TARGET_STATUSES = ['FROZEN', 'ACTIVE'] as const;
export type CardTargetStatus = (typeof CARD_TARGET_STATUSES)[number];
