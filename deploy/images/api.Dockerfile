# syntax=docker/dockerfile:1
# The API and worker image: the `prost` binary, non-root, on distroless (glibc, CA certificates,
# no shell, no package manager). Build from the repository root:
#   docker build -f deploy/images/api.Dockerfile -t prost/api .
# The same image runs `prost serve` with PROST_ROLE=web (API) or worker, and `prost worker --once`.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# Manifests first: the dependency layer is rebuilt only when Cargo.lock changes.
COPY Cargo.toml Cargo.lock rustfmt.toml ./
COPY loadtest/Cargo.toml loadtest/Cargo.toml
COPY cluster/Cargo.toml cluster/Cargo.toml
# The workspace's other members and targets must exist for Cargo to read the manifests.
COPY src ./src
COPY benches ./benches
COPY tests ./tests
COPY loadtest ./loadtest
COPY cluster ./cluster
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin prost \
    && install -D -m 0755 target/release/prost /out/prost

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/prost /usr/local/bin/prost
# The chart's uid; distroless needs no passwd entry for a numeric user.
USER 10001:10001
WORKDIR /data
ENV PROST_ADDR=0.0.0.0:8080 \
    PROST_DATA_DIR=/data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/prost"]
CMD ["serve"]
