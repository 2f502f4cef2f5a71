// graphql-ws publishes `graphql-ws/use/ws` through package.json `exports` only, which this
// project's node10 module resolution does not read; Node, tsx and esbuild do. The types are the
// package's own.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
