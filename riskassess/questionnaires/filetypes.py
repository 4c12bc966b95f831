"""What an uploaded evidence file is, judged by its content, and whether an archive is safe to keep.

Browser and API uploads both go through `riskassess.questionnaires.services.evidence_add_file`,
which calls `file_kind` (the allow-list by extension) and `content_problem` (the content check).

ZIP-based formats (DOCX, XLSX, ODT) are inspected with bounded reads, never decompressed in full:

- the central directory is read first (its size is bounded by the upload cap): the number of
  entries, each entry's declared uncompressed size, their total and the compression ratio are
  checked against the EVIDENCE_ZIP_* settings before a single byte is inflated;
- then every entry is streamed through the decompressor in small chunks, counting what comes out,
  and refused as soon as it passes its declared size or the caps: a lying header cannot make memory
  or time grow past EVIDENCE_ZIP_MAX_TOTAL_BYTES of inflation (memory stays at one chunk);
- the `mimetype` entry of an OpenDocument file is read only up to 100 bytes.

A 2 MB ODT whose `mimetype` inflates to 2 GiB is therefore refused from its directory, at once.
"""

import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    kind: str
    label: str
    content_type: str


# extension -> kind, label with its article, stored content type
TYPES: dict[str, FileKind] = {
    "pdf": FileKind("pdf", "a PDF", "application/pdf"),
    "png": FileKind("png", "a PNG image", "image/png"),
    "jpg": FileKind("jpeg", "a JPEG image", "image/jpeg"),
    "jpeg": FileKind("jpeg", "a JPEG image", "image/jpeg"),
    "txt": FileKind("text", "a text file", "text/plain"),
    "csv": FileKind("text", "a CSV file", "text/csv"),
    "docx": FileKind(
        "docx", "a Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xlsx": FileKind("xlsx", "an Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": FileKind("odt", "an OpenDocument text", "application/vnd.oasis.opendocument.text"),
    "xml": FileKind("xml", "an XML file", "application/xml"),
}
ACCEPTED_TYPES_TEXT = "PDF, PNG, JPEG, TXT, CSV, DOCX, XLSX, ODT or XML"
ZIP_KINDS = ("docx", "xlsx", "odt")
_MARKUP_RE = re.compile(rb"<\s*(!doctype\s+html|html|script|svg|iframe|object|embed|body|head|meta)\b", re.I)
_CHUNK = 64 * 1024
# Below this many uncompressed bytes an entry's ratio is not judged (tiny XML compresses well).
_RATIO_FLOOR_BYTES = 1024 * 1024


class ArchiveRefused(Exception):
    """The archive breaks one of the limits; the message says which, in plain words."""


def file_kind(name: str) -> FileKind | None:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return TYPES.get(ext)


def looks_like_markup(head: bytes) -> bool:
    return bool(_MARKUP_RE.search(head))


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def zip_inspect(fileobj: IO[bytes]) -> tuple[set[str], str]:
    """The entry names of a ZIP archive and the first bytes of its `mimetype` entry (or "").
    Raises ArchiveRefused when the archive breaks a limit, zipfile.BadZipFile when it is no archive."""
    max_entries: int = settings.EVIDENCE_ZIP_MAX_ENTRIES
    max_entry: int = settings.EVIDENCE_ZIP_MAX_ENTRY_BYTES
    max_total: int = settings.EVIDENCE_ZIP_MAX_TOTAL_BYTES
    max_ratio: int = settings.EVIDENCE_ZIP_MAX_RATIO
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as zf:
        infos = zf.infolist()
        if len(infos) > max_entries:
            raise ArchiveRefused(_("This archive holds more than %(n)d files, the limit.") % {"n": max_entries})
        declared_total = 0
        compressed_total = 0
        for info in infos:
            if info.file_size > max_entry:
                raise ArchiveRefused(
                    _("A part of this document would unpack to more than %(size)s, the limit.")
                    % {"size": _mib(max_entry)}
                )
            if info.file_size > _RATIO_FLOOR_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
                raise ArchiveRefused(_("This document is compressed suspiciously well: it looks like an archive bomb."))
            declared_total += info.file_size
            compressed_total += info.compress_size
        if declared_total > max_total:
            raise ArchiveRefused(
                _("This document would unpack to more than %(size)s, the limit.") % {"size": _mib(max_total)}
            )
        if declared_total > _RATIO_FLOOR_BYTES and declared_total > max_ratio * max(compressed_total, 1):
            raise ArchiveRefused(_("This document is compressed suspiciously well: it looks like an archive bomb."))
        # The headers can lie: inflate every entry in small chunks and count what really comes out.
        inflated_total = 0
        mimetype = ""
        for info in infos:
            if info.is_dir():
                continue
            inflated = 0
            try:
                with zf.open(info) as entry:
                    while chunk := entry.read(_CHUNK):
                        if info.filename == "mimetype" and inflated == 0:
                            mimetype = chunk[:100].decode("ascii", "replace").strip()
                        inflated += len(chunk)
                        inflated_total += len(chunk)
                        if inflated > info.file_size or inflated > max_entry or inflated_total > max_total:
                            raise ArchiveRefused(
                                _("This document unpacks to more than it declares: it looks like an archive bomb.")
                            )
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                # zipfile stops inflating at the declared size; the checksum then fails.
                raise ArchiveRefused(
                    _("This document is damaged: its content does not match its index. Save it again and retry.")
                ) from exc
        return set(zf.namelist()), mimetype


def content_problem(kind: FileKind, head: bytes, fileobj: IO[bytes]) -> str | None:
    """None when the content is what the name says, else the message that refuses it."""
    mismatch = _("This file says it is %(label)s but its content is not.") % {"label": kind.label}
    k = kind.kind
    if k == "pdf":
        return None if head.startswith(b"%PDF-") else mismatch
    if k == "png":
        return None if head.startswith(b"\x89PNG\r\n\x1a\n") else mismatch
    if k == "jpeg":
        return None if head.startswith(b"\xff\xd8\xff") else mismatch
    if k in ZIP_KINDS:
        if not head.startswith(b"PK\x03\x04"):
            return mismatch
        try:
            names, mimetype = zip_inspect(fileobj)
        except ArchiveRefused as refused:
            return str(refused)
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            zlib.error,
            OSError,
            ValueError,
            KeyError,
            EOFError,
            NotImplementedError,
        ):
            return mismatch
        finally:
            fileobj.seek(0)
        if k == "docx":
            ok = "[Content_Types].xml" in names and "word/document.xml" in names
        elif k == "xlsx":
            ok = "[Content_Types].xml" in names and "xl/workbook.xml" in names
        else:
            ok = mimetype == "application/vnd.oasis.opendocument.text"
        return None if ok else mismatch
    if k == "xml":
        stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        return None if stripped.startswith(b"<?xml") and not looks_like_markup(head) else mismatch
    if k == "text":
        return None if b"\x00" not in head and not looks_like_markup(head) else mismatch
    return mismatch
