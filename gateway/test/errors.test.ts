import { parse } from 'graphql';
import { DOWNSTREAM_ERROR_MESSAGE, formatClientError, INTERNAL_ERROR_MESSAGE } from '../src/errors';
import { fieldErrors } from '../src/transport/subgraph-data-source';
import { requestIdFrom } from '../src/transport/request-id';

describe('gateway error masking', () => {
  const dev = formatClientError({ production: false });
  const prod = formatClientError({ production: true });

  it('masks errors without a stable code, keeping only path and locations', () => {
    const out = dev({ message: 'TypeError: cannot read x of undefined', path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } });
    expect(out).toEqual({ message: INTERNAL_ERROR_MESSAGE, path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(dev({ message: 'boom' })).toEqual({ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(dev({ message: 'x', extensions: { code: 'lower-case code' } }).message).toBe(INTERNAL_ERROR_MESSAGE);
  });

  it('keeps a stable code and its message, dropping subgraph details', () => {
    const out = dev({
      message: 'The core banking system did not answer in time.',
      path: ['me', 'accounts'],
      extensions: { code: 'CORE_TIMEOUT', serviceName: 'accounts', fault: '<soap:Fault>...</soap:Fault>', stacktrace: ['x'], field: 'amount' },
    });
    expect(out).toEqual({
      message: 'The core banking system did not answer in time.',
      path: ['me', 'accounts'],
      extensions: { code: 'CORE_TIMEOUT', field: 'amount' },
    });
  });

  it("masks request-level codes that come back from a subgraph (our mistake, not the client's)", () => {
    const out = dev({ message: 'Cannot query field "secret" on type "Internal".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', serviceName: 'loyalty' } });
    expect(out.message).toBe(INTERNAL_ERROR_MESSAGE);
  });

  it('replaces the message of downstream failures', () => {
    const out = dev({
      message: 'request to http://10.0.0.7:4002/graphql failed, reason: connect ECONNREFUSED',
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'loyalty' },
    });
    expect(out).toEqual({ message: DOWNSTREAM_ERROR_MESSAGE, extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } });
  });

  it('drops field suggestions in production only', () => {
    const err = { message: 'Cannot query field "balanse" on type "Account". Did you mean "balance"?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(prod(err).message).toBe('Cannot query field "balanse" on type "Account".');
    expect(dev(err).message).toContain('Did you mean');
  });
});

describe('errors for the fields of a failed subgraph fetch', () => {
  it('points at every field of every entity', () => {
    const doc = parse(
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Customer{__typename loyalty{tier} ...F}}} fragment F on Customer { points: loyaltyPoints }',
    );
    const errors = fieldErrors(doc, { representations: [{}, {}] }) ?? [];
    expect(errors.map((e) => e.path)).toEqual([
      ['_entities', 0, 'loyalty'],
      ['_entities', 0, 'points'],
      ['_entities', 1, 'loyalty'],
      ['_entities', 1, 'points'],
    ]);
    expect(errors.every((e) => e.extensions?.code === 'DOWNSTREAM_SERVICE_ERROR')).toBe(true);
  });

  it('points at the root fields of a root fetch', () => {
    expect((fieldErrors(parse('{ partners { id } featured: partner(id: "P-1") { id } }'), {}) ?? []).map((e) => e.path)).toEqual([['partners'], ['featured']]);
  });

  it('caps the number of errors for large fetches', () => {
    const doc = parse('query($representations:[_Any!]!){_entities(representations:$representations){...on Customer{loyalty{tier}}}}');
    expect(fieldErrors(doc, { representations: Array.from({ length: 500 }, () => ({})) })).toHaveLength(20);
  });
});

describe('request ids', () => {
  it('keeps a sane client request id and replaces anything else', () => {
    expect(requestIdFrom('web-2f1c9a7e-0001')).toBe('web-2f1c9a7e-0001');
    for (const bad of [undefined, '', 'short', 'has space in it', 'x'.repeat(200), 'inject\nnewline-0000', ['a-00000000', 'b-00000000']]) {
      const id = requestIdFrom(bad);
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
