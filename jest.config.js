// Two projects, told apart by file name: `*.int.test.ts` start real processes on loopback
// (integration), every other `*.test.ts` runs in-process (unit). Tests live beside the code they
// test, in each package's `test/` folder; suites that span several services live in `test/`.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] };
const ignored = ['/node_modules/', '<rootDir>/data/', '<rootDir>/.bench/', '<rootDir>/dist/'];
// ESM-only packages swc turns into CommonJS like our own code: jest's sandbox can require() ES
// modules by itself only on Node 24.9+, and the unit tests run on Node 22 too
const esmOnly = ['jose', 'p-limit', 'yocto-queue'];
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnly.join('|')})/)`];
const project = (displayName, testMatch) => ({
  displayName,
  testMatch,
  testPathIgnorePatterns: ignored,
  transform,
  transformIgnorePatterns,
  testEnvironment: 'node',
});
module.exports = {
  // Two workers even on a 2-core machine: most of an integration suite's time is waiting on the
  // processes it started, so two suites overlap well (measured: 5m17s against ~9 min with jest's
  // default of one worker on 2 cores).
  maxWorkers: 2,
  // a global option: jest ignores testTimeout inside a project, so it lives here. Integration
  // tests start real processes; 120 s is for a loaded machine, not for the usual few seconds.
  testTimeout: 120000,
  modulePathIgnorePatterns: ignored,
  projects: [project('unit', ['**/test/**/*.test.ts', '!**/*.int.test.ts']), project('integration', ['**/test/**/*.int.test.ts'])],
};
