# syntax=docker/dockerfile:1
# One image for every Dentalink process: the six services and the gateway. The command picks the
# process, as deploy/local/stack.sh starts it (deploy/compose/compose.yaml and deploy/k8s give each
# its command), e.g.
#   docker run … dentalink uvicorn --factory ins_service.main:build --host 0.0.0.0 --port 8101 \
#     --no-access-log --timeout-graceful-shutdown 20 --reset-contextvars --timeout-keep-alive 75 --workers 1
# with INS_ADMIN_PORT=9101 and INS_ADMIN_HOST=0.0.0.0 for /metrics (admin port = port + 1000).
# The default command is the gateway's.
#
# It runs as user 10001 and writes nothing outside /tmp and mounted volumes, so it runs with a
# read-only root filesystem: bytecode is compiled at build time and never written at run time.
# Build from the repository root: docker build -t dentalink .

# Both stages on the same base: the virtual environment's interpreter is the base's /usr/local/bin.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
# uv from PyPI, the version the Makefile's bootstrap resolves today (uv.lock is written by it).
ARG UV_VERSION=0.13.9
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN pip install "uv==${UV_VERSION}"
WORKDIR /app

# The third-party dependencies first, in a layer of their own: a change of code reuses it. Every
# workspace member's pyproject.toml is here (tests/deploy/test_manifests.py checks it against the
# workspace), as `uv sync --locked` refuses a workspace that differs from uv.lock.
COPY pyproject.toml uv.lock ./
COPY contracts/pyproject.toml contracts/
COPY libs/servicekit/pyproject.toml libs/servicekit/
COPY services/ins-service/pyproject.toml services/ins-service/
COPY services/vitale-service/pyproject.toml services/vitale-service/
COPY services/dmp-service/pyproject.toml services/dmp-service/
COPY services/telemed-service/pyproject.toml services/telemed-service/
COPY services/billing-service/pyproject.toml services/billing-service/
COPY services/webhook-service/pyproject.toml services/webhook-service/
COPY gateway/pyproject.toml gateway/
COPY clients/python/pyproject.toml clients/python/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --all-packages --no-install-workspace

# Then the workspace itself: sources and migrations (.dockerignore lets nothing else in). The members
# are installed editable, as under `make up`: each service finds its migrations/ beside its src/.
COPY contracts/ contracts/
COPY libs/ libs/
COPY services/ services/
COPY gateway/ gateway/
COPY clients/python/src/ clients/python/src/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --all-packages \
 && .venv/bin/python -m compileall -q --invalidation-mode unchecked-hash \
    contracts/src libs/servicekit/src services/*/src services/*/migrations gateway/src gateway/migrations \
    clients/python/src

FROM ${PYTHON_IMAGE} AS runtime
# A user of its own, no login, no home. Under /var/lib/dentalink are the mount points of the volumes a
# process writes (deploy/compose's generated keys), owned by that user: a new named volume takes the
# ownership of its mount point.
RUN groupadd --system --gid 10001 dentalink \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin dentalink \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/dentalink /var/lib/dentalink/keys \
    /var/lib/dentalink/public-keys
# Owned by root and read-only for the process: its code cannot be changed by it.
COPY --from=build /app /app
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TMPDIR=/tmp
WORKDIR /app
# Numeric, so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
# Public ports (gateway 8000, services 8101-8106) and their admin ports (+1000: /metrics, a service's /docs).
EXPOSE 8000 8101-8106 9000 9101-9106
CMD ["uvicorn", "--factory", "gateway.main:build", "--host", "0.0.0.0", "--port", "8000", "--no-access-log", \
     "--timeout-graceful-shutdown", "20", "--reset-contextvars", "--timeout-keep-alive", "75", "--workers", "1"]
