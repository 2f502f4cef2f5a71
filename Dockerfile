# syntax=docker/dockerfile:1
# One image for every Corebridge process; the argument names the process:
#
#   docker build -t corebridge .
#   docker run corebridge core-simulator | accounts | loyalty | offers | partners | engagement | gateway
#
# The base image is pinned to a full version here; a bank pins it further by digest through its
# own registry mirror (NODE_IMAGE=registry.bank.example/node@sha256:...), which is also where it is
# pulled from. test/container-files.test.ts reads this file; test/build-output.int.test.ts runs its
# ENTRYPOINT, with its ENV, from the built output.
ARG NODE_IMAGE=node:24.11.1-bookworm-slim

# --- build: every dependency, then `npm run build` (dist/, JavaScript, with the files read at run time)
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: the production dependencies and dist/, nothing else (no sources, no tsx, no test tools)
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
# the only folder the processes write (embedded stores, development keys); owned by the runtime
# user so that a named volume mounted on it starts out writable. The code stays root's: read-only.
RUN mkdir -p /app/data/keys && chown -R node:node /app/data
# Listen on every interface: the container's network is the boundary; every process's operations
# port (its port + 1000: /metrics, the gateway's /ready) is exposed to that network but published by
# nobody (docker-compose.yml).
# The gateway refuses to start without JWKS_URL / JWKS_FILE (the bank's IdP) in production.
ENV NODE_ENV=production \
    CORE_HOST=0.0.0.0 \
    ACCOUNTS_HOST=0.0.0.0 \
    LOYALTY_HOST=0.0.0.0 \
    LOYALTY_FEED_HOST=0.0.0.0 \
    OFFERS_HOST=0.0.0.0 \
    PARTNERS_HOST=0.0.0.0 \
    ENGAGEMENT_HOST=0.0.0.0 \
    GATEWAY_HOST=0.0.0.0 \
    DATA_DIR=/app/data \
    KEYS_DIR=/app/data/keys
# the node image's unprivileged user (uid 1000)
USER node
# gateway, accounts, loyalty, offers, partners, engagement, core simulator, card feed; then the operations ports
EXPOSE 4000 4001 4002 4003 4004 4005 8081 8583 5000 5001 5002 5003 5004 5005 9081
# the processes drain in-flight work on SIGTERM for SHUTDOWN_DRAIN_MS (10 s) before they exit
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["node", "dist/scripts/serve.js", "health"]
ENTRYPOINT ["node", "dist/scripts/serve.js"]
