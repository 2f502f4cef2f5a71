// One key per caller: equal for everything a subgraph authorizes by, different for anything else.
import { callerIdentityKey } from '../caller-identity';
import { isCustomerId } from '../customer-id';

describe('caller identity key', () => {
  const customer = { subject: 'C-000001', customerId: 'C-000001', channel: 'web', scopes: ['customer:read', 'customer:write'] };

  it('is the same whatever the request id or the order of the scopes', () => {
    expect(callerIdentityKey({ ...customer, requestId: 'r-1' } as typeof customer)).toBe(
      callerIdentityKey({ ...customer, scopes: ['customer:write', 'customer:read'] }),
    );
  });

  it('tells apart callers that differ in anything they are authorized by', () => {
    const key = callerIdentityKey(customer);
    expect(callerIdentityKey({ ...customer, channel: 'mobile' })).not.toBe(key);
    expect(callerIdentityKey({ ...customer, scopes: ['customer:read'] })).not.toBe(key);
    expect(callerIdentityKey({ ...customer, customerId: undefined })).not.toBe(key);
    expect(callerIdentityKey({ ...customer, clientName: 'app' })).not.toBe(key);
    expect(callerIdentityKey({ ...customer, partnerId: 'P-1' })).not.toBe(key);
  });
});

describe('customer id', () => {
  it("takes the core's ids and nothing that could carry a path or a query", () => {
    expect(['C-000001', 'c_1', 'X'].every(isCustomerId)).toBe(true);
    expect(['', '-C1', 'C/1', 'C 1', 'C?x=1', 'C'.repeat(65), 42, undefined].some(isCustomerId)).toBe(false);
  });
});
