# syntax=docker/dockerfile:1
# Partner Assistant: the service, compiled, on Node.js 22, as an unprivileged user.
#   docker build -t partner-assistant .
#   docker run --env-file .env -p 3000:3000 partner-assistant          # the service (needs DATABASE_URL, REDIS_URL)
#   docker run --env-file .env partner-assistant node dist/bots/migrate.js   # migrations, once per release
# compose.yaml runs it with PostgreSQL, Redis, the migration step and two replicas.

ARG NODE_IMAGE=node:22-bookworm-slim

# 1. every dependency (the build needs TypeScript and the Prisma CLI); no install scripts: the Prisma client is
#    generated below, and the embedded database's template (postinstall) is of no use in an image
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

# 2. the Prisma client and the compiled service (dist/)
FROM deps AS build
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY bots ./bots
COPY core ./core
COPY locales ./locales
RUN npm run db:generate && npm run build

# 3. production dependencies only
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 4. what runs: dependencies, dist/, and the files read at run time (locales, program definitions, migrations)
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/tmp/partner-assistant
WORKDIR /app
# the /earnings and /stats charts are drawn with the system's fonts (resvg leaves out text it has none for): DejaVu
# covers Latin, Cyrillic (Kazakh letters included) and Georgian; the slim image has no font at all
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
COPY --chown=root:root locales ./locales
COPY --chown=root:root prisma/programs ./prisma/programs
COPY --chown=root:root prisma/migrations ./prisma/migrations
COPY --chown=root:root prisma/schema.prisma ./prisma/schema.prisma
# the code belongs to root and is read-only to the service's user (node, uid 1000)
USER node
EXPOSE 3000
# liveness: the process answers; readiness (/readyz: database, migrations, Redis) is for the load balancer
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself, not npm: SIGTERM reaches the service, which drains and exits 0 within SHUTDOWN_TIMEOUT_MS
STOPSIGNAL SIGTERM
CMD ["node", "dist/bots/main.js"]
