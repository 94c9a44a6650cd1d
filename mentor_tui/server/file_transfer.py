"""Read-only SFTP (and legacy scp downloads) of one person's outbox under `serve`.

The person is the one whose key authenticated the connection; the outbox is their
`<data dir>/outbox/<person id>` and appears to them as `/`. Reading and listing work
inside it only. Every change (write, upload, mkdir, remove, rename, setstat, links) and
every path that resolves outside it (`..`, an absolute path, a symlink planted inside) is
refused with a permission error: a person never reads, writes or lists any file outside
their own outbox, whatever the client sends (docs/architecture.md, trust model).
"""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO, NoReturn

import asyncssh
from asyncssh.constants import (
    ACE4_READ_ATTRIBUTES,
    ACE4_READ_DATA,
    FXF_OPEN_EXISTING,
    FXF_READ,
)

READ_ONLY = "The outbox is read-only: files can only be downloaded."
OUTSIDE = "Only files in your outbox can be reached."


def _deny(*_args: object, **_kwargs: object) -> NoReturn:
    raise asyncssh.SFTPPermissionDenied(READ_ONLY)


class OutboxSFTPServer(asyncssh.SFTPServer):
    """asyncssh's chroot, made strict: links are not followed out, nothing is written."""

    def __init__(self, chan: asyncssh.SSHServerChannel[bytes], outbox: Path) -> None:
        super().__init__(chan, chroot=os.fsencode(outbox))
        # asyncssh stores the chroot resolved; compare against the same resolved form.
        self._root = os.fsencode(os.path.realpath(outbox))

    def _inside(self, local: bytes) -> bool:
        return local == self._root or local.startswith(self._root + b"/")

    def map_path(self, path: bytes) -> bytes:
        local = super().map_path(path)
        # A symlink inside the outbox (the app never makes one) must not lead out of it.
        if not self._inside(os.path.realpath(local)):
            raise asyncssh.SFTPPermissionDenied(OUTSIDE)
        return local

    # -- reading ---------------------------------------------------------------------------

    def open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs) -> BinaryIO:
        if pflags & ~FXF_READ:
            raise asyncssh.SFTPPermissionDenied(READ_ONLY)
        return self._open_for_reading(path)

    def open56(
        self, path: bytes, desired_access: int, flags: int, attrs: asyncssh.SFTPAttrs
    ) -> BinaryIO:
        if desired_access & ~(ACE4_READ_DATA | ACE4_READ_ATTRIBUTES) or flags != FXF_OPEN_EXISTING:
            raise asyncssh.SFTPPermissionDenied(READ_ONLY)
        return self._open_for_reading(path)

    def _open_for_reading(self, path: bytes) -> BinaryIO:
        fd = os.open(self.map_path(path), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise asyncssh.SFTPPermissionDenied("Only files can be downloaded.")
            os.set_blocking(fd, True)
            return os.fdopen(fd, "rb", buffering=0)
        except BaseException:
            os.close(fd)
            raise

    async def scandir(self, path: bytes) -> AsyncIterator[asyncssh.SFTPName]:
        local = self.map_path(path)
        for name in (b".", b".."):
            # `..` of the outbox is the outbox itself (the chroot), never its parent.
            yield asyncssh.SFTPName(name, attrs=asyncssh.SFTPAttrs.from_local(os.stat(local)))
        with os.scandir(local) as entries:
            for entry in entries:
                # Half-written temporary files start with a dot; links and folders are
                # not something the app puts here.
                if entry.name.startswith(b".") or not entry.is_file(follow_symlinks=False):
                    continue
                attrs = asyncssh.SFTPAttrs.from_local(entry.stat(follow_symlinks=False))
                yield asyncssh.SFTPName(entry.name, attrs=attrs)

    def readlink(self, path: bytes) -> bytes:
        raise asyncssh.SFTPPermissionDenied(OUTSIDE)

    def statvfs(self, path: bytes) -> NoReturn:
        raise asyncssh.SFTPPermissionDenied(OUTSIDE)

    def fstatvfs(self, file_obj: object) -> NoReturn:
        raise asyncssh.SFTPPermissionDenied(OUTSIDE)

    def exit(self) -> None:
        # asyncssh closes an sftp channel without an exit status; scp (which speaks SFTP
        # since OpenSSH 9.0) reads that as a failure even when the copy worked.
        if self.channel.get_subsystem() == "sftp":
            self.channel.exit(0)

    # -- every change is refused -----------------------------------------------------------

    write = _deny
    setstat = _deny
    lsetstat = _deny
    fsetstat = _deny
    remove = _deny
    mkdir = _deny
    rmdir = _deny
    rename = _deny
    posix_rename = _deny
    symlink = _deny
    link = _deny
    lock = _deny
    unlock = _deny
    fsync = _deny
