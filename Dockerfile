# Finance host on Debian, as a non-root user. Build the app first (self-contained, so the image needs no
# .NET of its own):
#   dotnet publish src/Finance.Host -c Release -r linux-x64 --self-contained -o artifacts/host
#   docker build -t finance .
FROM debian:bookworm-slim
# The engines the host runs: ffmpeg (voice notes), Tesseract with English and Portuguese data (receipts),
# pocketsphinx with its en-US model (offline speech), DejaVu fonts (summary charts).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates libicu72 tzdata \
      ffmpeg libtesseract5 liblept5 tesseract-ocr-eng tesseract-ocr-por \
      libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --uid 10001 finance
WORKDIR /app
COPY --chown=finance artifacts/host/ /app/
USER finance
# The web chat needs no account: it is for trying Finance locally. Turn it on only behind authentication.
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Finance__WebChat__Enabled=false
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ok <&3"]
ENTRYPOINT ["/app/Finance.Host"]
