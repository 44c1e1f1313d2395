"""Keeping a read upload between the preview and the confirm.

Choice (see docs/import.md): the parsed rows, not the original file, are written as one
signed and compressed text file under ``imports/`` in the default file storage (MEDIA_ROOT
on one machine, the shared object store in production, so any app server can finish what
another started). The URL carries a random token; the file's name is a keyed hash of that
token, so the name cannot be derived from the URL and ``/media/`` never serves it by a
guessable path. The signed content names the user and association that uploaded it:
anyone else gets "not found". Uploads expire after a day and are pruned on the next upload;
after an import the rows are dropped from the file and only the summary stays.

The session was not used: a thousand rows of names and e-mail addresses would be read and
written with every request of the admin's session.
"""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.crypto import salted_hmac

from mysam.organisation.transfer.reading import ParsedFile, ParsedRow

SALT = "mysam.organisation.transfer.upload"
DIRECTORY = "imports"
MAX_AGE = datetime.timedelta(days=1)
# A stored upload is at most this large (the parsed rows of a 5 MB file, compressed).
MAX_STORED_BYTES = 16 * 1024 * 1024
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass
class StoredUpload:
    token: str
    user_id: int
    association_id: int
    file_name: str
    columns: list[str]
    ignored_headers: list[str]
    uploaded_at: str
    rows: list[ParsedRow] = field(default_factory=list)
    result: dict[str, Any] | None = None

    @property
    def imported(self) -> bool:
        return self.result is not None


def _name(token: str) -> str:
    return f"{DIRECTORY}/{salted_hmac(SALT, token).hexdigest()}.txt"


def _write(upload: StoredUpload) -> None:
    payload = {
        "u": upload.user_id,
        "a": upload.association_id,
        "f": upload.file_name,
        "c": upload.columns,
        "i": upload.ignored_headers,
        "t": upload.uploaded_at,
        "r": [[row.number, row.values] for row in upload.rows],
        "x": upload.result,
    }
    text = signing.dumps(payload, salt=SALT, compress=True)
    name = _name(upload.token)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(text.encode("ascii")))


def upload_save(parsed: ParsedFile, *, user_id: int, association_id: int) -> StoredUpload:
    """Store a read file for its uploader; returns it with its new random token."""
    upload = StoredUpload(
        token=secrets.token_urlsafe(24),
        user_id=user_id,
        association_id=association_id,
        file_name=parsed.file_name[:200],
        columns=parsed.columns,
        ignored_headers=parsed.ignored_headers,
        uploaded_at=timezone.now().isoformat(timespec="seconds"),
        rows=parsed.rows,
    )
    _write(upload)
    return upload


def upload_load(token: str, *, user_id: int, association_id: int) -> StoredUpload | None:
    """The stored upload of this token, or None if it does not exist, has expired, was
    tampered with, or belongs to another user or association."""
    if not _TOKEN.match(token or ""):
        return None
    name = _name(token)
    try:
        if default_storage.size(name) > MAX_STORED_BYTES:
            return None
        with default_storage.open(name, "rb") as handle:
            text = handle.read().decode("ascii")
        payload = signing.loads(text, salt=SALT, max_age=MAX_AGE)
    except (OSError, UnicodeDecodeError, signing.BadSignature):
        return None
    if payload.get("u") != user_id or payload.get("a") != association_id:
        return None
    return StoredUpload(
        token=token,
        user_id=payload["u"],
        association_id=payload["a"],
        file_name=payload["f"],
        columns=payload["c"],
        ignored_headers=payload["i"],
        uploaded_at=payload["t"],
        rows=[ParsedRow(number=n, values=v) for n, v in payload["r"]],
        result=payload["x"],
    )


def upload_mark_imported(upload: StoredUpload, result: dict[str, Any]) -> None:
    """Replace the stored rows by the import's summary (the people's data is not kept)."""
    upload.rows = []
    upload.result = result
    _write(upload)


def uploads_prune(*, older_than: datetime.timedelta = MAX_AGE) -> int:
    """Delete stored uploads older than ``older_than``; returns how many were removed."""
    try:
        _dirs, files = default_storage.listdir(DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    limit = timezone.now() - older_than
    removed = 0
    for file_name in files:
        name = f"{DIRECTORY}/{file_name}"
        try:
            if default_storage.get_modified_time(name) < limit:
                default_storage.delete(name)
                removed += 1
        except OSError:
            continue
    return removed
