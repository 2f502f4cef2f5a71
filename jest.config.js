// Two projects: unit tests run in-process; integration tests start real processes on loopback.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] };
module.exports = {
  // Two workers even on a 2-core machine: most of an integration suite's time is waiting on the
  // processes it started, so two suites overlap well (measured: 5m17s against ~9 min with jest's
  // default of one worker on 2 cores).
  maxWorkers: 2,
  // a global option: jest ignores testTimeout inside a project, so it lives here. Integration
  // tests start real processes; 120 s is for a loaded machine, not for the usual few seconds.
  testTimeout: 120000,
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], transform, testEnvironment: 'node' },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      transform,
      testEnvironment: 'node',
    },
  ],
};
