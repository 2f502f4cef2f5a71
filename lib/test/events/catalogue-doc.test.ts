// docs/events.md is the catalogue for people; lib/events/catalogue.ts is the one the code checks
// events against. This fails when they disagree: a type or version documented and not defined (or
// the reverse), another producer, or a payload field one has and the other has not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATALOGUE, EVENT_TYPES } from '../../events/catalogue';

const DOC = readFileSync(join(__dirname, '../../../docs/events.md'), 'utf8');

interface DocumentedVersion {
  producer?: string;
  fields: string[];
}

/** `### \`Type\` vN` sections: the producer they name and the fields of their table. */
function documented(): Map<string, DocumentedVersion> {
  const out = new Map<string, DocumentedVersion>();
  const sections = DOC.split(/^(?=#{2,3} )/m);
  for (const section of sections) {
    const head = /^### `(\w+)` v(\d+)\s*$/m.exec(section);
    if (!head) continue;
    const producer = /^Producer: `(\w+)`/m.exec(section)?.[1];
    const fields = [...section.matchAll(/^\| `([\w.]+)`\s*\|/gm)].map((m) => m[1] as string);
    out.set(`${head[1]} v${head[2]}`, { producer, fields });
  }
  return out;
}

/** The leaf fields of a payload schema, nested objects as dotted paths. */
function fieldsOf(schema: z.ZodType, prefix = ''): string[] {
  if (schema instanceof z.ZodOptional) return fieldsOf(schema.unwrap() as z.ZodType, prefix);
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([k, v]) => fieldsOf(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

describe('docs/events.md', () => {
  const doc = documented();
  const defined = new Map<string, { producer: string; fields: string[] }>();
  for (const type of EVENT_TYPES) {
    const def = CATALOGUE[type];
    for (const [version, schema] of Object.entries(def.versions)) {
      defined.set(`${type} v${version}`, { producer: def.producer, fields: fieldsOf(schema as z.ZodType) });
    }
  }

  it('documents every type and version the catalogue defines, and no other', () => {
    expect([...doc.keys()].sort()).toEqual([...defined.keys()].sort());
  });

  it('names the producer and exactly the payload fields of each', () => {
    const differences = [...defined].flatMap(([name, d]) => {
      const written = doc.get(name);
      if (!written) return [];
      const out: string[] = [];
      if (written.producer !== d.producer) out.push(`${name}: producer ${written.producer ?? 'missing'}, defined ${d.producer}`);
      for (const f of d.fields) if (!written.fields.includes(f)) out.push(`${name}: ${f} not documented`);
      for (const f of written.fields) if (!d.fields.includes(f)) out.push(`${name}: ${f} documented, not defined`);
      return out;
    });
    expect(differences).toEqual([]);
  });
});
