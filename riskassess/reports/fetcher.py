"""The deny-by-default URL fetcher of the PDF renderer.

WeasyPrint's default fetcher reads `file://` anywhere and the network. Ours serves:
- `data:` URLs;
- `file:` URLs whose path, once resolved (symlinks and `..` followed), is a file inside the
  project's static/ directory;
and nothing else: no http(s), no ftp, no redirects. Every refused URL is logged.

WeasyPrint is imported lazily (half a second at import): this module is imported by the web process
only through the renderer, which runs in the worker.
"""

import logging
from mimetypes import guess_type
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings

logger = logging.getLogger(__name__)


def static_root() -> Path:
    """The project's own static/ directory (not STATIC_ROOT: collectstatic output is not ours)."""
    return (Path(settings.BASE_DIR) / "static").resolve()


class RefusedURL(ValueError):
    """A URL the report renderer will not fetch."""


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ReportAssetFetcher(URLFetcher):
        def __init__(self, root: Path | None = None):
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=5)
            self.root = (root or static_root()).resolve()

        def fetch(self, url: str, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith("file:"):
                return self.refuse(url, "protocol not allowed")
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return self.refuse(url, "remote file host")
            try:
                path = Path(url2pathname(parts.path)).resolve()
            except (OSError, RuntimeError, ValueError):
                return self.refuse(url, "unresolvable path")
            if not (path.is_relative_to(self.root) and path.is_file()):
                return self.refuse(url, "outside the static directory")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": guess_type(path.name)[0] or ""})

        def refuse(self, url: str, reason: str):
            logger.warning("report renderer refused %s (%s)", url[:300], reason)
            raise RefusedURL(f"{reason}: {url[:300]}")

    return ReportAssetFetcher


_CLASS = None


def report_fetcher(root: Path | None = None):
    """A new deny-by-default fetcher rooted at `root` (default: the project's static/)."""
    global _CLASS
    if _CLASS is None:
        _CLASS = _fetcher_class()
    return _CLASS(root)
