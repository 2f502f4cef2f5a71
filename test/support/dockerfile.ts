// Reads a Dockerfile the way the tests need it: stages with their instructions, continuation lines
// joined, comments dropped, JSON (exec) forms parsed. Enough for the repository's own Dockerfile,
// not a full parser (no heredocs, no escape directive).

export interface Instruction {
  /** upper case: FROM, RUN, COPY, ENV, USER, ENTRYPOINT, CMD, HEALTHCHECK, ... */
  keyword: string;
  /** the rest of the line, continuation lines joined with a space */
  args: string;
}

export interface Stage {
  /** the FROM line's image (before any ARG substitution) */
  from: string;
  /** `FROM image AS name` */
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARG lines before the first FROM, with their defaults */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    // a comment inside a continued instruction is dropped, as docker does
    if (pending && line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push((pending + line).trim());
    pending = '';
  }
  if (pending.trim()) logical.push(pending.trim());

  const out: Dockerfile = { globalArgs: {}, stages: [] };
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const kw = keyword.toUpperCase();
    if (kw === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!m) throw new Error(`Dockerfile: cannot read FROM ${args}`);
      out.stages.push({ from: m[1] ?? '', ...(m[2] ? { name: m[2] } : {}), instructions: [] });
      continue;
    }
    const stage = out.stages.at(-1);
    if (!stage) {
      if (kw !== 'ARG') throw new Error(`Dockerfile: ${kw} before the first FROM`);
      const [name = '', value = ''] = args.split('=', 2);
      out.globalArgs[name] = value;
      continue;
    }
    stage.instructions.push({ keyword: kw, args });
  }
  return out;
}

/** The exec (JSON array) form of ENTRYPOINT / CMD / HEALTHCHECK CMD; the shell form is refused. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new Error(`not an exec form: ${args}`);
  return parsed;
}

/** `ENV A=1 B="two words"` (and the legacy `ENV A 1`) of a stage, later lines overriding earlier ones. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of stage.instructions) {
    if (keyword !== 'ENV') continue;
    if (!args.includes('=')) {
      const [name = '', ...rest] = args.split(/\s+/);
      env[name] = rest.join(' ');
      continue;
    }
    for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
      const [, name = '', value = ''] = m;
      env[name] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
    }
  }
  return env;
}

/** HEALTHCHECK [--option=value ...] CMD [...] */
export function healthcheckOf(stage: Stage): { options: Record<string, string>; command: string[] } | undefined {
  const line = stage.instructions.filter((i) => i.keyword === 'HEALTHCHECK').at(-1);
  if (!line) return undefined;
  const m = /^((?:--[a-z-]+=\S+\s+)*)CMD\s+(.*)$/i.exec(line.args);
  if (!m) throw new Error(`HEALTHCHECK without an exec-form CMD: ${line.args}`);
  const [, flags = '', command = ''] = m;
  const options = Object.fromEntries([...flags.matchAll(/--([a-z-]+)=(\S+)/g)].map((o) => [o[1] ?? '', o[2] ?? '']));
  return { options, command: execForm(command) };
}

/** The last value of a single-valued instruction (USER, WORKDIR, ENTRYPOINT, ...) in a stage. */
export function lastOf(stage: Stage, keyword: string): string | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
}
