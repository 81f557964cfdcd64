# Glubina inference server: `glubina serve` on the Open Inference Protocol (KServe v2), models from /models.
#   docker build -t glubina-serve .
#   docker run --rm -p 8080:8080 -v "$PWD/models:/models:ro" glubina-serve
# See docs/deploy.md. Two stages: the SDK image builds and publishes the CLI; the small ASP.NET Core runtime
# image runs it as a non-root user.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
# Set by `docker buildx` (amd64 or arm64); the publish targets that Linux runtime only, so the image carries one
# platform's native libraries (ONNX Runtime among them), not every platform's.
ARG TARGETARCH=amd64
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN rid="linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" \
    && dotnet publish src/Glubina.Cli/Glubina.Cli.csproj -c Release -r "$rid" --self-contained false -o /app \
       -p:UseAppHost=true -p:DebugType=none -p:GenerateDocumentationFile=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
# curl only for the health check below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
RUN ln -s /app/Glubina.Cli /usr/local/bin/glubina \
    && mkdir -p /models \
    && chown "$APP_UID" /models
# The model folder: <name>/<version>/model.safetensors or <name>.safetensors; watched, so replacing a file
# reloads that model without a restart.
VOLUME ["/models"]
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
EXPOSE 8080
# The non-root user that the .NET images provide (UID 1654).
USER $APP_UID
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/v2/health/ready || exit 1
ENTRYPOINT ["glubina"]
CMD ["serve", "--model", "/models", "--host", "0.0.0.0", "--port", "8080"]
