# Finance host on Debian. Build the app first (it is self-contained, so the image needs no .NET):
#   dotnet publish src/Finance.Host -c Release -r linux-x64 --self-contained -o artifacts/host
#   docker build -t finance .
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates libicu72 tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --uid 10001 finance
WORKDIR /app
COPY --chown=finance artifacts/host/ /app/
USER finance
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 DOTNET_gcServer=0
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ok <&3"]
ENTRYPOINT ["/app/Finance.Host"]
