"""The published JSON Schema is generated from the Pydantic models, never hand-written."""

from __future__ import annotations

from typing import Any

from .models import SCHEMA_VERSION, Bulletin

SCHEMA_ID = "https://bulletin-extract.invalid/schema/bulletin-1.0.json"


def bulletin_schema() -> dict[str, Any]:
    schema = Bulletin.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = f"bulletin-extract output, schema_version {SCHEMA_VERSION}"
    return schema
