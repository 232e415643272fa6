"""Files that hold personal data or secrets are readable by their owner only.

The SQLite database (names, phone numbers, webhook signing secrets) is
created 0600 and the `.sety/` folder (the development admin key) 0700;
an existing file or folder that is open to others is narrowed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = stat.S_IRUSR | stat.S_IWUSR  # 0600
DIR_MODE = stat.S_IRWXU  # 0700


def _narrow(path: Path, mode: int) -> None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & (stat.S_IRWXG | stat.S_IRWXO):
        os.chmod(path, mode)


def private_file(path: str | os.PathLike[str]) -> Path:
    """Create `path` empty with mode 0600 if missing (narrow it if open to others)."""
    p = Path(path)
    if not p.exists():
        fd = os.open(p, os.O_CREAT | os.O_WRONLY | os.O_EXCL, FILE_MODE)
        os.close(fd)
    _narrow(p, FILE_MODE)
    return p


def private_dir(path: str | os.PathLike[str]) -> Path:
    """Create the folder `path` with mode 0700 if missing (narrow it if open to others)."""
    p = Path(path)
    p.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _narrow(p, DIR_MODE)
    return p


def sqlite_path(url: str) -> Path | None:
    """The file behind a `sqlite:///…` URL (None for memory databases and other URLs)."""
    if not url.startswith("sqlite"):
        return None
    rest = url.split(":///", 1)[1] if ":///" in url else ""
    rest = rest.split("?", 1)[0]
    if not rest or rest == ":memory:" or rest.startswith("file::memory:"):
        return None
    return Path(rest)
