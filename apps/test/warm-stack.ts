// The apps' browser suites read their first screen through the gateway once before the browser
// does: the stack's first read of a customer plans the query and reads the core and loyalty cold,
// which on CI's loaded machine can pass the gateway's 3 s budget and leave the screen partial
// (a dashboard without its loyalty figures), so the suite would measure a cold stack, not the app.
import { gql } from '../../test/support/stack';

/** Sends `query` with `token` until an answer has no errors, at most `tries` times. */
export async function warmStack(gatewayUrl: string, query: string, token: string, tries = 3): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const { body } = await gql(gatewayUrl, query, { token });
    if (!body.errors) return;
  }
}
