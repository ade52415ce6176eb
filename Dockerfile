# syntax=docker/dockerfile:1
# The Finance host, built from a clean clone: `docker build -t finance .`, or `docker compose up` (compose.yaml).
# Multi-platform: `docker buildx build --platform linux/amd64,linux/arm64 -t finance .`

# Build stage: the SDK runs on the builder's own platform and publishes for the target one (no emulation), self-
# contained, so the runtime stage needs no .NET of its own. global.json is left out on purpose: it pins the
# developers' SDK band, and the image's own 10.0 SDK builds the same code.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
COPY models/ models/
COPY prompts/ prompts/
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish src/Finance.Host -c Release -a $TARGETARCH --self-contained -o /app

# Runtime stage. First what the self-contained .NET runtime loads (TLS roots, OpenSSL, ICU, time zones), then the
# engines the host runs: ffmpeg (voice notes), Tesseract with English, Portuguese and Latin-script data (receipts),
# pocketsphinx with its en-US model (offline speech), DejaVu fonts (summary charts), libgomp1 (Whisper.net) — the
# runtime part of scripts/debian-packages.txt; a test checks this list against the libraries and programs the code loads.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates libssl3 libicu72 tzdata \
      ffmpeg util-linux libtesseract5 liblept5 tesseract-ocr-eng tesseract-ocr-por tesseract-ocr-script-latn \
      libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us fonts-dejavu-core libgomp1 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin finance
WORKDIR /app
# Owned by root and not writable by the user the host runs as: the process cannot change its own code or models.
COPY --from=build /app/ /app/
USER 10001:10001
# The web chat needs no account: it is for trying Finance locally (compose.yaml turns it on, published on
# 127.0.0.1 only). On a public host leave it off or put it behind authentication.
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Finance__WebChat__Enabled=false
EXPOSE 8080
# The host asks its own /health (on the port above) and exits 0 or 1: no shell (dash has no TCP redirection) or curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/app/Finance.Host", "--health"]
ENTRYPOINT ["/app/Finance.Host"]
