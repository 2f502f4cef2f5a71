// Apollo Client for the web app. Same-origin `/graphql` (apps/server.ts proxies it to the gateway),
// the session's bearer token, and persisted queries: every operation is first sent as its sha256
// only. In production the gateway knows these hashes from the build's manifest
// (schema/persisted/manifests/web-app.json, the web client runs in `enforce` mode); in development
// an unknown hash is answered PERSISTED_QUERY_NOT_FOUND and the link re-sends the text (APQ).
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { relayStylePagination } from '@apollo/client/utilities';
import { currentToken } from './session';
import { sha256 } from './sha256';

function requestId(): string {
  return crypto.randomUUID();
}

export function createClient(): ApolloClient {
  const auth = new SetContextLink((prev) => {
    const token = currentToken();
    return {
      headers: {
        ...(prev.headers as Record<string, string> | undefined),
        'x-request-id': requestId(),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    };
  });
  return new ApolloClient({
    cache: new InMemoryCache({
      typePolicies: {
        // pages of one account's transactions, one list per filter
        Account: { fields: { transactions: relayStylePagination(['filter']) } },
        // the inbox's pages ("load more")
        Customer: { fields: { notifications: relayStylePagination() } },
        // a customer's loyalty has no id: the dashboard and the loyalty screen read different parts
        // of it, merged rather than one replacing the other
        Loyalty: { merge: true },
        LoyaltyTier: { merge: true },
        CashBack: { merge: true },
        // a transaction's merchant has no id either: the list reads its name, the map its place
        Merchant: { merge: true },
      },
    }),
    link: ApolloLink.from([auth, new PersistedQueryLink({ sha256, useGETForHashedQueries: false }), new HttpLink({ uri: '/graphql' })]),
  });
}
