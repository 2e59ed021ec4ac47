# sgctl's container image: only the binary (and CA certificates, for the AWS endpoints) on
# distroless, as a non-root user; and a `ci` variant with a shell, git and curl.
#
#   docker build -t sgctl .                      # built from this checkout (SOURCE=build)
#   docker run --rm -v "$PWD:/work" -w /work -e AWS_REGION -e AWS_ACCESS_KEY_ID \
#     -e AWS_SECRET_ACCESS_KEY -e AWS_SESSION_TOKEN sgctl plan k8s/ --cluster-name prod
#
# The release workflow builds it with SOURCE=release: the image then holds the Linux binary
# the release published for its architecture, checked against the release's SHA-256.

ARG SOURCE=build

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
# The commit for `sgctl --version` (.git is not in the build context).
ARG SGCTL_GIT_COMMIT=unknown
RUN cargo build --release --locked --bin sgctl && cp target/release/sgctl /sgctl

FROM debian:bookworm-slim AS release
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /release
COPY scripts/release/names.sh .
ARG TARGETARCH
ARG SGCTL_VERSION
ARG SGCTL_RELEASES
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN . ./names.sh \
    && case "$TARGETARCH" in amd64) arch=X64 ;; arm64) arch=ARM64 ;; *) echo "no release for $TARGETARCH" >&2; exit 1 ;; esac \
    && target="$(target_for Linux "$arch")" \
    && archive="$(archive_name "$SGCTL_VERSION" "$target")" \
    && curl --fail --silent --show-error --location --remote-name "$SGCTL_RELEASES/v$SGCTL_VERSION/$archive" \
    && curl --fail --silent --show-error --location --remote-name "$SGCTL_RELEASES/v$SGCTL_VERSION/$archive.sha256" \
    && sha256sum --check "$archive.sha256" \
    && tar -xzf "$archive" \
    && cp "$(archive_stem "$SGCTL_VERSION" "$target")/sgctl" /sgctl

# The stage chosen by SOURCE: build or release.
# hadolint ignore=DL3006
FROM ${SOURCE} AS binary

# `--target ci` (tag suffix -ci): for CI systems that run their scripts inside the job's image
# (GitLab CI): a shell, git (for `sgctl diff REV:PATH`) and curl beside sgctl.
FROM debian:bookworm-slim AS ci
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl git \
    && rm -rf /var/lib/apt/lists/* \
    && git config --system --add safe.directory '*' \
    && useradd --uid 65532 --user-group --create-home sgctl
COPY --from=binary /sgctl /usr/local/bin/sgctl
USER 65532:65532
ENTRYPOINT ["sgctl"]

# The default image: the binary alone on distroless.
FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
COPY --from=binary /sgctl /usr/local/bin/sgctl
# distroless nonroot: uid and gid 65532.
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["sgctl"]
