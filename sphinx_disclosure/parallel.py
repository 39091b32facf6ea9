"""Parallel builds (``sphinx-build -j N``): what the worker processes inherit.

Sphinx forks a worker per chunk of pages, for reading and again for writing. Each worker
inherits the main process's memory (the environment; while writing, every resolved page waiting
for a worker), and its garbage collector then scans those inherited objects on every full
collection: it is slow, and writing the collector's bookkeeping into them copies every page of
memory the worker would otherwise share. Measured on the benchmark site (300 reports, two
cores), a ``-j 2`` build spent more CPU time than the serial one; with the collector frozen at
each fork it is 1.3 times faster than serial (``docs/performance.rst``).

The remedy is CPython's own recipe for forking servers (see :func:`gc.freeze`): freeze just
before the fork, so the child treats everything it inherits as permanent, and unfreeze in the
parent right after, so the main process collects as before. Nothing else changes: a worker
lives for one chunk, and whatever it inherits is freed when it exits. Only forks made during a
parallel build of a site that loads this extension are affected
(``disclosure_parallel_gc_freeze = False`` turns it off).

Second, the workers share what the main process prepared before forking: the report formats,
the compiled schema checks, the rule and message catalogues (:func:`prepare`). Made in the main
process once, they are not made again in each of the 20 to 30 workers of a 1,000-page build.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from typing import Any

_state = {'freeze': False}


def _before_fork() -> None:
    if _state['freeze']:
        gc.freeze()


def _after_fork_in_parent() -> None:
    if _state['freeze']:
        gc.unfreeze()


if hasattr(os, 'register_at_fork'):  # POSIX; Windows builds do not fork
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent)


def prepare(form_dirs: Iterable[str], language: str) -> None:
    """Make, in this process, what checking and rendering any report needs and would otherwise
    make on first use: the formats, their compiled schema checks, the rule catalogue and the
    message catalogue."""
    from .forms import all_forms
    from .messages import gettext
    from .rules.catalogue import catalogue
    from .schema import prepare as prepare_schema

    forms = all_forms(form_dirs)
    prepare_schema(forms)
    catalogue()
    gettext('', language)


def builder_inited(app: Any) -> None:
    """``builder-inited``: in a parallel build, prepare the caches and freeze at forks."""
    from .config import message_language

    parallel = getattr(app, 'parallel', 1) > 1
    _state['freeze'] = parallel and app.config.disclosure_parallel_gc_freeze
    if parallel:
        prepare(app.config.disclosure_forms_dirs, message_language(app.config))


def build_finished(app: Any, exception: Exception | None) -> None:
    """``build-finished``: forks after the build (another application in the same process)
    are left alone."""
    _state['freeze'] = False


def setup(app: Any) -> None:
    app.connect('builder-inited', builder_inited)
    app.connect('build-finished', build_finished)
