// README must stay true: every complete example operation in it validates against the composed
// supergraph's API schema, so a schema change that breaks the docs fails CI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { prepareSupergraph } from '../gateway/src/edge/authorization';

const ROOT = join(__dirname, '..');
const schema = Supergraph.build(prepareSupergraph(readFileSync(join(ROOT, 'schema/supergraph.graphql'), 'utf8')).sdl)
  .apiSchema()
  .toGraphQLJSSchema();
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** `-d '{"query":"…"}'` bodies of curl examples, and inline `{ … }` / `mutation { … }` snippets without ellipses */
const examples = [
  ...[...readme.matchAll(/"query":"(.*?)"\}'/g)].map((m) => m[1] ?? ''),
  ...[...readme.matchAll(/`((?:mutation|query)?\s*\{[^`]*\})`/g)].map((m) => m[1] ?? '').filter((q) => !q.includes('…')),
];

describe('README example operations', () => {
  it('has the dashboard, a transfer and the partners catalogue', () => {
    expect(examples.some((q) => q.includes('me {') && q.includes('loyalty'))).toBe(true);
    expect(examples.some((q) => q.startsWith('mutation') && q.includes('transfer('))).toBe(true);
    expect(examples.some((q) => q.includes('partners {'))).toBe(true);
  });

  it.each(examples.map((q) => [q.slice(0, 70), q]))('validates: %s', (_name, query) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });
});
