"""`bulletin-extract serve`: uvicorn in this process, extraction in the worker pool."""

from __future__ import annotations

from .settings import ServiceSettings


def serve(settings: ServiceSettings) -> None:
    import uvicorn

    from .app import create_app

    # one uvicorn process: the parallelism is the worker pool, not uvicorn workers
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info",
                access_log=True, server_header=False)
