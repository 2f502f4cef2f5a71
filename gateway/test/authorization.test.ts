import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'graphql';
import { customerIdsIn, staffAuditRecord } from '../src/edge/audit';
import { forbiddenFields, prepareSupergraph, satisfies } from '../src/edge/authorization';
import { type Caller } from '../../lib/internal-auth';
import { apiSchemaOf } from '../../scripts/pq-check';
import { DEFAULT_SCOPES } from '../src/edge/scopes';

const SUPERGRAPH = readFileSync(resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8');
const prepared = prepareSupergraph(SUPERGRAPH);
const schema = apiSchemaOf(SUPERGRAPH);

const caller = (channel: Caller['channel'], scopes: readonly string[], extra: Partial<Caller> = {}): Caller => ({
  subject: 'x',
  channel,
  scopes: [...scopes],
  ...extra,
});
const web = caller('web', DEFAULT_SCOPES.web, { customerId: 'C-000001' });
const kiosk = caller('kiosk', DEFAULT_SCOPES.kiosk, { customerId: 'C-000001' });
const staff = caller('staff', DEFAULT_SCOPES.staff, { subject: 'S-0042', clientName: 'call-centre' });
const partner = caller('partner', DEFAULT_SCOPES.partner, { partnerId: 'P-001' });
const denied = (c: Caller | undefined, query: string) => forbiddenFields(schema, parse(query), prepared.policy, c);

describe('reading @authenticated / @requiresScopes out of the supergraph', () => {
  it('finds the requirements the subgraph SDLs declare', () => {
    expect(prepared.policy.fields.get('Query.me')).toEqual([{ authenticated: true, anyOf: [['customer:read'], ['staff:customers:read']] }]);
    expect(prepared.policy.fields.get('Mutation.transfer')).toEqual([{ authenticated: true, anyOf: [['customer:write']] }]);
    expect(prepared.policy.fields.get('Query.partners')).toEqual([{ authenticated: true }]);
    expect(prepared.policy.fields.has('Customer.id')).toBe(false);
  });

  it('demotes the security links so @apollo/gateway accepts the supergraph, changing nothing else', () => {
    expect(SUPERGRAPH).toMatch(/requiresScopes\/v0\.1", for: SECURITY/);
    expect(prepared.sdl).not.toMatch(/(?:authenticated|requiresScopes)\/v[\d.]+", for: SECURITY/);
    // @inaccessible (it keeps the subgraphs' cache-hint enum out of the API schema) is a security
    // feature @apollo/gateway implements, so its link stays as composed
    expect(prepared.sdl).toMatch(/inaccessible\/v[\d.]+", for: SECURITY/);
    const demoted = SUPERGRAPH.replace(/((?:authenticated|requiresScopes)\/v[\d.]+"), for: SECURITY/g, '$1');
    expect(prepared.sdl.replace(/\s/g, '').length).toBe(demoted.replace(/\s/g, '').length);
  });

  it('reads scope sets as OR of ANDs', () => {
    const req = { authenticated: true, anyOf: [['a', 'b'], ['c']] };
    expect(satisfies(caller('web', ['a']), req)).toBe(false);
    expect(satisfies(caller('web', ['a', 'b']), req)).toBe(true);
    expect(satisfies(caller('web', ['c']), req)).toBe(true);
    expect(satisfies(undefined, { authenticated: true })).toBe(false);
  });
});

describe('which fields a caller may touch', () => {
  const dashboard = '{ me { id displayName accounts { id balance { available { amount } } } loyalty { points } offers { id } } }';

  it('customers with customer:read read their dashboard; staff too', () => {
    expect(denied(web, dashboard)).toEqual([]);
    expect(denied(kiosk, dashboard)).toEqual([]);
    expect(denied(staff, '{ customer(id: "C-000002") { id displayName accounts { id } } }')).toEqual([]);
  });

  it('a partner app reaches no customer data, however the operation is shaped', () => {
    expect(denied(partner, dashboard)).toEqual(['Customer.accounts', 'Customer.displayName', 'Customer.loyalty', 'Query.me']);
    expect(denied(partner, 'query { ...F } fragment F on Query { customer(id: "C-1") { ... on Customer { cards { id } } } }')).toEqual([
      'Customer.cards',
      'Query.customer',
    ]);
    expect(denied(partner, '{ partners { id name } }')).toEqual([]);
  });

  it('writes need customer:write: a kiosk may not move money', () => {
    const transfer =
      'mutation { transfer(input: { fromAccountId: "A", idempotencyKey: "k", amount: { amount: "1.00", currency: "EUR" }, to: { accountId: "B" } }) { __typename } }';
    expect(denied(kiosk, transfer)).toEqual(['Mutation.transfer']);
    expect(denied(web, transfer)).toEqual([]);
    expect(denied(staff, transfer)).toEqual(['Mutation.transfer']);
  });

  it('without a caller even @authenticated fields are refused', () => {
    expect(denied(undefined, '{ partners { id } }')).toEqual(['Query.partners']);
  });

  it('introspection and __typename are not fields of the graph', () => {
    expect(denied(partner, '{ __typename }')).toEqual([]);
  });
});

describe('staff audit records', () => {
  it('name the customers from literals and variables, and no field values', () => {
    const doc = parse('query Look($id: ID!) { customer(id: $id) { id displayName } other: customer(id: "C-000009") { id } }');
    expect(customerIdsIn(schema, doc, { id: 'C-000002' })).toEqual(['C-000002', 'C-000009']);
    const record = staffAuditRecord(staff, schema, doc, { operationName: 'Look', operationHash: 'abc', requestId: 'r-1', variables: { id: 'C-000002' } });
    expect(record).toMatchObject({
      staff: 'S-0042',
      client: 'call-centre',
      customerIds: ['C-000002', 'C-000009'],
      operationName: 'Look',
      operationHash: 'abc',
      requestId: 'r-1',
    });
    expect(Object.keys(record).sort()).toEqual(['at', 'client', 'customerIds', 'operationHash', 'operationName', 'requestId', 'scopes', 'staff']);
  });
});
