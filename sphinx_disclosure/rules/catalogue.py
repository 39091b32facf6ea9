"""The rule catalogue (``catalogue.yaml``): what is checked, how severe, and why.

Loading the catalogue needs nothing but the data file, so the schema can list the rule ids a
report may acknowledge; the engine that evaluates the rules is :mod:`.engine`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..messages import gettext

CATALOGUE = Path(__file__).parent / 'catalogue.yaml'
SEVERITIES = ('error', 'warning', 'advisory')
LEVELS = SEVERITIES + ('off',)
STATUSES = ('F', 'I', 'H')


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    status: str
    title: str
    scope: dict
    basis: str
    message: str
    params: dict = field(default_factory=dict)

    def text(self, which: str, language: str) -> str:
        """The rule's ``title``, ``basis`` or ``message`` in ``language``: written in English in
        the catalogue, translated by the message catalogue like every other message."""
        return gettext(getattr(self, which), language)


def texts() -> dict[str, str]:
    """Every translatable text of the catalogue, by ``"<rule id> <field>"``."""
    return {
        f'{rule.id} {which}': getattr(rule, which)
        for rule in catalogue().values()
        for which in ('title', 'basis', 'message')
    }


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, Rule]:
    """Every rule, by id, in catalogue order."""
    # libyaml's safe loader when PyYAML has it: the same data, read in 2 ms instead of 14 at
    # every start of the command line and of a build
    loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
    entries = yaml.load(CATALOGUE.read_text(encoding='utf-8'), Loader=loader)
    rules = {}
    for entry in entries:
        entry = dict(entry)
        rule = Rule(
            id=entry.pop('id'),
            kind=entry.pop('kind'),
            severity=entry.pop('severity'),
            status=entry.pop('status'),
            title=entry.pop('title'),
            scope=entry.pop('scope'),
            basis=entry.pop('basis'),
            message=entry.pop('message'),
            params=entry,
        )
        if rule.severity not in SEVERITIES or rule.status not in STATUSES:
            raise ValueError(f'rule {rule.id}: bad severity or status')
        if rule.status == 'H' and rule.severity == 'error':
            raise ValueError(f'rule {rule.id}: a heuristic rule cannot be an error by default')
        rules[rule.id] = rule
    return rules
