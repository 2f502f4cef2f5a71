// Boundaries between the parts of the repository (issue 12, item 4), as eslint.config.mjs states
// them with `no-restricted-imports`: lib/ imports no legacy adapter; an adapter is imported only
// through its index (`legacy-adapters/<name>/src`); subgraphs never import each other; production
// code never imports test/, bench/ or scripts/. This suite runs only that rule, through the ESLint
// Node API, on made-up files and on the real tree.
import { resolve } from 'node:path';
import { ESLint, type Linter } from 'eslint';

const ROOT = resolve(__dirname, '..');
const RULE = 'no-restricted-imports';

// Only the boundary rule runs, and without type information: no TypeScript program to build.
const eslint = new ESLint({
  cwd: ROOT,
  ruleFilter: ({ ruleId }) => ruleId === RULE,
  overrideConfig: { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false } } },
});

async function boundaryProblems(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  if (!result) throw new Error(`no lint result for ${filePath}`);
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`${filePath}: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages.filter((m) => m.ruleId === RULE);
}

const importing = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

describe('boundaries (eslint no-restricted-imports)', () => {
  it('lib/ imports no legacy adapter, not even through its index', async () => {
    const problems = await boundaryProblems('lib/boundary-probe.ts', importing('../legacy-adapters/soap/src'));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/lib\/ must not depend on a legacy adapter/);

    expect(await boundaryProblems('lib/db/boundary-probe.ts', importing('../../legacy-adapters/iso20022/src/iban'))).toHaveLength(1);
    expect(await boundaryProblems('lib/boundary-probe.ts', importing('./money'))).toEqual([]);
  });

  it('outside an adapter, the adapter is imported through its index only', async () => {
    const file = 'subgraphs/accounts/src/boundary-probe.ts';
    const internal = await boundaryProblems(file, importing('../../../legacy-adapters/soap/src/errors'));
    expect(internal).toHaveLength(1);
    expect(internal[0]?.message).toMatch(/through its index only/);

    expect(await boundaryProblems(file, importing('../../../legacy-adapters/soap/src'))).toEqual([]);
    expect(await boundaryProblems(file, importing('../../../legacy-adapters/soap/src/index'))).toEqual([]);
    // deeper files, tests and other areas obey the same rule
    expect(await boundaryProblems('subgraphs/offers/src/domain/boundary-probe.ts', importing('../../../../legacy-adapters/soap/src/types'))).toHaveLength(1);
    expect(await boundaryProblems('subgraphs/offers/test/boundary-probe.test.ts', importing('../../../legacy-adapters/soap/src/types'))).toHaveLength(1);
    expect(await boundaryProblems('gateway/src/boundary-probe.ts', importing('../../legacy-adapters/soap/src/config'))).toHaveLength(1);
    expect(await boundaryProblems('test/boundary-probe.test.ts', importing('../legacy-adapters/iso8583/src/codec'))).toHaveLength(1);
    expect(await boundaryProblems('test/boundary-probe.test.ts', importing('../legacy-adapters/iso8583/src'))).toEqual([]);
  });

  it('inside an adapter, its own files are free; another adapter goes through its index', async () => {
    expect(await boundaryProblems('legacy-adapters/soap/src/boundary-probe.ts', importing('./errors'))).toEqual([]);
    expect(await boundaryProblems('legacy-adapters/soap/test/boundary-probe.test.ts', importing('../src/errors'))).toEqual([]);
    expect(await boundaryProblems('legacy-adapters/soap/src/boundary-probe.ts', importing('../../iso20022/src/xml'))).toHaveLength(1);
    expect(await boundaryProblems('legacy-adapters/soap/src/boundary-probe.ts', importing('../../iso20022/src'))).toEqual([]);
  });

  it('a subgraph never imports another subgraph', async () => {
    const problems = await boundaryProblems('subgraphs/offers/src/graphql/boundary-probe.ts', importing('../../../loyalty/src/domain/earning'));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/never imports another subgraph/);

    expect(await boundaryProblems('subgraphs/offers/test/boundary-probe.test.ts', importing('../../partners/src/db/consent-store'))).toHaveLength(1);
    expect(await boundaryProblems('subgraphs/offers/src/graphql/boundary-probe.ts', importing('../domain/engine'))).toEqual([]);
    expect(await boundaryProblems('subgraphs/offers/src/graphql/boundary-probe.ts', importing('../../../../lib/money'))).toEqual([]);
  });

  it('production code never imports test/, bench/ or scripts/', async () => {
    expect(await boundaryProblems('gateway/src/boundary-probe.ts', importing('../../test/support/stack'))).toHaveLength(1);
    expect(await boundaryProblems('subgraphs/loyalty/src/boundary-probe.ts', importing('../test/support/programme'))).toHaveLength(1);
    expect(await boundaryProblems('lib/boundary-probe.ts', importing('../scripts/lib/processes'))).toHaveLength(1);
    expect(await boundaryProblems('legacy-adapters/soap/src/boundary-probe.ts', importing('../../../bench/lib/load'))).toHaveLength(1);
    // tests may use test helpers
    expect(await boundaryProblems('subgraphs/loyalty/test/boundary-probe.test.ts', importing('./support/programme'))).toEqual([]);
    expect(await boundaryProblems('lib/test/boundary-probe.test.ts', importing('../../test/support/postgres'))).toEqual([]);
  });

  it('the real tree has no boundary violations', async () => {
    const results = await eslint.lintFiles(['**/*.ts', '**/*.{js,mjs,cjs}']);
    const violations = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === RULE || m.fatal)
        .map((m) => `${r.filePath.slice(ROOT.length + 1)}:${m.line} ${m.message.replace(' import is restricted from being used by a pattern.', '')}`),
    );
    expect(violations).toEqual([]);
  });
});
