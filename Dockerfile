# Platform.Insights host image: `insights serve` (embedded by default; cluster mode with Insights__Mode=Cluster).
#   docker build -t platform-insights:dev .
#   docker run -p 5080:5080 -v insights-data:/data platform-insights:dev
# Not built on the development machines (no container engine there); see deploy/README.md.

# --- build: restore and publish with the SDK; only the publish output goes on.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer is reused while only sources change.
COPY Directory.Build.props Directory.Packages.props global.json BannedSymbols.txt ./
COPY ingest/Platform.Insights.Ingest.csproj ingest/
COPY analytics/Platform.Insights.Analytics.csproj analytics/
COPY reports/Platform.Insights.Reports.csproj reports/
COPY dashboards/Platform.Insights.Dashboards.csproj dashboards/
COPY cleanup/Platform.Insights.Cleanup.csproj cleanup/
COPY demo/Platform.Insights.Demo.csproj demo/
COPY host/Platform.Insights.Host.csproj host/
# linux-x64 + ReadyToRun: the image starts with precompiled code, which cut a CLI command's CPU by a third and a cold
# server's remote-write CPU per sample by ~12-17 % here (BENCHMARKS.md §22b); framework-dependent, so the aspnet base serves it.
RUN dotnet restore host/Platform.Insights.Host.csproj -r linux-x64 -p:PublishReadyToRun=true
COPY . .
RUN dotnet publish host/Platform.Insights.Host.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true --no-restore -o /app

# --- runtime: the ASP.NET runtime only, running as the image's unprivileged `app` user (uid 1654).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for the health check; nothing else is installed (report PDFs need chromium: build a derived image for that).
# /lake is created here, owned by `app`, so an empty named volume mounted there (deploy/compose.yaml) takes that owner.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && install -d -o app -g app /data /lake
WORKDIR /app
COPY --from=build /app ./
ENV Insights__Data=/data \
    Insights__Server__Urls=http://0.0.0.0:5080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER app
# /lake: cluster mode's shared Parquet lake (Insights:Lake:Root=/lake in deploy/), owned by `app` so a fresh named
# volume mounted there is writable by the silo (Docker copies the image directory's owner into an empty volume).
VOLUME /data /lake
# 5080 HTTP API and /metrics; 11111 silo-to-silo; 30000 Orleans gateway (cluster mode).
EXPOSE 5080 11111 30000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:5080/healthz || exit 1
ENTRYPOINT ["dotnet", "/app/insights.dll"]
CMD ["serve"]
