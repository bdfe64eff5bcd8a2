# syntax=docker/dockerfile:1
#
# Samen's container image: samen-server (the entrypoint) and samen-gateway, built from
# Debian bookworm packages and run on debian:bookworm-slim as the non-root user 10001,
# and the web app's built files (web/dist) in /usr/share/samen/web.
#
#   docker build -t samen:dev .
#   docker run --rm samen:dev --help                      # samen-server
#   docker run --rm --entrypoint samen-gateway samen:dev --help
#
# The Helm chart (helm/samen) runs this one image for every service, the gateway
# (command samen-gateway) and the migration Job (args: migrate --services=...).

ARG DEBIAN_RELEASE=bookworm

# --- build: compile the two binaries in Release mode ------------------------------
FROM debian:${DEBIAN_RELEASE} AS build
ENV DEBIAN_FRONTEND=noninteractive
WORKDIR /src
# Dependencies first, so that a source change reuses this (slow) layer.
COPY scripts/ scripts/
# No browser: the image runs no tests (the web stage builds the app with its own npm).
RUN SAMEN_DEPS_NO_BROWSER=1 ./scripts/deps && rm -rf /var/lib/apt/lists/*
COPY . .
# Tests are off (no GoogleTest, no MariaDB needed); warnings stay warnings so that a
# newer optimiser's diagnostics cannot break an image build (CI builds with -Werror).
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DSAMEN_BUILD_TESTS=OFF -DSAMEN_WERROR=OFF \
 && cmake --build /build --target samen-server samen-gateway --parallel "$(nproc)" \
 && install -D -m 0755 -s /build/bin/samen-server /out/samen-server \
 && install -D -m 0755 -s /build/bin/samen-gateway /out/samen-gateway

# --- web: the web app (web/, TypeScript + Lit) bundled by its own build ----------
# Debian's Node.js and npm; `npm ci` installs exactly web/package-lock.json, then
# `npm run build` (esbuild) writes web/dist: index.html, assets/, sw.js, ...
FROM debian:${DEBIAN_RELEASE} AS web
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src/web
# The manifests first, so that a source change reuses the installed packages.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# --- runtime: the shared libraries, the binaries and the web app, nothing else ----
FROM debian:${DEBIAN_RELEASE}-slim AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
ENV DEBIAN_FRONTEND=noninteractive
# Exactly the packages in docker/runtime-packages.txt (comments and blank lines
# dropped); the container_image test checks that they provide every library the
# binaries load.
COPY docker/runtime-packages.txt /tmp/runtime-packages.txt
RUN apt-get update \
 && sed -e 's/#.*//' -e '/^[[:space:]]*$/d' /tmp/runtime-packages.txt \
    | xargs apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages.txt \
 && groupadd --system --gid 10001 samen \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin samen
COPY --from=build /out/ /usr/local/bin/
# The web app, which samen-gateway serves at / with --web_root=/usr/share/samen/web.
COPY --from=web /src/web/dist/ /usr/share/samen/web/

LABEL org.opencontainers.image.title="samen" \
      org.opencontainers.image.description="Samen: gRPC services and HTTP/JSON gateway for teacher-education partnerships" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="debian:bookworm-slim"

# Numeric, so that Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
# 9090: samen-server gRPC; 8080: samen-gateway HTTP.
EXPOSE 9090 8080
# Both binaries exit 0 after draining on SIGTERM, which `docker stop` sends.
STOPSIGNAL SIGTERM
ENTRYPOINT ["samen-server"]
