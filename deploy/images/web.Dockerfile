# syntax=docker/dockerfile:1
# The web image: nginx serving the built client (client/dist and its .br/.gz copies) with the
# binary's caching and security headers (deploy/images/nginx/, checked against `prost serve` by
# `make test-deploy`), as a non-root user on a read-only root filesystem. Build from the root:
#   docker build -f deploy/images/web.Dockerfile -t prost/web .

FROM node:22-bookworm-slim AS build
WORKDIR /src/client
COPY client/package.json client/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY client/ ./
# `npm run build` type-checks, bundles, then writes the .br and .gz siblings (postbuild).
RUN npm run build

FROM debian:bookworm-slim
# Debian's nginx with the brotli_static module: the image serves the build's precompressed files
# and compresses nothing at run time. Versions come from the pinned Debian release (bookworm);
# pinning package versions too would break the build on every security update.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx-light libnginx-mod-http-brotli-static \
    && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled /etc/nginx/conf.d \
    && groupadd --system --gid 10001 prost \
    && useradd --system --uid 10001 --gid prost --no-create-home --shell /usr/sbin/nologin prost
COPY deploy/images/nginx/nginx.conf /etc/nginx/nginx.conf
COPY deploy/images/nginx/prost-headers.conf /etc/nginx/prost-headers.conf
COPY --from=build /src/client/dist /srv/prost
USER 10001:10001
EXPOSE 8080
# nginx -t at build time would need /tmp, which the pod mounts; `make test-deploy` runs it instead.
ENTRYPOINT ["nginx", "-g", "daemon off;"]
