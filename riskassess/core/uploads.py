"""Uploaded files larger than EVIDENCE_MAX_BYTES are counted, not kept.

Django's upload handlers write a whole upload to a temporary file before any view sees it, so a
2 GB file was stored in full only to be refused. SizeCappedUploadHandler comes first in
FILE_UPLOAD_HANDLERS: once a file passes the cap it keeps counting its bytes but passes none on,
so the memory and disk handlers after it hold at most the cap; the file then arrives as an empty
OversizeUpload whose `size` is what was received, and the evidence service refuses it with its
usual message ("The file is larger than 20 MB, the limit ...").
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizeUpload(UploadedFile):
    """A file that was too large: its name and size, no content."""

    def __init__(self, *, name: str, size: int, content_type: str | None):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class SizeCappedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.EVIDENCE_MAX_BYTES:
            self.over = True
        # None: the handlers after this one do not see the chunk.
        return None if self.over else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.over:
            return OversizeUpload(name=self.file_name or "", size=self.received, content_type=self.content_type)
        return None  # the next handler (memory or temporary file) has the whole file
