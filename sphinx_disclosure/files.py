"""Which files the extension may open, and how much of each it reads.

Report files come from other departments and the site is built unattended, so a path written in
a page or a report (``../../../etc/passwd``, ``previous: /dev/zero``, a report file that is a
symbolic link) must not make the build read, and then quote or publish, a file of the machine.
Every file the extension opens goes through :meth:`Confinement.read`: the path is resolved
(symbolic links included) and must lie inside the confinement's root — the Sphinx source
directory in a build, the folder given to ``sphinx-disclosure check`` (or its ``--root``) on the
command line — be a regular file, and be no larger than the size limit. Otherwise the file is not
opened and the caller gets the reason as a :class:`~sphinx_disclosure.messages.Problem` that names
the path as it was written.

Messages never show the root itself: they end up in published error boxes, and the machine's
folders are nobody's business.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .messages import Problem, excerpt

#: characters of a path named in a message (paths are longer than the excerpts of content)
PATH_EXCERPT = 80

#: the problems :class:`Confinement` reports when a file is not read at all (as opposed to
#: problems inside a report): a file another one names (previous year, unit, published state)
#: that is refused is not that report's data
UNREADABLE = (
    'file-not-found',
    'file-unreadable',
    'outside-root',
    'link-outside',
    'is-a-folder',
    'not-a-regular-file',
    'file-too-large',
)

#: default of ``disclosure_max_file_size``: a report is 5–50 KB; a file of megabytes is not one
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024


@dataclass(frozen=True)
class Confinement:
    """The folder files must lie in, and the largest file that is read."""

    root: Path
    max_size: int = DEFAULT_MAX_FILE_SIZE

    def __post_init__(self) -> None:
        object.__setattr__(self, 'root', Path(os.path.realpath(self.root)))

    @classmethod
    def around(
        cls, path: str | os.PathLike[str], max_size: int = DEFAULT_MAX_FILE_SIZE
    ) -> Confinement:
        """The confinement of a file used on its own: the folder it is in (as written, before
        any symbolic link is followed), so a link out of that folder is refused."""
        return cls(Path(os.path.abspath(path)).parent, max_size)

    def contains(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path``, once every symbolic link is followed, lies inside the root."""
        return Path(os.path.realpath(path)).is_relative_to(self.root)

    def refusal(
        self,
        path: str | os.PathLike[str],
        written: str,
        *,
        display: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> tuple[Path | None, Problem | None]:
        """The resolved path when the file may be opened, else the problem that says why not.

        ``written`` is the path as the author wrote it (named in the message); ``display``,
        ``line`` and ``key`` locate the message (the file that names the path).
        """
        where, written = _located(written, display, line, key)
        absolute = Path(os.path.abspath(path))
        resolved = Path(os.path.realpath(absolute))
        if not resolved.is_relative_to(self.root):
            # never say whether a file outside exists: the answer is itself information
            code = 'link-outside' if absolute.is_relative_to(self.root) else 'outside-root'
            return None, Problem(code, **where, params={'path': written})
        try:
            st = resolved.stat()
        except FileNotFoundError:
            return None, Problem('file-not-found', **where, params={'file': written})
        except OSError as exc:
            return None, Problem(
                'file-unreadable',
                **where,
                params={'file': written, 'reason': exc.strerror or exc.__class__.__name__},
            )
        if not stat.S_ISREG(st.st_mode):
            code = 'is-a-folder' if stat.S_ISDIR(st.st_mode) else 'not-a-regular-file'
            return None, Problem(code, **where, params={'path': written})
        if st.st_size > self.max_size:
            return None, Problem(
                'file-too-large',
                **where,
                params={'path': written, **_sizes(st.st_size, self.max_size)},
            )
        return resolved, None

    def read(
        self,
        path: str | os.PathLike[str],
        written: str,
        *,
        display: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> tuple[bytes | None, Problem | None]:
        """The file's bytes, or why it is not read. At most ``max_size`` bytes are ever read,
        even if the file grows or is swapped for another between the check and the read."""
        resolved, problem = self.refusal(path, written, display=display, line=line, key=key)
        if problem is not None:
            return None, problem
        where, written = _located(written, display, line, key)
        flags = os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0) | getattr(os, 'O_NONBLOCK', 0)
        try:
            fd = os.open(resolved, flags | getattr(os, 'O_CLOEXEC', 0))
        except OSError as exc:
            return None, Problem(
                'file-unreadable',
                **where,
                params={'file': written, 'reason': exc.strerror or exc.__class__.__name__},
            )
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None, Problem('not-a-regular-file', **where, params={'path': written})
            chunks, size = [], 0
            while size <= self.max_size:
                chunk = os.read(fd, min(1 << 16, self.max_size + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as exc:
            return None, Problem(
                'file-unreadable',
                **where,
                params={'file': written, 'reason': exc.strerror or exc.__class__.__name__},
            )
        finally:
            os.close(fd)
        if size > self.max_size:
            return None, Problem(
                'file-too-large', **where, params={'path': written, **_sizes(size, self.max_size)}
            )
        return b''.join(chunks), None


def _located(
    written: str, display: str | None, line: int | None, key: str | None
) -> tuple[dict, str]:
    """Where a message about a file is located (the file naming it, or the path itself), and
    the path as written, shortened: both may be as long as a hostile file makes them."""
    shown = display if display is not None else written
    return {'file': excerpt(shown, PATH_EXCERPT), 'line': line, 'key': key}, excerpt(
        written, PATH_EXCERPT
    )


def _sizes(size: int, limit: int) -> dict[str, str]:
    """The file's size and the limit, rounded, or in bytes where rounding would make them look
    the same ("2 MiB, more than the limit of 2 MiB")."""
    if _size(size) == _size(limit):
        return {'size': f'{size:,} B', 'limit': f'{limit:,} B'}
    return {'size': _size(size), 'limit': _size(limit)}


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f'{n / (1024 * 1024):.1f} MiB'.replace('.0 ', ' ')
    if n >= 1024:
        return f'{n / 1024:.0f} KiB'
    return f'{n} B'
