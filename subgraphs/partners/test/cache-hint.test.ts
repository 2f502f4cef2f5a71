// Which partners answers the gateway's private cache may keep (subgraphs/partners/src/graphql/cache-hint.ts):
// catalogue reads only, never anything about a customer, never a mutation or an answer with errors.
import { cacheControlFor, CATALOGUE_CACHE_CONTROL } from '../src/graphql/cache-hint';

const ENTITIES =
  'query($representations:[_Any!]!){_entities(representations:$representations){...on Partner{id name}...on Reward{id title}...on Customer{partnerConsents{active}}}}';
const ok = '{"data":{}}';
const hint = (body: unknown, payload = ok, status = 200, method = 'POST') => cacheControlFor(method, status, body, payload);

describe('partners: Cache-Control for catalogue reads', () => {
  it('allows catalogue queries and Partner / Reward entity fetches', () => {
    expect(hint({ query: '{ partners { id name } }' })).toBe(CATALOGUE_CACHE_CONTROL);
    expect(hint({ query: 'query P($id: ID!) { partner(id: $id) { id rewards { id } } }', variables: { id: 'P-COFFEE' } })).toBe(CATALOGUE_CACHE_CONTROL);
    expect(
      hint({
        query: ENTITIES,
        variables: {
          representations: [
            { __typename: 'Partner', id: 'P-COFFEE' },
            { __typename: 'Reward', id: 'R-1' },
          ],
        },
      }),
    ).toBe(CATALOGUE_CACHE_CONTROL);
  });

  it('never for a customer: consents, partnerCustomer, or Customer entities among the representations', () => {
    expect(
      hint({
        query: ENTITIES,
        variables: {
          representations: [
            { __typename: 'Partner', id: 'P-COFFEE' },
            { __typename: 'Customer', id: 'C-000001' },
          ],
        },
      }),
    ).toBeUndefined();
    expect(hint({ query: '{ partnerCustomer(customerId: "C-000001") { firstName } }' })).toBeUndefined();
    expect(hint({ query: '{ partners { id } partnerCustomer(customerId: "C-000001") { firstName } }' })).toBeUndefined();
    expect(hint({ query: '{ _entities(representations: [{__typename: "Partner", id: "P-COFFEE"}]) { ... on Partner { id } } }' })).toBeUndefined();
  });

  it('never for mutations, errors, HTTP errors, GET, several operations or unparsable text', () => {
    expect(hint({ query: 'mutation { revokePartnerConsent(partnerId: "P-COFFEE") { active } }' })).toBeUndefined();
    expect(hint({ query: '{ partners { id } }' }, '{"data":null,"errors":[{"message":"x"}]}')).toBeUndefined();
    expect(hint({ query: '{ partners { id } }' }, ok, 500)).toBeUndefined();
    expect(hint({ query: '{ partners { id } }' }, ok, 200, 'GET')).toBeUndefined();
    expect(hint({ query: 'query A { partners { id } } mutation B { revokePartnerConsent(partnerId: "P") { active } }', operationName: 'A' })).toBeUndefined();
    expect(hint({ query: '{ partners { id ' })).toBeUndefined();
    expect(hint({ query: '{ ... on Query { partnerCustomer(customerId: "C-000001") { firstName } } }' })).toBeUndefined();
  });
});
