"""The service's settings: one object the CLI fills and the app reads."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

API_KEY_ENV = "BULLETIN_EXTRACT_API_KEY"


@dataclass(frozen=True)
class ServiceSettings:
    host: str = "127.0.0.1"  # loopback unless told otherwise: the service has no TLS of its own
    port: int = 8000
    workers: int = 2
    timeout: float = 120.0  # seconds per extraction before its worker is killed
    max_upload_mb: float = 50.0
    max_queue: int = 16  # jobs that may wait for a worker; more get 503
    use_ner: bool = True  # workers load the NER model (a request may still say ner=false)
    model_path: str | None = None
    api_key: str | None = field(default_factory=lambda: os.environ.get(API_KEY_ENV) or None, repr=False)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 2**20)
