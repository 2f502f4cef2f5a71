// Subscriptions over WebSocket: the graphql-ws protocol (subprotocol `graphql-transport-ws`) at
// /graphql. A browser cannot set headers on a WebSocket, so the token comes in the connection_init
// payload (`{ "authorization": "Bearer …" }`; the upgrade request's own header also counts); a
// connection without a valid one is closed with 4403. Each subscribe message then passes the same
// operation admission as an HTTP request (rate limits, safelist, partner apps) and the same
// preparation, cap and execution as over SSE (live-subscriptions.ts).
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Caller } from '../../../lib/internal-auth';
import type { Logger } from '../../../lib/logger';
import type { OperationAdmission } from '../edge/admission';
import type { Authenticator } from '../edge/identity';
import { type LiveSubscriptions, type StreamContext, subscriptionRequest } from './live-subscriptions';

export const WS_PATH = '/graphql';

export interface WebSocketTransport {
  /** closes every client connection (1001) and stops accepting */
  close(): Promise<void>;
}

interface ConnectionExtra {
  [key: PropertyKey]: unknown;
  caller?: Caller;
}

function clientError(live: LiveSubscriptions, err: GraphQLError): GraphQLError {
  const formatted = live.format(err.toJSON());
  return new GraphQLError(formatted.message, { extensions: formatted.extensions });
}

export function attachWebSocket(
  server: Server,
  opts: { live: LiveSubscriptions; authenticator: Authenticator; admitOperation: OperationAdmission; maxPayloadBytes: number; log: Logger },
): WebSocketTransport {
  const { live, log } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayloadBytes });
  const onUpgrade = (req: Parameters<WebSocketServer['handleUpgrade']>[0], socket: Parameters<WebSocketServer['handleUpgrade']>[1], head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://gateway').pathname !== WS_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  const disposable = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      onConnect: async (ctx) => {
        const fromPayload = ctx.connectionParams?.authorization;
        const header = typeof fromPayload === 'string' ? fromPayload : ctx.extra.request.headers.authorization;
        try {
          ctx.extra.caller = await opts.authenticator.authenticate(header, randomUUID());
          return true;
        } catch (err) {
          if (!(err instanceof GraphQLError)) log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'websocket authentication failed');
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const caller = ctx.extra.caller;
        if (!caller) return [new GraphQLError('Authentication required.', { extensions: { code: 'UNAUTHENTICATED' } })];
        const requestId = randomUUID();
        const request = subscriptionRequest(payload);
        const admitted = await opts.admitOperation(caller, { query: request.query, hash: request.hash }, requestId);
        if (admitted.refusal) return [new GraphQLError(admitted.refusal.message, { extensions: { code: admitted.refusal.code } })];
        try {
          return live.accept(caller, request, requestId);
        } catch (err) {
          if (err instanceof GraphQLError) return [clientError(live, err)];
          throw err;
        }
      },
      subscribe: (args) => live.open(args.contextValue as StreamContext),
    },
    wss,
  );

  return {
    close: async () => {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'gateway shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
