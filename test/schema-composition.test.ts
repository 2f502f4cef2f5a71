import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph, firstDifference, SCHEMA_DIR, SUPERGRAPH_FILE } from '../schema/compose';

describe('supergraph composition', () => {
  const outcome = composeSupergraph();

  it('composes the four subgraph SDLs without errors', () => {
    const errors = (outcome.errors ?? []).map((e) => `${typeof e.extensions?.code === 'string' ? e.extensions.code : 'ERROR'}: ${e.message}`);
    expect(errors).toEqual([]);
    expect(outcome.supergraphSdl).toContain('@join__graph(name: "accounts"');
  });

  it('matches the committed schema/supergraph.graphql (run `npm run compose` after changing an SDL)', () => {
    const file = join(SCHEMA_DIR, SUPERGRAPH_FILE);
    expect(existsSync(file)).toBe(true);
    const diff = firstDifference(readFileSync(file, 'utf8'), outcome.supergraphSdl ?? '');
    expect(diff).toBeUndefined();
  });
});
