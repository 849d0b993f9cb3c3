# syntax=docker/dockerfile:1

# ---- build: compile with swc + tsc, then keep only the standalone service's production dependencies ----
FROM node:24-bookworm-slim AS build
WORKDIR /app

# Dependencies first, so source edits do not invalidate the npm layer.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json .swcrc nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
# The standalone's own parts (embedded Postgres, Fastify, pino, terminus, ...) are optional peers of the
# library, installed here as dev dependencies: the image makes them its production dependencies first.
RUN npm run build \
 && node -e "const fs=require('fs');const p=require('./package.json');for(const n of Object.keys(p.peerDependenciesMeta)){p.dependencies[n]=p.devDependencies[n];delete p.devDependencies[n];delete p.peerDependencies[n]}delete p.peerDependenciesMeta;fs.writeFileSync('package.json',JSON.stringify(p,null,2))" \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: compiled output + production node_modules, run as the unprivileged `node` user ----
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app

# Code stays root-owned (read-only for the app); only the data folder is writable, for the
# embedded Postgres fallback when no DATABASE_URL is given (compose always gives one).
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/.data && chown node:node /app/.data

USER node
EXPOSE 3000

# Slim images have no curl: node's own fetch probes readiness (database reachable).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

CMD ["node", "--enable-source-maps", "dist/src/main.js"]
