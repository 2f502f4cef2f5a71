// The partner directory offers ranks from: partners' merchants (the agreed contract) plus names and
// categories from the public catalogue, cached; partners being down never fails offers.
import type { ServiceClient } from '../../../lib/service-client';
import { CachedPartnerDirectory, parseDirectory } from '../src/adapters/partner-directory';

const MERCHANTS = [
  { partnerId: 'P-ZIPRIDE', merchantIds: ['M-RIDE-001', 'M-RIDE-002'], earnBoost: '2' },
  { partnerId: 'P-SKYLARK', merchantIds: ['M-TRAVEL-001'], earnBoost: '1.25' },
];
const CATALOGUE = {
  data: {
    partners: [
      { id: 'P-SKYLARK', name: 'Skylark Air', category: 'TRAVEL' },
      { id: 'P-ZIPRIDE', name: 'ZipRide', category: 'RIDE_HAILING' },
    ],
  },
};

function fakeClient(state: { down: boolean; catalogueDown?: boolean; calls: string[] }) {
  return {
    request: async (method: string, path: string) => {
      state.calls.push(`${method} ${path}`);
      if (state.down || (path === '/graphql' && state.catalogueDown)) throw new Error('connect ECONNREFUSED');
      return { status: 200, body: path === '/graphql' ? CATALOGUE : MERCHANTS };
    },
  } as unknown as ServiceClient;
}

describe('partner directory', () => {
  it('merges merchants with names and categories, sorted by id, and skips malformed entries', async () => {
    const state = { down: false, calls: [] as string[] };
    const dir = new CachedPartnerDirectory({ client: fakeClient(state) });
    expect(await dir.partners()).toEqual([
      { partnerId: 'P-SKYLARK', name: 'Skylark Air', category: 'TRAVEL', merchantIds: ['M-TRAVEL-001'] },
      { partnerId: 'P-ZIPRIDE', name: 'ZipRide', category: 'RIDE_HAILING', merchantIds: ['M-RIDE-001', 'M-RIDE-002'] },
    ]);
    expect(parseDirectory([{ partnerId: 'P-A', merchantIds: ['M-1'] }, { partnerId: 42 }, 'x'])).toEqual([
      { partnerId: 'P-A', name: 'P-A', category: null, merchantIds: ['M-1'] },
    ]);
  });

  it('still knows the merchants when only the catalogue is down', async () => {
    const state = { down: false, catalogueDown: true, calls: [] as string[] };
    const partners = await new CachedPartnerDirectory({ client: fakeClient(state) }).partners();
    expect(partners.map((p) => [p.partnerId, p.name, p.category])).toEqual([
      ['P-SKYLARK', 'P-SKYLARK', null],
      ['P-ZIPRIDE', 'P-ZIPRIDE', null],
    ]);
  });

  it('asks partners once per ttl, serves the last good answer while partners is down, then nothing once it is too old', async () => {
    let t = 0;
    const state = { down: false, calls: [] as string[] };
    const dir = new CachedPartnerDirectory({ client: fakeClient(state), ttlMs: 1000, staleMs: 10_000, clock: () => t });
    await Promise.all([dir.partners(), dir.partners(), dir.partners()]);
    expect(state.calls).toHaveLength(2); // one merchants call and one catalogue call for three readers
    t = 500;
    await dir.partners();
    expect(state.calls).toHaveLength(2);
    state.down = true;
    t = 5000;
    expect(await dir.partners()).toHaveLength(2);
    t = 20_000;
    expect(await dir.partners()).toEqual([]);
  });
});
