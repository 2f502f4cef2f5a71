// ESLint (flat config) for the whole repository: `npm run lint` runs it with `prettier --check .`.
//
// - TypeScript: typescript-eslint's recommended rules plus a handful of type-aware rules that catch
//   real bugs (promises nobody awaits or catches, awaiting non-promises, switches that miss a
//   case, `[object Object]` in strings). Style is Prettier's job: eslint-config-prettier is last.
// - Limits (issue 12, item 8): a file over 400 lines or a function over 80 lines is an error unless
//   a directive says why: `// eslint-disable-next-line max-lines-per-function -- <reason>`.
//   A directive without a reason, or one that no longer suppresses anything, is itself an error.
// - Boundaries (issue 12, item 4): `no-restricted-imports`, one block per area, see `boundaries`.
// - GraphQL: the subgraph SDLs (each linted as a Federation 2 subgraph) and the persisted
//   operations (validated against the supergraph).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import prettier from 'eslint-config-prettier/flat';

const root = import.meta.dirname;
const TS = ['**/*.ts', '**/*.tsx']; // .tsx: the browser apps (apps/<name>/src)
const JS = ['**/*.js', '**/*.mjs', '**/*.cjs'];
const CODE = [...TS, ...JS];

const dirs = (dir) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
const SUBGRAPHS = dirs('subgraphs');
const ADAPTERS = dirs('legacy-adapters');
const SDL_FILES = ['accounts', 'loyalty', 'offers', 'partners', 'engagement'].map((name) => `schema/${name}.graphql`);
const OPERATION_FILES = 'schema/persisted/operations/*.graphql';
const alt = (names) => names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

// ---------------------------------------------------------------------------------------------
// Boundaries. `no-restricted-imports` takes one option list per file: a later block that matches
// the same file replaces the earlier block's patterns instead of adding to them. So the areas
// below are disjoint (each file gets exactly one block) and each block carries every pattern
// that applies to it. The patterns look at the import specifier as written (relative paths), so:
// - anything outside a folder can only reach `legacy-adapters/<name>/...` by naming
//   `legacy-adapters/` (every such path climbs to the repository root first);
// - a subgraph reaches another one through `../` and the other's name.
// Only static imports and `export ... from` are checked (not `require()` nor `import()`).
const RULE = 'no-restricted-imports';
const noAdapter = {
  regex: '(^|/)legacy-adapters(/|$)',
  message: 'lib/ must not depend on a legacy adapter: take what you need as a parameter or move it to lib/.',
};
const adapterIndexOnly = {
  regex: '(^|/)legacy-adapters/[^/]+/src/(?!(index|lite)(\\.ts)?$)[^/]',
  message: "Import a legacy adapter through its index only ('legacy-adapters/<name>/src', or its client-less 'src/lite'), never one of its files.",
};
// from inside legacy-adapters/<name>/...: another adapter is `../(../)*<other>/src/<file>`
const otherAdapterIndexOnly = (own) => ({
  regex: `^(\\.\\./)+(?!${alt([own])}/)(${alt(ADAPTERS)})/src/(?!(index|lite)(\\.ts)?$)[^/]`,
  message: "Import another legacy adapter through its index only: '<name>/src', never one of its files.",
});
const otherSubgraph = (own) => {
  const others = alt(SUBGRAPHS.filter((s) => s !== own));
  return {
    regex: `(^|/)subgraphs/(${others})(/|$)|^(\\.\\./)+(${others})(/|$)`,
    message: `A subgraph never imports another subgraph: share through lib/ or call the other service.`,
  };
};
const noTestCode = {
  regex: '(^|/)(test|bench|scripts)(/|$)',
  message: 'Production code must not import from test/, bench/ or scripts/.',
};

// one block per area, the globs disjoint; the src/ (production) blocks also forbid test code
const areas = [
  { name: 'lib', files: ['lib/**'], ignores: ['lib/test/**'], patterns: [noAdapter, noTestCode] },
  { name: 'lib/test', files: ['lib/test/**'], patterns: [noAdapter] },
  { name: 'gateway', files: ['gateway/src/**'], patterns: [adapterIndexOnly, noTestCode] },
  ...SUBGRAPHS.flatMap((s) => [
    { name: `subgraphs/${s}/src`, files: [`subgraphs/${s}/src/**`], patterns: [adapterIndexOnly, otherSubgraph(s), noTestCode] },
    { name: `subgraphs/${s}`, files: [`subgraphs/${s}/**`], ignores: [`subgraphs/${s}/src/**`], patterns: [adapterIndexOnly, otherSubgraph(s)] },
  ]),
  ...ADAPTERS.flatMap((a) => [
    { name: `legacy-adapters/${a}/src`, files: [`legacy-adapters/${a}/src/**`], patterns: [adapterIndexOnly, otherAdapterIndexOnly(a), noTestCode] },
    {
      name: `legacy-adapters/${a}`,
      files: [`legacy-adapters/${a}/**`],
      ignores: [`legacy-adapters/${a}/src/**`],
      patterns: [adapterIndexOnly, otherAdapterIndexOnly(a)],
    },
  ]),
];
const claimed = areas.flatMap((a) => a.files);
const boundaries = [
  ...areas.map(({ name, files, ignores = [], patterns }) => ({
    name: `corebridge/boundaries/${name}`,
    files,
    ignores,
    rules: { [RULE]: ['error', { patterns }] },
  })),
  // everything else (test/, bench/, scripts/, core-simulator/, schema/): adapters through their index only
  {
    name: 'corebridge/boundaries/elsewhere',
    files: CODE,
    ignores: claimed,
    rules: { [RULE]: ['error', { patterns: [adapterIndexOnly] }] },
  },
];

// ---------------------------------------------------------------------------------------------
// GraphQL. One graphql-config for every .graphql file (graphql-eslint keeps the first config it
// sees for the whole process, so every block must pass the same object). Each SDL is its own
// project: graphql-eslint builds a schema with @apollo/subgraph's buildSubgraphSchema when the
// file has `extend schema @link(url: "https://specs.apollo.dev/federation/...")`, so the
// validity rules (known directives, types, arguments) know @key, @shareable, @requiresScopes...
const graphQLConfig = {
  projects: {
    ...Object.fromEntries(SDL_FILES.map((file) => [file.replace(/^schema\/|\.graphql$/g, ''), { schema: file }])),
    persisted: { schema: 'schema/supergraph.graphql', documents: OPERATION_FILES },
  },
};
const graphql = [
  {
    name: 'corebridge/graphql/parser',
    files: ['**/*.graphql'],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig } },
    plugins: { '@graphql-eslint': graphqlPlugin },
  },
  {
    name: 'corebridge/graphql/sdl',
    files: SDL_FILES,
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      // `# ...` comments above a type are deliberate notes for maintainers (who owns a type, why
      // a directive is there); they must not become published descriptions.
      '@graphql-eslint/no-hashtag-description': 'off',
      // one-line descriptions are "inline", longer ones """block""": both are house style
      '@graphql-eslint/description-style': 'off',
      // value types (Money, CashBackTerms, results) have no id; entities get theirs from @key
      '@graphql-eslint/strict-id-in-types': 'off',
      // every root field and directive is described today; keep it that way. Types are not all
      // described (enums of self-explaining values, result types): not required.
      '@graphql-eslint/require-description': ['error', { rootField: true, DirectiveDefinition: false }],
      '@graphql-eslint/no-scalar-result-type-on-mutation': 'error',
    },
  },
  {
    name: 'corebridge/graphql/operations',
    files: [OPERATION_FILES],
    rules: {
      ...graphqlPlugin.configs['flat/operations-recommended'].rules,
      // the gateway enforces its own depth limit (pq:check checks it); this is a second opinion
      '@graphql-eslint/selection-set-depth': ['error', { maxDepth: 7 }],
    },
  },
];

// ---------------------------------------------------------------------------------------------
// TypeScript / JavaScript
const typeAware = {
  name: 'corebridge/type-aware',
  files: TS,
  languageOptions: {
    // codegen.ts sits outside tsconfig.json's folders: typed with tsconfig.json's options
    parserOptions: { projectService: { allowDefaultProject: ['codegen.ts'], defaultProject: 'tsconfig.json' }, tsconfigRootDir: root },
  },
  rules: {
    '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
    '@typescript-eslint/no-misused-promises': 'error',
    '@typescript-eslint/await-thenable': 'error',
    '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    '@typescript-eslint/no-base-to-string': 'error',
    '@typescript-eslint/no-for-in-array': 'error',
    '@typescript-eslint/no-implied-eval': 'error',
    '@typescript-eslint/only-throw-error': 'error',
    '@typescript-eslint/prefer-promise-reject-errors': 'error',
    // `return promise` inside try/catch skips the catch; `return await` there is the fix
    '@typescript-eslint/return-await': ['error', 'in-try-catch'],
  },
};

const limits = {
  name: 'corebridge/limits',
  files: CODE,
  rules: {
    'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
  },
};

export default defineConfig(
  globalIgnores(
    [
      '**/node_modules/',
      'data/', // run data (PGlite ledgers, keys); core-simulator/src/data/ is code and is linted
      'subgraphs/*/data/',
      '.bench/',
      'dist/',
      'coverage/',
      '**/*.generated.ts',
      'apps/*/src/gql/', // the apps' typed operations (npm run codegen)
      'apps/*/dist/',
      'schema/supergraph.graphql',
      'schema/persisted/manifests/',
      '**/test/fixtures/',
    ],
    'corebridge/ignores',
  ),
  {
    name: 'corebridge/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' },
  },
  { ...js.configs.recommended, name: 'eslint/recommended', files: CODE },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: c.files ?? TS })),
  typeAware,
  {
    name: 'corebridge/ts',
    files: TS,
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    name: 'corebridge/js',
    files: JS,
    languageOptions: { sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    name: 'corebridge/commonjs',
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
  { ...comments.recommended, files: CODE },
  {
    name: 'corebridge/eslint-comments',
    files: CODE,
    rules: {
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      // a file-wide max-lines exemption (with its reason) sits at the top of the file
      '@eslint-community/eslint-comments/disable-enable-pair': ['error', { allowWholeFile: true }],
    },
  },
  limits,
  {
    // Tests are exempt from the function limit: a describe() callback is a list of cases, so its
    // length counts cases, not the complexity of one function, and a long it() is usually one
    // scenario told step by step. The file limit still applies: a test file over 400 lines wants
    // splitting like any other.
    name: 'corebridge/limits/tests',
    files: ['**/test/**'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    // Tests read JSON answers (GraphQL, HTTP) whose shape is what they assert: `any` there is
    // honest, and typing every answer would only restate the expectations.
    name: 'corebridge/tests',
    files: ['**/test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...boundaries,
  ...graphql,
  prettier,
);
