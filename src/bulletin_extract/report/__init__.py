"""Self-contained HTML review pages: one per bulletin, and an index for a batch.

write_report(bulletin, "issue8.html")            # bulletin extracted with include_text=True
write_index([IndexEntry.from_bulletin("a.pdf", b, "a.html"), IndexEntry.failed("b.pdf", "…")],
            "index.html")
"""

from .report import IndexEntry, render_index, render_report, write_index, write_report

__all__ = ["IndexEntry", "render_index", "render_report", "write_index", "write_report"]
