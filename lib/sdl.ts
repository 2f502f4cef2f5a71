import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';

export const SCHEMA_DIR = join(__dirname, '..', 'schema');

/** Reads a subgraph's SDL from schema/<name>.graphql: the file is the source of truth. */
export function loadSdlText(name: string): string {
  return readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8');
}

export function loadSdl(name: string): DocumentNode {
  return parse(loadSdlText(name));
}
