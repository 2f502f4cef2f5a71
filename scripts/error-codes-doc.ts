// `npx tsx scripts/error-codes-doc.ts` writes docs/error-codes.md from the registry
// (lib/error-codes.ts); with `--check` it only says whether the committed file is what the
// registry gives (lib/test/error-codes.test.ts checks the same), and exits 1 when it is not.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { clientMessage, ERROR_REGISTRY, type ErrorCategory, type ErrorCodeEntry } from '../lib/error-codes';

export const ERROR_CODES_DOC = join(__dirname, '..', 'docs', 'error-codes.md');

interface Section {
  category: ErrorCategory;
  title: string;
  /** the HTTP column: only the gateway answers the request itself */
  http?: boolean;
  mutations?: boolean;
}

const SECTIONS: readonly Section[] = [
  { category: 'gateway', title: 'Refused at the gateway (the operation did not run; nothing changed, no core call)', http: true },
  { category: 'field', title: 'Per field, from the services (partial data: the rest of the response stands)' },
  { category: 'core', title: 'The legacy core, through the SOAP adapter (per field, or a mutation that reached the core)' },
  { category: 'refusal', title: 'Business refusals of mutations (nothing changes)', mutations: true },
];

const code = (c: string) => `\`${c}\``;

function httpOf(e: ErrorCodeEntry): string {
  if (!e.http) return '';
  return `${e.http.status.join(' / ')}${e.http.header ? ` + \`${e.http.header}\`` : ''}`;
}

function table(section: Section): string[] {
  const head = ['code', ...(section.http ? ['HTTP'] : []), ...(section.mutations ? ['mutations'] : []), 'retry', 'when', 'client action'];
  const rows: string[] = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const e of ERROR_REGISTRY as readonly ErrorCodeEntry[]) {
    const use = e.category === section.category ? e : e.also?.category === section.category ? e.also : undefined;
    if (!use) continue;
    const cells = [
      code(e.code),
      ...(section.http ? [e.category === section.category ? httpOf(e) : ''] : []),
      ...(section.mutations ? [(e.mutations ?? []).map(code).join(', ')] : []),
      e.retryable ? 'yes' : 'no',
      use.when,
      use.action ?? '',
    ];
    rows.push(`| ${cells.join(' | ')} |`.replace(/ {2,}\|/g, ' |'));
  }
  return rows;
}

function mutationIndex(): string[] {
  const byMutation = new Map<string, string[]>();
  for (const e of ERROR_REGISTRY as readonly ErrorCodeEntry[]) {
    for (const m of e.mutations ?? []) byMutation.set(m, [...(byMutation.get(m) ?? []), e.code]);
  }
  const rows = ['| mutation | codes its SDL description lists |', '|---|---|'];
  for (const [m, codes] of [...byMutation].sort(([a], [b]) => a.localeCompare(b))) rows.push(`| ${code(m)} | ${codes.map(code).join(', ')} |`);
  return rows;
}

export function renderErrorCodesDoc(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from lib/error-codes.ts by `npx tsx scripts/error-codes-doc.ts`; do not edit by hand. -->',
    '',
    'Every error a client sees carries `extensions.code`, one of the codes below, and a message meant',
    'for people; nothing else (no stack traces, service names, hostnames or core faults). Anything',
    `without a known code is masked to \`INTERNAL_SERVER_ERROR\` with the message "${clientMessage('INTERNAL_SERVER_ERROR')}"; the`,
    "cause is in the gateway's log under the same request id (`x-request-id` response header).",
    '"retry" says whether the same request may succeed later unchanged (after a wait; a mutation with',
    'the same idempotency key).',
  ];
  for (const section of SECTIONS) lines.push('', `## ${section.title}`, '', ...table(section));
  lines.push(
    '',
    '## Errors each mutation documents',
    '',
    "Each mutation's description in the SDL (`schema/*.graphql`) lists the codes it may fail with;",
    'lib/test/error-codes.test.ts keeps the two lists equal. The gateway passes any code of the form',
    '`[A-Z][A-Z0-9_]+` from a subgraph through with its message.',
    '',
    ...mutationIndex(),
  );
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  const wanted = renderErrorCodesDoc();
  const shown = relative(process.cwd(), ERROR_CODES_DOC);
  if (process.argv.includes('--check')) {
    const current = readFileSync(ERROR_CODES_DOC, 'utf8');
    if (current !== wanted) {
      process.stderr.write(`${shown} is not what lib/error-codes.ts gives: run npx tsx scripts/error-codes-doc.ts\n`);
      process.exit(1);
    }
    process.stdout.write(`${shown} is up to date\n`);
  } else {
    writeFileSync(ERROR_CODES_DOC, wanted);
    process.stdout.write(`wrote ${shown}\n`);
  }
}
