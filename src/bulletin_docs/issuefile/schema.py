"""The JSON Schema of format v1 (issue.schema.json, shipped in the package) into text and data."""

from __future__ import annotations

import datetime as _dt
import json
from importlib import resources
from typing import Any

SCHEMA_FILE = "issue.schema.json"


def schema_text() -> str:
    """The schema exactly as shipped (draft 2020-12, Chinese descriptions)."""
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The schema as a dict, ready for ``jsonschema.Draft202012Validator``."""
    data: dict[str, Any] = json.loads(schema_text())
    return data


def json_ready(value: Any) -> Any:
    """YAML data as JSON sees it: dates (2020-04-15 reads as a date) become ISO strings."""
    if isinstance(value, dict):
        return {str(k) if isinstance(k, _dt.date) else k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value
