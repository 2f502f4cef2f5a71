// The rendered Kubernetes objects of deploy/kubernetes, for test/kubernetes-manifests.test.ts:
// `kubectl kustomize` of an overlay, the schema check, and loose types for the fields the checks
// read (the schemas check the rest).
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../../scripts/lib/processes';

export const DEPLOY = join(ROOT, 'deploy', 'kubernetes');

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
export interface Port {
  name?: string;
  containerPort: number;
}
export interface Probe {
  httpGet?: { path: string; port: string | number };
}
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: Port[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
}
export interface Volume {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  configMap?: { name: string; items?: { key: string; path: string }[] };
}
export interface PodSpec {
  containers: Container[];
  volumes?: Volume[];
  securityContext?: { runAsNonRoot?: boolean };
}
export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}
export interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
export interface PolicyPeer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}
export interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: { port: number; protocol?: string }[];
}

export const spec = <T>(o: KubeObject) => o.spec as T;

export function kubectlMissing(): string | undefined {
  const run = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (run.error)
    return `kubectl is not on PATH (${(run.error as NodeJS.ErrnoException).code ?? run.error.message}); install kubectl 1.32+ to render the overlays`;
  return run.status === 0 ? undefined : `kubectl version --client failed: ${run.stderr.trim()}`;
}

/** `kubectl kustomize` of an overlay; the ConfigMaps are built from schema/, outside deploy/kubernetes. */
export function render(overlay: string): KubeObject[] {
  const text = execFileSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', join(DEPLOY, 'overlays', overlay)], { encoding: 'utf8' });
  return parseAllDocuments(text).map((d) => d.toJS() as KubeObject);
}

export function schemaProblems(objects: KubeObject[]): string[] {
  const run = spawnSync(process.execPath, [join(__dirname, 'kubernetes-schema.mjs')], { input: JSON.stringify(objects), encoding: 'utf8' });
  if (run.status === 3) throw new Error(`${run.stderr.trim()}: it is a devDependency (package.json); run npm ci`);
  if (run.status !== 0) throw new Error(`kubernetes-schema.mjs failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

const hasLabel = (labels: Record<string, string>, key: string) => Object.hasOwn(labels, key);

/** Whether `labels` are selected by `selector` (matchLabels and the operators used here). */
export const matches = (selector: Selector | undefined, labels: Record<string, string>) =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
  (selector?.matchExpressions ?? []).every((e) =>
    e.operator === 'Exists'
      ? hasLabel(labels, e.key)
      : e.operator === 'DoesNotExist'
        ? !hasLabel(labels, e.key)
        : e.operator === 'In'
          ? (e.values ?? []).includes(labels[e.key] ?? '')
          : false,
  );
