// Validates Kubernetes objects against the API's schemas, as the `kubernetes-models` package ships
// them (generated from the Kubernetes OpenAPI specification). A separate node process because the
// package is ES modules only, resolved by `import` conditions that jest's CommonJS sandbox does not
// use. Reads a JSON array of objects on stdin; prints a JSON array of problems (empty: all valid).
// Exit 3 when the package is not installed, so the caller can say so instead of failing.
//
//   node test/support/kubernetes-schema.mjs < objects.json
import { readFileSync } from 'node:fs';

/** `apps/v1` + Deployment -> kubernetes-models/apps/v1/Deployment; the core group is `v1`. */
const modulePath = (apiVersion, kind) => `kubernetes-models/${apiVersion}/${kind}`;

try {
  await import('kubernetes-models/v1/ConfigMap');
} catch {
  process.stderr.write('kubernetes-models is not installed\n');
  process.exit(3);
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const object of objects) {
  const name = `${object.kind}/${object.metadata?.name}`;
  let Model;
  try {
    Model = (await import(modulePath(object.apiVersion, object.kind)))[object.kind];
  } catch {
    problems.push(`${name}: no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (err) {
    problems.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
process.stdout.write(JSON.stringify(problems));
