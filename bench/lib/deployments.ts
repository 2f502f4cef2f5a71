// What deploy/kubernetes/base gives each Deployment's container, for the bench to run and judge a
// process as it is deployed: its memory limit, and the NODE_OPTIONS that size its V8 heap to it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './processes';

interface Container {
  env?: Array<{ name?: string; value?: string }>;
  resources?: { limits?: { memory?: string } };
}

interface Manifest {
  kind?: string;
  metadata?: { name?: string };
  spec?: { template?: { spec?: { containers?: Container[] } } };
}

const BASE = join(ROOT, 'deploy', 'kubernetes', 'base');
const MIB_PER_UNIT: Record<string, number> = { Mi: 1, Gi: 1024 };

/** Each Deployment's first container, by Deployment name. */
function deploymentContainers(dir: string): Record<string, Container> {
  const out: Record<string, Container> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const m = doc.toJS() as Manifest | null;
      const container = m?.spec?.template?.spec?.containers?.[0];
      if (m?.kind === 'Deployment' && m.metadata?.name && container) out[m.metadata.name] = container;
    }
  }
  return out;
}

/** The memory limit of each Deployment's first container, by Deployment name, MiB. */
export function deploymentMemoryLimits(dir = BASE): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, c] of Object.entries(deploymentContainers(dir))) {
    const parsed = /^(\d+)(Mi|Gi)$/.exec(c.resources?.limits?.memory ?? '');
    if (parsed) out[name] = Number(parsed[1]) * (MIB_PER_UNIT[parsed[2] ?? ''] ?? 1);
  }
  return out;
}

/** The NODE_OPTIONS each Deployment's first container runs with, by Deployment name (absent: none set). */
export function deploymentNodeOptions(dir = BASE): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, c] of Object.entries(deploymentContainers(dir))) {
    const value = c.env?.find((e) => e.name === 'NODE_OPTIONS')?.value;
    if (value !== undefined) out[name] = value;
  }
  return out;
}
