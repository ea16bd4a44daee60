"""Writing a file the user named, safely: used by the chat's transcript save and replay's reports.

The bytes go to a temporary file in the target's folder, are flushed to disk (fsync), then
moved into place with one atomic rename, so a crash or a full disk never leaves half a file
where a good one was. The target is checked first and refused when it is a symbolic link
(never followed), a folder, a FIFO (never opened, so nothing blocks), a device such as
/dev/null, or a socket. An existing regular file is replaced only when the caller says so.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

PRIVATE_MODE = 0o600
"""Permissions of a file that holds a user's words (a chat transcript, a replay report with its
questions): readable and writable by its owner only."""


TEMPORARY_ATTEMPTS = 100  # names tried for the temporary file before giving up
# a new file only (never an existing one, never through a link), closed across exec
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class UnsafeTarget(Exception):
    """The target cannot be written safely; ``str()`` is a message for the user."""


class TargetExists(UnsafeTarget):
    """The target is an existing file and replacing it was not confirmed."""


def check_target(path: Path | str) -> bool:
    """True when ``path`` is an existing regular file (replacing it needs a confirmation),
    False when nothing is there yet. Raises UnsafeTarget for anything else."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise UnsafeTarget(f"{path}: the folder {path.parent} does not exist") from None
        return False
    except OSError as error:
        raise UnsafeTarget(f"{path}: {error.strerror or error}") from None
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        raise UnsafeTarget(f"{path} is a symbolic link; refusing to follow it, "
                           "give the real file's name")
    if stat.S_ISDIR(mode):
        raise UnsafeTarget(f"{path} is a folder, not a file")
    if not stat.S_ISREG(mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else
                "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        raise UnsafeTarget(f"{path} is {kind}; only a regular file can be written")
    return True


def _default_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_file(path: Path | str, data: bytes | str, *, replace: bool = False,
               mode: int | None = None) -> None:
    """Write ``data`` (text is encoded as UTF-8, in full, before anything is written) to
    ``path``. ``replace`` allows an existing regular file to be replaced; ``mode`` defaults to
    the usual permissions (0666 less the umask) and is set before the data is written.

    Raises TargetExists, UnsafeTarget, or OSError (e.g. a full disk); the target is then as
    it was."""
    if isinstance(data, str):
        data = data.encode("utf-8")  # raises here, before any file is touched
    with SafeWriter(path, replace=replace, mode=mode) as handle:
        handle.write(data)


class SafeWriter:
    """A file written piece by piece, as safely as ``write_file``: the pieces go to a temporary
    file beside the target, which is flushed to disk and renamed into place only when the
    ``with`` block ends without an exception (and ``commit`` was not skipped by one); on any
    exception the temporary file is removed and the target is as it was.

        with SafeWriter("report.json", replace=True) as out:
            out.write(b"...")
    """

    def __init__(self, path: Path | str, *, replace: bool = False, mode: int | None = None) -> None:
        self.path = Path(path)
        self.replace = replace
        self.mode = mode
        self._handle: BinaryIO | None = None
        self._temporary: str | None = None

    def __enter__(self) -> SafeWriter:
        exists = check_target(self.path)
        if exists and not self.replace:
            raise TargetExists(f"{self.path} already exists")
        descriptor = self._create_temporary()
        try:
            os.fchmod(descriptor, _default_mode() if self.mode is None else self.mode)
            self._handle = os.fdopen(descriptor, "wb")
        except BaseException:
            os.close(descriptor)
            self._discard()
            raise
        return self

    def _create_temporary(self) -> int:
        """Create the temporary file under a name chosen first, so that a signal arriving as it
        is made (a SIGTERM raising SystemExit right after the file appears) still finds the name
        and removes the file; `tempfile.mkstemp` returns the name only after the file exists."""
        for _ in range(TEMPORARY_ATTEMPTS):
            self._temporary = str(self.path.parent / f".{self.path.name}.{secrets.token_hex(4)}.tmp")
            try:
                return os.open(self._temporary, _CREATE_FLAGS, PRIVATE_MODE)
            except FileExistsError:
                self._temporary = None  # someone else's file: never removed
            except BaseException:
                self._discard()  # made, perhaps, before the signal or error struck
                raise
        raise FileExistsError(f"no free temporary name beside {self.path}")

    def write(self, data: bytes) -> None:
        assert self._handle is not None, "write inside the with block"
        self._handle.write(data)

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        handle, temporary = self._handle, self._temporary
        assert handle is not None and temporary is not None, "__exit__ after __enter__"
        if kind is not None:
            _close_quietly(handle)  # a full disk fails the last flush too: discard all the same
            self._discard()
            return
        try:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            check_target(self.path)  # again, as late as possible: it may have changed meanwhile
            if self.replace:
                os.replace(temporary, self.path)  # renames over a link itself, never through it
            else:
                _link_new(temporary, self.path)
        except BaseException:
            _close_quietly(handle)
            self._discard()
            raise
        _sync_folder(self.path.parent)

    def _discard(self) -> None:
        if self._temporary is None:
            return
        try:
            os.unlink(self._temporary)
        except (FileNotFoundError, TypeError):
            pass


def _close_quietly(handle: BinaryIO) -> None:
    """Close a file being discarded; the error that made us discard it is the one reported."""
    try:
        handle.close()
    except OSError:
        pass


def _link_new(temporary: str, path: Path) -> None:
    """Put ``temporary`` in place only if ``path`` still does not exist (atomically where the
    file system supports hard links)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise TargetExists(f"{path} already exists") from None
    except OSError:  # no hard links here (some network or FAT file systems)
        if os.path.lexists(path):
            raise TargetExists(f"{path} already exists") from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
