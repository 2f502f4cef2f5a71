/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query WebDashboard {\n  me {\n    id\n    displayName\n    accounts {\n      id\n      type\n      name\n      currency\n      status\n      maskedIban\n      balance {\n        available {\n          amount\n          currency\n        }\n        ledger {\n          amount\n          currency\n        }\n        asOf\n      }\n    }\n    loyalty {\n      points\n      tier {\n        tier\n      }\n      cashBack {\n        pendingToday {\n          amount\n          currency\n        }\n        lifetime {\n          amount\n          currency\n        }\n        paidThisMonth {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}": typeof types.WebDashboardDocument,
    "query WebOffers {\n  me {\n    id\n    offers(channel: WEB, first: 5) {\n      id\n      kind\n      title\n      reason\n      expiresAt\n    }\n  }\n}": typeof types.WebOffersDocument,
    "mutation WebRespondToOffer($offerId: ID!, $response: OfferResponse!) {\n  respondToOffer(offerId: $offerId, response: $response) {\n    offerId\n    response\n    hiddenUntil\n    replayed\n  }\n}": typeof types.WebRespondToOfferDocument,
    "query WebSpending($period: SpendingPeriodInput) {\n  me {\n    id\n    spending(period: $period) {\n      from\n      to\n      currency\n      total {\n        amount\n        currency\n      }\n      categories {\n        category\n        label\n        share\n        total {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}": typeof types.WebSpendingDocument,
    "query WebTransactions($accountId: ID!, $first: Int!, $after: String, $filter: TransactionFilter) {\n  account(id: $accountId) {\n    id\n    currency\n    transactions(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          amount {\n            amount\n            currency\n          }\n          direction\n          status\n          bookedAt\n          description\n          category\n          counterpartyName\n          merchant {\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.WebTransactionsDocument,
    "mutation WebTransfer($input: TransferInput!) {\n  transfer(input: $input) {\n    transactionId\n    status\n    route\n    replayed\n    bookedAt\n    amount {\n      amount\n      currency\n    }\n    fromAccount {\n      id\n      balance {\n        available {\n          amount\n          currency\n        }\n        ledger {\n          amount\n          currency\n        }\n        asOf\n      }\n    }\n  }\n}": typeof types.WebTransferDocument,
};
const documents: Documents = {
    "query WebDashboard {\n  me {\n    id\n    displayName\n    accounts {\n      id\n      type\n      name\n      currency\n      status\n      maskedIban\n      balance {\n        available {\n          amount\n          currency\n        }\n        ledger {\n          amount\n          currency\n        }\n        asOf\n      }\n    }\n    loyalty {\n      points\n      tier {\n        tier\n      }\n      cashBack {\n        pendingToday {\n          amount\n          currency\n        }\n        lifetime {\n          amount\n          currency\n        }\n        paidThisMonth {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}": types.WebDashboardDocument,
    "query WebOffers {\n  me {\n    id\n    offers(channel: WEB, first: 5) {\n      id\n      kind\n      title\n      reason\n      expiresAt\n    }\n  }\n}": types.WebOffersDocument,
    "mutation WebRespondToOffer($offerId: ID!, $response: OfferResponse!) {\n  respondToOffer(offerId: $offerId, response: $response) {\n    offerId\n    response\n    hiddenUntil\n    replayed\n  }\n}": types.WebRespondToOfferDocument,
    "query WebSpending($period: SpendingPeriodInput) {\n  me {\n    id\n    spending(period: $period) {\n      from\n      to\n      currency\n      total {\n        amount\n        currency\n      }\n      categories {\n        category\n        label\n        share\n        total {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}": types.WebSpendingDocument,
    "query WebTransactions($accountId: ID!, $first: Int!, $after: String, $filter: TransactionFilter) {\n  account(id: $accountId) {\n    id\n    currency\n    transactions(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          amount {\n            amount\n            currency\n          }\n          direction\n          status\n          bookedAt\n          description\n          category\n          counterpartyName\n          merchant {\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.WebTransactionsDocument,
    "mutation WebTransfer($input: TransferInput!) {\n  transfer(input: $input) {\n    transactionId\n    status\n    route\n    replayed\n    bookedAt\n    amount {\n      amount\n      currency\n    }\n    fromAccount {\n      id\n      balance {\n        available {\n          amount\n          currency\n        }\n        ledger {\n          amount\n          currency\n        }\n        asOf\n      }\n    }\n  }\n}": types.WebTransferDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WebDashboard {\n  me {\n    id\n    displayName\n    accounts {\n      id\n      type\n      name\n      currency\n      status\n      maskedIban\n      balance {\n        available {\n          amount\n          currency\n        }\n        ledger {\n          amount\n          currency\n        }\n        asOf\n      }\n    }\n    loyalty {\n      points\n      tier {\n        tier\n      }\n      cashBack {\n        pendingToday {\n          amount\n          currency\n        }\n        lifetime {\n          amount\n          currency\n        }\n        paidThisMonth {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query WebDashboard {\n  me {\n    id\n    displayName\n    accounts {\n      id\n      type\n      name\n      currency\n      status\n      maskedIban\n      balance {\n        available {\n          amount\n          currency\n        }\n        ledger {\n          amount\n          currency\n        }\n        asOf\n      }\n    }\n    loyalty {\n      points\n      tier {\n        tier\n      }\n      cashBack {\n        pendingToday {\n          amount\n          currency\n        }\n        lifetime {\n          amount\n          currency\n        }\n        paidThisMonth {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WebOffers {\n  me {\n    id\n    offers(channel: WEB, first: 5) {\n      id\n      kind\n      title\n      reason\n      expiresAt\n    }\n  }\n}"): (typeof documents)["query WebOffers {\n  me {\n    id\n    offers(channel: WEB, first: 5) {\n      id\n      kind\n      title\n      reason\n      expiresAt\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation WebRespondToOffer($offerId: ID!, $response: OfferResponse!) {\n  respondToOffer(offerId: $offerId, response: $response) {\n    offerId\n    response\n    hiddenUntil\n    replayed\n  }\n}"): (typeof documents)["mutation WebRespondToOffer($offerId: ID!, $response: OfferResponse!) {\n  respondToOffer(offerId: $offerId, response: $response) {\n    offerId\n    response\n    hiddenUntil\n    replayed\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WebSpending($period: SpendingPeriodInput) {\n  me {\n    id\n    spending(period: $period) {\n      from\n      to\n      currency\n      total {\n        amount\n        currency\n      }\n      categories {\n        category\n        label\n        share\n        total {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query WebSpending($period: SpendingPeriodInput) {\n  me {\n    id\n    spending(period: $period) {\n      from\n      to\n      currency\n      total {\n        amount\n        currency\n      }\n      categories {\n        category\n        label\n        share\n        total {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WebTransactions($accountId: ID!, $first: Int!, $after: String, $filter: TransactionFilter) {\n  account(id: $accountId) {\n    id\n    currency\n    transactions(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          amount {\n            amount\n            currency\n          }\n          direction\n          status\n          bookedAt\n          description\n          category\n          counterpartyName\n          merchant {\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): (typeof documents)["query WebTransactions($accountId: ID!, $first: Int!, $after: String, $filter: TransactionFilter) {\n  account(id: $accountId) {\n    id\n    currency\n    transactions(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          amount {\n            amount\n            currency\n          }\n          direction\n          status\n          bookedAt\n          description\n          category\n          counterpartyName\n          merchant {\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation WebTransfer($input: TransferInput!) {\n  transfer(input: $input) {\n    transactionId\n    status\n    route\n    replayed\n    bookedAt\n    amount {\n      amount\n      currency\n    }\n    fromAccount {\n      id\n      balance {\n        available {\n          amount\n          currency\n        }\n        ledger {\n          amount\n          currency\n        }\n        asOf\n      }\n    }\n  }\n}"): (typeof documents)["mutation WebTransfer($input: TransferInput!) {\n  transfer(input: $input) {\n    transactionId\n    status\n    route\n    replayed\n    bookedAt\n    amount {\n      amount\n      currency\n    }\n    fromAccount {\n      id\n      balance {\n        available {\n          amount\n          currency\n        }\n        ledger {\n          amount\n          currency\n        }\n        asOf\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;