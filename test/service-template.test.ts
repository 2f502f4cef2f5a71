// One shape for every service (issue 12): each subgraph's src/ holds exactly the same entries, so
// whoever knows one subgraph finds their way in the other three, and each has its own test/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SUBGRAPHS_DIR = resolve(__dirname, '..', 'subgraphs');

/** The entries of `subgraphs/<name>/src`: folders end with '/'. */
const TEMPLATE = ['adapters/', 'config.ts', 'db/', 'domain/', 'graphql/', 'main.ts', 'server.ts'];

function entries(dir: string): string[] {
  return readdirSync(dir)
    .map((name) => (statSync(join(dir, name)).isDirectory() ? `${name}/` : name))
    .sort();
}

const subgraphs = readdirSync(SUBGRAPHS_DIR)
  .filter((name) => statSync(join(SUBGRAPHS_DIR, name)).isDirectory())
  .sort();

describe('service template', () => {
  it('finds the five subgraphs', () => {
    expect(subgraphs).toEqual(['accounts', 'engagement', 'loyalty', 'offers', 'partners']);
  });

  it.each(subgraphs)('subgraphs/%s/src has exactly the template entries', (name) => {
    expect(entries(join(SUBGRAPHS_DIR, name, 'src'))).toEqual(TEMPLATE);
  });

  it.each(subgraphs)('subgraphs/%s has a test/ folder', (name) => {
    const dir = join(SUBGRAPHS_DIR, name, 'test');
    expect(existsSync(dir) && statSync(dir).isDirectory()).toBe(true);
  });
});
