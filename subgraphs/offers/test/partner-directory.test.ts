// The partner directory offers ranks from: partners' merchants with their names and categories
// (the agreed contract), cached; partners being down never fails offers.
import type { ServiceClient } from '../../../lib/service-client';
import { CachedPartnerDirectory, parseDirectory } from '../src/adapters/partner-directory';

const MERCHANTS = [
  { partnerId: 'P-ZIPRIDE', name: 'ZipRide', category: 'RIDE_HAILING', merchantIds: ['M-RIDE-001', 'M-RIDE-002'], earnBoost: '2' },
  { partnerId: 'P-SKYLARK', name: 'Skylark Air', category: 'TRAVEL', merchantIds: ['M-TRAVEL-001'], earnBoost: '1.25' },
];

function fakeClient(state: { down: boolean; calls: string[] }) {
  return {
    request: async (method: string, path: string) => {
      state.calls.push(`${method} ${path}`);
      if (state.down) throw new Error('connect ECONNREFUSED');
      return { status: 200, body: MERCHANTS };
    },
  } as unknown as ServiceClient;
}

describe('partner directory', () => {
  it('reads merchants with names and categories, sorted by id, and skips malformed or unnamed entries', async () => {
    const state = { down: false, calls: [] as string[] };
    const dir = new CachedPartnerDirectory({ client: fakeClient(state) });
    expect(await dir.partners()).toEqual([
      { partnerId: 'P-SKYLARK', name: 'Skylark Air', category: 'TRAVEL', merchantIds: ['M-TRAVEL-001'] },
      { partnerId: 'P-ZIPRIDE', name: 'ZipRide', category: 'RIDE_HAILING', merchantIds: ['M-RIDE-001', 'M-RIDE-002'] },
    ]);
    expect(state.calls).toEqual(['GET /internal/partners/merchants']);
    // offers provides the partner's name to the gateway: an entry without one is no partner to offer
    const entries = [
      { partnerId: 'P-A', name: 'A', category: 'COFFEE', merchantIds: ['M-1'] },
      { partnerId: 'P-B', merchantIds: ['M-2'] },
      { partnerId: 42 },
      'x',
    ];
    expect(parseDirectory(entries)).toEqual([{ partnerId: 'P-A', name: 'A', category: 'COFFEE', merchantIds: ['M-1'] }]);
  });

  it('asks partners once per ttl, serves the last good answer while partners is down, then nothing once it is too old', async () => {
    let t = 0;
    const state = { down: false, calls: [] as string[] };
    const dir = new CachedPartnerDirectory({ client: fakeClient(state), ttlMs: 1000, staleMs: 10_000, clock: () => t });
    await Promise.all([dir.partners(), dir.partners(), dir.partners()]);
    expect(state.calls).toHaveLength(1); // one call for three readers
    t = 500;
    await dir.partners();
    expect(state.calls).toHaveLength(1);
    state.down = true;
    t = 5000;
    expect(await dir.partners()).toHaveLength(2);
    t = 20_000;
    expect(await dir.partners()).toEqual([]);
  });
});
