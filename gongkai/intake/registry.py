"""The importers of the platform: each domain app registers its own in ``AppConfig.ready``.

An importer names its key (also the scope of its API tokens, e.g. ``air.observations``), a label,
the permission a user needs to upload (and to manage its tokens), the function that processes a
job in the worker, and its mode: ``all_or_nothing`` (any row error rejects the whole file) or
``per_row`` (clean rows are stored, the others are listed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ALL_OR_NOTHING = "all_or_nothing"
PER_ROW = "per_row"


@dataclass(frozen=True)
class Importer:
    key: str
    label: Any  # str or lazy translation
    permission: str
    process: Callable  # process(ctx: gongkai.intake.runner.JobContext) -> str (summary)
    mode: str = ALL_OR_NOTHING
    api: bool = False  # True: data sources may hold API tokens scoped to this importer
    max_rows: int | None = None
    upload_url: str = ""  # URL name of the upload page, linked from the job page

    def __post_init__(self):
        if self.mode not in (ALL_OR_NOTHING, PER_ROW):
            raise ValueError(f"importer {self.key}: mode must be {ALL_OR_NOTHING!r} or {PER_ROW!r}")


_importers: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    existing = _importers.get(importer.key)
    if existing is not None and existing != importer:
        raise ValueError(f"importer {importer.key!r} is already registered")
    _importers[importer.key] = importer
    return importer


def get(key: str) -> Importer | None:
    return _importers.get(key)


def all_importers() -> list[Importer]:
    return sorted(_importers.values(), key=lambda importer: importer.key)


def token_scopes() -> list[Importer]:
    return [importer for importer in all_importers() if importer.api]
