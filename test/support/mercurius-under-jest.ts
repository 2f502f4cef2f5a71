// mercurius requires @fastify/static at load time (for GraphiQL), which requires the ESM-only
// content-disposition 3; jest's module runtime cannot require() ESM on Node < 24.9, so loading
// mercurius in a jest test fails before any test runs. The partners subgraph never serves
// GraphiQL (`graphiql: false`), so a stand-in that fails loudly if it is ever registered is
// enough. Import this module before anything that loads mercurius. (A jest.config.js
// transformIgnorePatterns entry for content-disposition would make this file unnecessary.)
jest.mock('@fastify/static', () => {
  const notAvailable = () => {
    throw new Error('@fastify/static is stubbed in jest tests: GraphiQL is not available');
  };
  return Object.assign(notAvailable, { default: notAvailable });
});

export {};
