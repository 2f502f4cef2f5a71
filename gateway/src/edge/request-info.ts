// Copies what Apollo Server learnt (operation name, the codes of the errors sent) into the
// request's edge state, where the metrics and the access log read it.
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

export function requestInfoPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName }) {
          if (contextValue.state) contextValue.state.operation = operationName;
        },
        async willSendResponse({ contextValue, response, operationName }) {
          const state = contextValue.state;
          if (!state) return;
          state.operation ??= operationName ?? null;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          for (const e of errors ?? []) state.errorCodes.push(typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR');
        },
      };
    },
  };
}
