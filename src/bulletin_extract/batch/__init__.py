"""Archive batch processing: a folder tree of bulletins -> per-file JSON, JSONL, CSV tables.

One module a concept: `discover` (which files), `manifest` (what happened to each,
and whether it can be skipped), `work` (one file, inside a worker process),
`runner` / `dask_runner` (where the work runs), `writers` (outputs),
`progress` (what the user sees), `archive` (the run, start to end).
"""

from __future__ import annotations

from .archive import BatchOptions, BatchSummary, process_archive

__all__ = ["BatchOptions", "BatchSummary", "process_archive"]
