"""Every ``disclosure_*`` setting of ``conf.py``, declared once and validated once.

:data:`SETTINGS` declares each value (name, default, type, rebuild scope, help); Sphinx
registers them from here (:func:`register`) and checks them at ``config-inited``
(:func:`config_inited`); ``sphinx-disclosure check --conf`` reads a site's ``conf.py`` and checks
it with the same :func:`validate`, so a build and a check of the same site apply the same rule
severities, formats and file size limit, and refuse the same mistakes with the same words.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import DEFAULT_MAX_FILE_SIZE, Confinement
from .forms import FormDefinitionError, all_forms
from .messages import Problem, did_you_mean, normalize_language, render, word
from .rules.catalogue import LEVELS, catalogue

DATE_STYLES = ('arabic', 'hanzi')
LATEX_STYLES = ('default', 'gongwen')


@dataclass(frozen=True)
class Setting:
    """One ``disclosure_*`` value: ``rebuild`` is Sphinx's scope (``env``: pages are re-read
    when it changes)."""

    name: str
    default: Any
    types: tuple[type, ...]
    rebuild: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        'disclosure_forms_dirs',
        [],
        (list, tuple),
        'env',
        'folders (relative to conf.py, inside the source directory) of extra report formats',
    ),
    Setting(
        'disclosure_date_style',
        'arabic',
        (str,),
        'env',
        'how the signature writes the date: arabic (2022年1月28日) or hanzi (二〇二二年…)',
    ),
    Setting(
        'disclosure_language',
        None,
        (str, type(None)),
        'env',
        'language of messages (zh_CN or en); None: the language of the site',
    ),
    Setting(
        'disclosure_rule_severity',
        {},
        (dict,),
        'env',
        'severity per rule id: error, warning, advisory or off',
    ),
    Setting(
        'disclosure_max_file_size',
        DEFAULT_MAX_FILE_SIZE,
        (int,),
        'env',
        'largest report, previous-year or forms file that is read, in bytes',
    ),
    Setting(
        'disclosure_latex_defaults',
        True,
        (bool,),
        'env',
        'fill in print settings for a Chinese report where the project set none',
    ),
    Setting(
        'disclosure_latex_style',
        'default',
        (str,),
        'env',
        'the print layout: default (A4, 11 pt, Noto CJK) or gongwen (close to GB/T 9704: '
        '仿宋 3号 body, its margins and page numbers)',
    ),
    Setting(
        'disclosure_pdf_per_report',
        'auto',
        (bool, str),
        'env',
        'one LaTeX document (one PDF) per page that shows a whole report: True, False, or auto '
        "(True, except in Read the Docs' own PDF build, which takes a single document)",
    ),
    Setting(
        'disclosure_blank_note',
        True,
        (bool,),
        'env',
        'under a table with blank cells, a note that the published report left them blank',
    ),
    Setting(
        'disclosure_cjk_linebreaks',
        True,
        (bool,),
        'env',
        'on pages that use the extension, remove a line break between two Chinese characters '
        'of a paragraph (it would show as a space)',
    ),
    Setting(
        'disclosure_pdf_dir',
        '',
        (str,),
        'html',
        'folder (relative to conf.py) where the HTML build finds the per-report PDFs to link and '
        'copy beside their pages; empty: the latex folder beside the HTML output',
    ),
    Setting(
        'disclosure_published',
        '',
        (str,),
        'env',
        'the last published state of the reports, for the corrections check (RC.2, RC.3): a '
        'folder (relative to conf.py) holding the published sources in the same layout, or '
        'git: and a tag or commit (git:v2025.1); empty: not checked',
    ),
    Setting(
        'disclosure_parallel_gc_freeze',
        True,
        (bool,),
        '',
        'in parallel builds (-j), freeze the garbage collector at each fork so that worker '
        'processes do not scan and copy the memory they inherit',
    ),
    Setting(
        'disclosure_version',
        '',
        (str,),
        'html',
        'the version being built (its folder in the tree of sphinx-disclosure versions, e.g. '
        'v2025.1): when set, every HTML page shows the version switcher',
    ),
    Setting(
        'disclosure_versions_url',
        '',
        (str,),
        'html',
        'where the version switcher reads the list of versions, relative to the root of the '
        'version (or absolute); empty: ../versions.json',
    ),
)


class ConfigProblem(Exception):
    """A setting the build cannot go on with (a forms folder outside the site, say)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DisclosureConfig:
    """The validated settings: forms folders absolute, unknown rule ids dropped."""

    forms_dirs: tuple[str, ...] = ()
    date_style: str = 'arabic'
    language: str | None = None
    rule_severity: Mapping[str, str] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    latex_defaults: bool = True
    latex_style: str = 'default'
    pdf_per_report: bool | str = 'auto'
    pdf_dir: str = ''
    blank_note: bool = True
    cjk_linebreaks: bool = True
    parallel_gc_freeze: bool = True
    published: str = ''  # as written: a folder relative to conf.py, or git:REF


def validate(
    values: Mapping[str, Any], *, confdir: str | Path, srcdir: str | Path, language: str
) -> tuple[DisclosureConfig, list[Problem]]:
    """Check the ``disclosure_*`` values of a conf.py.

    Returns the settings to use and the problems to warn about (the offending entry is left
    out); raises :class:`ConfigProblem` for a mistake the build cannot go on with. ``language``
    is the language of the messages.
    """
    get = {s.name: values.get(s.name, s.default) for s in SETTINGS}
    for setting in SETTINGS:
        value = get[setting.name]
        if not isinstance(value, setting.types) or (
            isinstance(value, bool) and bool not in setting.types
        ):
            raise ConfigProblem(
                Problem(
                    'unknown-value',
                    key=setting.name,
                    params={'found': f'“{value!r}”', 'known': (setting.help,), 'suggestion': ''},
                ).format(language)
            )
    size = get['disclosure_max_file_size']
    if size < 1:
        raise ConfigProblem(render(word('usage-max-size', value=str(size)), language))
    problems: list[Problem] = []
    per_report = _switch(get['disclosure_pdf_per_report'])
    if per_report is None:
        problems.append(
            _unknown(
                'disclosure_pdf_per_report',
                get['disclosure_pdf_per_report'],
                ('True', 'False', 'auto'),
            )
        )
        per_report = 'auto'
    date_style = get['disclosure_date_style']
    if date_style not in DATE_STYLES:
        problems.append(_unknown('disclosure_date_style', date_style, DATE_STYLES))
        date_style = 'arabic'
    latex_style = get['disclosure_latex_style']
    if latex_style not in LATEX_STYLES:
        problems.append(_unknown('disclosure_latex_style', latex_style, LATEX_STYLES))
        latex_style = 'default'
    return (
        DisclosureConfig(
            forms_dirs=_forms_dirs(get['disclosure_forms_dirs'], confdir, srcdir, size, language),
            date_style=date_style,
            language=get['disclosure_language'],
            rule_severity=_severities(get['disclosure_rule_severity'], problems),
            max_file_size=size,
            latex_defaults=get['disclosure_latex_defaults'],
            latex_style=latex_style,
            pdf_per_report=per_report,
            pdf_dir=get['disclosure_pdf_dir'],
            blank_note=get['disclosure_blank_note'],
            cjk_linebreaks=get['disclosure_cjk_linebreaks'],
            parallel_gc_freeze=get['disclosure_parallel_gc_freeze'],
            published=_published(get['disclosure_published'], confdir, srcdir, language),
        ),
        problems,
    )


def _published(value: str, confdir: str | Path, srcdir: str | Path, language: str) -> str:
    """``disclosure_published`` checked: a folder that exists, or a git ref of the repository
    that holds the site (so a build of a tag learns at once that the tag before it is
    missing, not once per report)."""
    from .checking import PublishedSource, forget_git

    forget_git()  # a new build: a branch named by git: may have moved
    try:
        source = PublishedSource.parse(value, confdir)
    except ValueError:
        source = None
        error = ('published-bad', {'option': 'disclosure_published', 'value': value.strip()})
    else:
        shown = os.path.basename(os.path.realpath(srcdir))  # the site's folder, not its path
        error = source.problem(srcdir, 'disclosure_published', shown) if source else None
    if error is not None:
        raise ConfigProblem(render(word(error[0], **error[1]), language))
    return value.strip() if source else ''


#: how ``-D name=value`` writes a switch on the command line
_ON, _OFF = ('1', 'true', 'yes', 'on'), ('0', 'false', 'no', 'off')


def _switch(value: Any) -> bool | str | None:
    """True, False or 'auto' from a switch written in conf.py or with ``-D`` (None: neither)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text == 'auto':
        return 'auto'
    if text in _ON:
        return True
    if text in _OFF:
        return False
    return None


def _unknown(key: str, found: Any, known: tuple[str, ...]) -> Problem:
    return Problem(
        'unknown-value',
        key=key,
        params={
            'found': f'“{found}”',
            'known': known,
            'suggestion': did_you_mean(str(found), known, cutoff=0.5),
        },
    )


def _forms_dirs(
    written: list[str], confdir: str | Path, srcdir: str | Path, size: int, language: str
) -> tuple[str, ...]:
    """Absolute forms folders: relative to conf.py, inside the source directory, loadable."""
    confine = Confinement(srcdir, size)
    dirs = []
    for entry in written:
        path = Path(confdir, entry)
        if not confine.contains(path):
            raise ConfigProblem(
                Problem('outside-root', key='disclosure_forms_dirs', params={'path': entry}).format(
                    language
                )
            )
        if not path.is_dir():
            raise ConfigProblem(render(word('usage-no-folder', path=entry), language))
        dirs.append(str(path.resolve()))
    try:
        all_forms(dirs)
    except FormDefinitionError as exc:
        raise ConfigProblem(f'disclosure_forms_dirs: {exc}') from exc
    return tuple(dirs)


def _severities(configured: dict, problems: list[Problem]) -> dict[str, str]:
    """The rule severities with known ids and levels; a problem for every other entry."""
    rules = catalogue()
    clean = {}
    for rule_id, level in configured.items():
        if rule_id not in rules:
            problems.append(_unknown('disclosure_rule_severity', rule_id, tuple(rules)))
        elif rules[rule_id].kind == 'schema':
            problems.append(
                Problem('not-adjustable', key='disclosure_rule_severity', params={'rule': rule_id})
            )
        elif level not in LEVELS:
            problems.append(
                Problem(
                    'unknown-value',
                    key=f'disclosure_rule_severity[{rule_id!r}]',
                    params={'found': f'“{level}”', 'known': LEVELS, 'suggestion': ''},
                )
            )
        else:
            clean[rule_id] = level
    return clean


def message_language(config: Any) -> str:
    """The language of messages: ``disclosure_language``, else the site's ``language``."""
    return normalize_language(config.disclosure_language or config.language)


def register(app: Any) -> None:
    """Declare every setting to Sphinx and check them all once at ``config-inited``."""
    for s in SETTINGS:
        app.add_config_value(s.name, s.default, s.rebuild, types=s.types, description=s.help)
    app.connect('config-inited', config_inited, priority=400)


def config_inited(app: Any, config: Any) -> None:
    """Validate; stop the build with the reason (no traceback) on a fatal mistake; warn about
    the rest and leave it out; write the cleaned values back for the rest of the build."""
    from sphinx.errors import ConfigError
    from sphinx.util import logging

    language = message_language(config)
    values = {s.name: getattr(config, s.name) for s in SETTINGS}
    try:
        settings, problems = validate(
            values, confdir=app.confdir, srcdir=app.srcdir, language=language
        )
    except ConfigProblem as exc:
        raise ConfigError(exc.message) from None
    logger = logging.getLogger(__name__)
    for problem in problems:
        logger.warning(problem.format(language), type='disclosure', subtype=problem.code)
    config.disclosure_forms_dirs = list(settings.forms_dirs)
    config.disclosure_rule_severity = dict(settings.rule_severity)
    config.disclosure_date_style = settings.date_style
    config.disclosure_latex_style = settings.latex_style
    config.disclosure_pdf_per_report = settings.pdf_per_report
    published = settings.published
    if published and not published.startswith('git:'):
        # relative to the source directory from now on, which the directives know
        published = os.path.relpath(Path(app.confdir, published), app.srcdir)
    config.disclosure_published = published


def published_source(config: Any, srcdir: str | os.PathLike[str]) -> Any:
    """The :class:`~sphinx_disclosure.checking.PublishedSource` of a build's
    ``disclosure_published`` (validated at ``config-inited``, a folder made relative to the
    source directory ``srcdir`` there), or None."""
    from .checking import PublishedSource

    return PublishedSource.parse(config.disclosure_published, srcdir)
