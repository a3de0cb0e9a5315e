# paved in a container, for CI jobs that pin it by digest (spec.ci.paved.image).
#   docker build -t ghcr.io/ORG/paved:VERSION .
#   docker buildx imagetools inspect ghcr.io/ORG/paved:VERSION   # the digest to write in spec.ci.paved.image
#
# Build stage: the Swift toolchain on Debian bookworm, with the three C libraries paved links.
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgit2-dev libssl-dev libyaml-dev libcurl4-openssl-dev pkg-config make \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift Makefile ./
COPY Sources Sources
COPY Tests Tests
# The Swift runtime is linked in (--static-swift-stdlib); libgit2, OpenSSL and libyaml stay shared.
RUN make install PREFIX=/out SUDO= APT_PACKAGES=

# Run stage: slim Debian with the shared libraries, git (checkouts), and curl + jq (the GitLab
# plan note). The CI jobs run as root in it; nothing here listens on a port.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgit2-1.5 libssl3 libyaml-0-2 libcurl4 ca-certificates git curl jq \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/bin/paved /usr/local/bin/paved
# No ENTRYPOINT: GitHub and GitLab run their own shell in job containers.
CMD ["paved", "--help"]
