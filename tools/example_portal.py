"""Generate the report files of the example portal: 某县 and its units, report years 2019–2025.

Run from the repository root::

    .venv/bin/python tools/example_portal.py              # writes example_site/agencies/
    .venv/bin/python tools/example_portal.py --out DIR    # writes DIR/<slug>/reports/<year>.yaml

Why a script: a portal's figures hang together across agencies and years (carry-overs, stocks in
force, the county's sums); written by hand they drift apart at the first edit. The script is
deterministic (fixed seeds, no clock): running it again gives the same bytes, so the committed
files can be regenerated and reviewed.

What is invented
    Everything except two files of 某县交通运输局: ``2020.yaml`` (a real published report, with
    blank cells) and ``2021.yaml`` (written earlier by hand). Those two are READ (from
    ``agencies/transport/reports/`` when they are there, else from ``example_site/reports/``)
    and never written. The county (某县, about 400,000 people), its government office and its
    five departments, every other figure and every sentence are made up for the example, in
    the register of real county reports: orders of magnitude, outcomes and wording are typical,
    no value is a real agency's.

The example's deliberate features
    * 某县教育局 did not publish its 2023 report: no file. The county's 2023 report still lists
      it under ``units:`` and acknowledges RH.2; its figures include the bureau's (unpublished)
      figures, so they are not the sum of the published units.
    * 某县自然资源局 2022: the 林业局 merged into it, with 3 pending applications; its 上年结转
      differs from its 2021 结转下年度 (RX.1 broken, acknowledged), and so does the county's.
    * 某县农业农村局 published its 2019 report as 某县农业局: the same ``agency_id`` links them.
    * 某县交通运输局 leaves the 表二 cells blank in 2019 that its published 2020 report leaves
      blank (行政强制, 行政事业性收费, 政府集中采购): the county's sum of those cells cannot be
      compared (RH.1 names them), and blank is never read as 0 here either.

How consistency is ensured
    Each agency's years are built in order: 二、上年结转 of a year is the 四、结转下年度继续办理 of
    the year before, per column (RX.1, across the 2020→2021 format change too); 表三's outcomes
    are drawn for exactly the applications concluded (一 + 二 − 四) of each column, so R3.1–R3.4
    hold by construction; 表四's totals are the sums of their groups (R4.1); 表二's stocks carry
    on (R2.3 for 2019→2020, R2.2 from 2021 on), from the transport files read as well. Section
    六 of every 2021-format report says whether an information processing fee was charged
    (RF.1). Figures of 表三/表四 quoted in the text are ``{{ table.row.column }}`` references
    (R3.5); other figures in the text are computed from the same data (the county's from its
    units'). The county's report is built last, as the cell-by-cell sum of its six units
    (integers; 收费金额 as decimals; a cell some unit left blank is summed over the others and
    reported), and writes its totals (RH.1).
    After writing, :func:`verify` reads every file back with PyYAML and checks all of this again
    on what was written, independently of how it was generated; then run
    ``python -m sphinx_disclosure check --strict`` over the files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Union

import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / 'example_site'
DEFAULT_OUT = SITE / 'agencies'
CATALOGUE = ROOT / 'sphinx_disclosure' / 'rules' / 'catalogue.yaml'

YEARS = tuple(range(2019, 2026))
Value = Union[int, Decimal, None]


def form_of(year: int) -> str:
    """The national format of a report year: 2019 (试行) for 2019–2020, 2021 from then on."""
    return '2019' if year < 2021 else '2021'


# --------------------------------------------------------------------------------------------
# the tables' keys (as in sphinx_disclosure/forms/*.yaml)

COLS = ('natural_person', 'business', 'research', 'nonprofit', 'legal_services', 'other')
APP_COLS = (*COLS, 'total')
COL_WORDS = {
    'natural_person': '自然人',
    'business': '商业企业',
    'research': '科研机构',
    'nonprofit': '社会公益组织',
    'legal_services': '法律服务机构',
    'other': '其他组织',
}
WITHHELD = (
    'withheld.state_secret',
    'withheld.prohibited_by_law',
    'withheld.endangers_stability',
    'withheld.third_party_rights',
    'withheld.internal_affairs',
    'withheld.process_info',
    'withheld.enforcement_files',
    'withheld.inquiry_matters',
)
UNAVAILABLE = ('unavailable.not_held', 'unavailable.needs_creation', 'unavailable.still_unclear')
NOT_PROCESSED = (
    'not_processed.complaints',
    'not_processed.duplicate',
    'not_processed.publications',
    'not_processed.excessive',
    'not_processed.confirmation',
)
OTHER_2021 = (
    'other_handling.no_correction',
    'other_handling.fee_unpaid',
    'other_handling.other',
)
OUTCOMES = {
    '2019': ('granted', 'partial', *WITHHELD, *UNAVAILABLE, *NOT_PROCESSED, 'other_handling'),
    '2021': ('granted', 'partial', *WITHHELD, *UNAVAILABLE, *NOT_PROCESSED, *OTHER_2021),
}


def app_rows(form: str) -> tuple[str, ...]:
    """表三's rows in reading order, （七）总计 included."""
    return ('new', 'from_last_year', *OUTCOMES[form], 'total', 'to_next_year')


REVIEW_ROWS = ('reconsideration', 'litigation_direct', 'litigation_after_review')
REVIEW_COLS = ('upheld', 'corrected', 'other', 'pending', 'total')
ACTIVE = {
    '2019': (
        ('regulations', ('new_made', 'new_published', 'total_published')),
        ('normative_documents', ('new_made', 'new_published', 'total_published')),
        ('licensing', ('previous_items', 'change', 'decisions')),
        ('other_services', ('previous_items', 'change', 'decisions')),
        ('penalties', ('previous_items', 'change', 'decisions')),
        ('coercion', ('previous_items', 'change', 'decisions')),
        ('fees', ('previous_items', 'change')),
        ('procurement', ('projects', 'amount')),
    ),
    '2021': (
        ('regulations', ('issued', 'repealed', 'in_force')),
        ('normative_documents', ('issued', 'repealed', 'in_force')),
        ('licensing', ('decisions',)),
        ('penalties', ('decisions',)),
        ('coercion', ('decisions',)),
        ('fees', ('amount',)),
    ),
}


def table_keys(form: str) -> list[str]:
    """Every cell of the three tables, totals included, in reading order."""
    keys = [f'active.{row}.{col}' for row, cols in ACTIVE[form] for col in cols]
    keys += [f'applications.{row}.{col}' for row in app_rows(form) for col in APP_COLS]
    keys += [f'review.{row}.{col}' for row in REVIEW_ROWS for col in REVIEW_COLS]
    return keys


def is_total(key: str) -> bool:
    """Whether a cell is a total the tool can derive (the report may leave it out)."""
    table, rest = key.split('.', 1)
    row, col = rest.rsplit('.', 1)
    return table in ('applications', 'review') and (col == 'total' or row == 'total')


def add(values: Iterable[Value]) -> Value:
    """A sum, blank (None) when any part is blank: blank is not 0."""
    values = list(values)
    if any(v is None for v in values):
        return None
    return sum(values[1:], values[0])


def complete(cells: dict[str, Value], form: str) -> dict[str, Value]:
    """The cells with every total that was not written derived from its parts."""
    out = dict(cells)
    for row in app_rows(form):
        if row == 'total':
            continue
        out.setdefault(
            f'applications.{row}.total', add(out[f'applications.{row}.{c}'] for c in COLS)
        )
    for col in APP_COLS:
        parts = (out[f'applications.{r}.{col}'] for r in OUTCOMES[form])
        out.setdefault(f'applications.total.{col}', add(parts))
    for row in REVIEW_ROWS:
        parts = (out[f'review.{row}.{c}'] for c in REVIEW_COLS[:-1])
        out.setdefault(f'review.{row}.total', add(parts))
    return {k: out[k] for k in table_keys(form)}


# --------------------------------------------------------------------------------------------
# dice: reproducible choices from random() only (its sequence is guaranteed across versions)


class Dice:
    """Seeded choices. A str seed is hashed (SHA-512) by ``random``, so every run, machine
    and Python version gives the same sequence."""

    def __init__(self, *seed: object) -> None:
        self._random = random.Random('/'.join(str(s) for s in seed))

    def unit(self) -> float:
        return self._random.random()

    def int(self, low: int, high: int) -> int:
        return low + int(self.unit() * (high - low + 1))

    def pick(self, options: list | tuple) -> Any:
        return options[int(self.unit() * len(options))]

    def weighted(self, weights: dict[str, float]) -> str:
        total = sum(weights.values())
        x = self.unit() * total
        for name, weight in weights.items():
            x -= weight
            if x < 0 and weight > 0:
                return name
        return next(name for name, weight in reversed(weights.items()) if weight > 0)

    def sample(self, options: list, k: int) -> list:
        pool = list(options)
        out = []
        for _ in range(min(k, len(pool))):
            out.append(pool.pop(int(self.unit() * len(pool))))
        return out

    def around(self, base: float, spread: float = 0.12) -> int:
        return round(base * (1 - spread + 2 * spread * self.unit()))

    def split(self, total: int, weights: dict[str, float]) -> dict[str, int]:
        """``total`` shared out by the weights, each unit drawn at random."""
        counts = dict.fromkeys(weights, 0)
        for _ in range(total):
            counts[self.weighted(weights)] += 1
        return counts

    def share(self, total: int, weights: dict[str, float], fixed: float = 0.7) -> dict[str, int]:
        """``total`` shared out by the weights: about ``fixed`` of it in proportion (so that a
        handful of applications still looks like a typical year), the rest drawn at random."""
        whole = sum(weights.values())
        counts = {k: int(fixed * total * w / whole) for k, w in weights.items()}
        drawn = self.split(total - sum(counts.values()), weights)
        return {k: counts[k] + drawn[k] for k in weights}


# --------------------------------------------------------------------------------------------
# the agencies and their plans (invented)


@dataclass(frozen=True)
class Agency:
    slug: str
    name: str
    agency_id: str
    level: str
    short: str  # how the text names it: 县教育局
    we: str  # how it names itself: 我局
    focus: str  # its central work, for the opening sentence
    media: str  # its own new-media account
    legal: str  # the office that handles difficult applications
    old_names: dict[int, str] = field(default_factory=dict)

    def name_in(self, year: int) -> str:
        return self.old_names.get(year, self.name)

    def short_in(self, year: int) -> str:
        if year in self.old_names:
            return self.old_names[year].replace('某县', '县', 1)
        return self.short


GOVERNMENT = Agency(
    'government',
    '某县人民政府',
    'mouxian-government',
    'government',
    '县政府',
    '县政府',
    '县委、县政府中心工作',
    '“某县发布”微信公众号',
    '县政府办公室',
)
UNITS = (
    Agency(
        'office',
        '某县人民政府办公室',
        'mouxian-office',
        'department',
        '县政府办公室',
        '我办',
        '县政府中心工作',
        '“某县发布”微信公众号和“某县人民政府”政务微博',
        '县政府法律顾问',
    ),
    Agency(
        'education',
        '某县教育局',
        'mouxian-education',
        'department',
        '县教育局',
        '我局',
        '教育改革发展',
        '“某县教育”微信公众号',
        '局政策法规股',
    ),
    Agency(
        'natural-resources',
        '某县自然资源局',
        'mouxian-natural-resources',
        'department',
        '县自然资源局',
        '我局',
        '自然资源管理和耕地保护',
        '“某县自然资源”微信公众号',
        '局法规股',
    ),
    Agency(
        'housing',
        '某县住房和城乡建设局',
        'mouxian-housing',
        'department',
        '县住房和城乡建设局',
        '我局',
        '住房和城乡建设',
        '“某县住建”微信公众号',
        '局法规股',
    ),
    Agency(
        'agriculture',
        '某县农业农村局',
        'mouxian-agriculture',
        'department',
        '县农业农村局',
        '我局',
        '农业农村工作',
        '“某县农业农村”微信公众号',
        '局法规股',
        old_names={2019: '某县农业局'},
    ),
    Agency(
        'transport',
        '某县交通运输局',
        'mouxian-transport',
        'department',
        '县交通运输局',
        '我局',
        '交通运输中心工作',
        '“某县交通”微信公众号',
        '局法制股',
    ),
)
BY_SLUG = {a.slug: a for a in (GOVERNMENT, *UNITS)}

#: the report a unit did not publish (the county's report still lists it)
MISSING = ('education', 2023)
#: the years of 某县交通运输局 that exist already and are read, never written
TRANSPORT_READ = (2020, 2021)


@dataclass(frozen=True)
class Plan:
    """The shape of an agency's 表三 and 表四, year by year (2019…2025)."""

    new: tuple[int, ...]  # applications received
    carry: tuple[int, ...]  # carried to the next year
    reconsideration: tuple[int, ...]
    litigation_direct: tuple[int, ...]
    litigation_after_review: tuple[int, ...]
    applicants: dict[str, float]  # shares of the applicant columns
    outcomes: dict[str, float]  # shares of the outcomes (2021 keys)


#: outcomes typical of a county department (shares of the applications concluded)
BASE_OUTCOMES = {
    'granted': 40,
    'partial': 9,
    'withheld.state_secret': 0,
    'withheld.prohibited_by_law': 0.2,
    'withheld.endangers_stability': 0.15,
    'withheld.third_party_rights': 2.5,
    'withheld.internal_affairs': 1.5,
    'withheld.process_info': 2.5,
    'withheld.enforcement_files': 0.5,
    'withheld.inquiry_matters': 0.8,
    'unavailable.not_held': 24,
    'unavailable.needs_creation': 3,
    'unavailable.still_unclear': 2,
    'not_processed.complaints': 3,
    'not_processed.duplicate': 3,
    'not_processed.publications': 0.8,
    'not_processed.excessive': 0.6,
    'not_processed.confirmation': 1,
    'other_handling.no_correction': 2,
    'other_handling.fee_unpaid': 0,
    'other_handling.other': 0.8,
}


def outcomes(**changes: float) -> dict[str, float]:
    weights = dict(BASE_OUTCOMES)
    for key, weight in changes.items():
        weights[key.replace('__', '.')] = weight
    return weights


PLANS = {
    'office': Plan(
        new=(18, 24, 37, 45, 41, 33, 29),
        carry=(1, 0, 2, 1, 2, 1, 1),
        reconsideration=(1, 1, 2, 3, 2, 1, 1),
        litigation_direct=(0, 1, 1, 1, 0, 1, 0),
        litigation_after_review=(0, 0, 1, 0, 1, 0, 0),
        applicants={
            'natural_person': 80,
            'business': 8,
            'research': 0,
            'nonprofit': 2,
            'legal_services': 8,
            'other': 2,
        },
        outcomes=outcomes(granted=42, unavailable__not_held=22, not_processed__complaints=5),
    ),
    'education': Plan(
        new=(6, 9, 14, 21, 17, 12, 10),
        carry=(0, 0, 1, 0, 1, 0, 0),
        reconsideration=(0, 0, 0, 1, 0, 0, 1),
        litigation_direct=(0, 0, 0, 0, 0, 0, 0),
        litigation_after_review=(0, 0, 0, 0, 0, 0, 0),
        applicants={
            'natural_person': 88,
            'business': 5,
            'research': 2,
            'nonprofit': 3,
            'legal_services': 2,
            'other': 0,
        },
        outcomes=outcomes(granted=52, withheld__third_party_rights=4, unavailable__not_held=20),
    ),
    'natural-resources': Plan(
        new=(64, 87, 118, 136, 104, 92, 79),
        carry=(3, 4, 5, 3, 4, 2, 3),
        reconsideration=(3, 4, 6, 5, 4, 3, 3),
        litigation_direct=(1, 2, 2, 3, 1, 1, 1),
        litigation_after_review=(0, 1, 1, 2, 1, 0, 1),
        applicants={
            'natural_person': 78,
            'business': 9,
            'research': 0,
            'nonprofit': 1,
            'legal_services': 10,
            'other': 2,
        },
        outcomes=outcomes(
            granted=32,
            partial=13,
            withheld__third_party_rights=3.5,
            withheld__process_info=2.5,
            unavailable__not_held=26,
            unavailable__needs_creation=4,
            not_processed__duplicate=4.5,
        ),
    ),
    'housing': Plan(
        new=(15, 22, 28, 34, 26, 23, 19),
        carry=(1, 1, 2, 1, 1, 0, 1),
        reconsideration=(1, 1, 2, 2, 1, 1, 0),
        litigation_direct=(0, 0, 1, 1, 0, 0, 0),
        litigation_after_review=(0, 0, 0, 1, 0, 0, 0),
        applicants={
            'natural_person': 80,
            'business': 11,
            'research': 0,
            'nonprofit': 1,
            'legal_services': 8,
            'other': 0,
        },
        outcomes=outcomes(partial=12, withheld__third_party_rights=4),
    ),
    'agriculture': Plan(
        new=(3, 5, 8, 11, 14, 9, 7),
        carry=(0, 0, 0, 1, 0, 0, 0),
        reconsideration=(0, 0, 0, 0, 1, 0, 0),
        litigation_direct=(0, 0, 0, 0, 0, 0, 0),
        litigation_after_review=(0, 0, 0, 0, 0, 0, 0),
        applicants={
            'natural_person': 70,
            'business': 24,
            'research': 0,
            'nonprofit': 0,
            'legal_services': 2,
            'other': 4,
        },
        outcomes=outcomes(granted=50, unavailable__not_held=22),
    ),
    # 2020 and 2021 are read from the existing files; 2019's carry must be 0 (2020 carries 0)
    'transport': Plan(
        new=(9, 0, 0, 41, 33, 29, 24),
        carry=(0, 0, 0, 1, 2, 0, 1),
        reconsideration=(0, 0, 0, 1, 1, 0, 1),
        litigation_direct=(0, 0, 0, 1, 0, 0, 0),
        litigation_after_review=(0, 0, 0, 0, 1, 0, 0),
        applicants={
            'natural_person': 72,
            'business': 18,
            'research': 0,
            'nonprofit': 2,
            'legal_services': 8,
            'other': 0,
        },
        outcomes=outcomes(granted=45, partial=10),
    ),
}

#: carried over from an agency outside the county's units (the deliberate RX.1 break)
EXTRA_CARRY = {('natural-resources', 2022): {'natural_person': 2, 'business': 1}}
#: outcomes fixed in advance: a bulk applicant who did not pay the fee notice (RF.1)
FORCED = {('natural-resources', 2023): {'other_handling.fee_unpaid': {'natural_person': 1}}}

# 表二, 2019 format. Items: (上一年项目数量 2019, 本年增/减 2019, 处理决定数量 2019,
# 本年增/减 2020, 处理决定数量 2020); None: left blank both years.
ACTIVE_2019_PLAN: dict[str, dict[str, Any]] = {
    'office': {
        'normative': (143, 8, 9),  # 对外公开总数量 by the end of 2018, new in 2019, new in 2020
        'licensing': (0, 0, 0, 0, 0),
        'other_services': (0, 0, 0, 0, 0),
        'penalties': (0, 0, 0, 0, 0),
        'coercion': (0, 0, 0, 0, 0),
        'fees': (0, 0, 0),  # 上一年项目数量 2019, 本年增/减 2019, 本年增/减 2020
        'procurement': ((14, '412.60'), (17, '538.25')),
    },
    'education': {
        'normative': (21, 2, 1),
        'licensing': (5, 1, 386, 0, 431),
        'other_services': (12, -2, 2146, 1, 2308),
        'penalties': (4, 0, 1, 0, 2),
        'coercion': (0, 0, 0, 0, 0),
        'fees': (5, -1, 0),
        'procurement': ((21, '1186.42'), (18, '964.37')),
    },
    'natural-resources': {
        'normative': (28, 3, 2),
        'licensing': (17, -2, 318, 1, 362),
        'other_services': (24, 3, 4870, 0, 5312),
        'penalties': (96, 4, 38, -3, 45),
        'coercion': (6, 0, 4, 0, 6),
        'fees': (6, -1, -1),
        'procurement': ((9, '624.18'), (11, '733.52')),
    },
    'housing': {
        'normative': (16, 2, 2),
        'licensing': (13, 1, 164, 0, 187),
        'other_services': (10, 0, 592, 2, 655),
        'penalties': (182, -6, 27, 4, 33),
        'coercion': (3, 0, 2, 0, 3),
        'fees': (2, 0, -1),
        'procurement': ((7, '356.90'), (8, '412.35')),
    },
    'agriculture': {
        'normative': (11, 1, 1),
        'licensing': (21, 2, 236, -1, 251),
        'other_services': (6, 0, 118, 1, 96),
        'penalties': (143, 5, 31, 2, 36),
        'coercion': (12, 0, 8, 1, 11),
        'fees': (3, -1, 0),
        'procurement': ((10, '452.78'), (12, '516.04')),
    },
    # 2019 only: it must lead to the published 2020 report (上一年项目数量 23 and 1086, 对外公开
    # 总数量 5 after 5 new), and it leaves blank what that report leaves blank
    'transport': {
        'normative': (0, 0, None),
        'licensing': (20, 3, 11, None, None),
        'other_services': (0, 0, 0, None, None),
        'penalties': (803, 283, 365, None, None),
        'coercion': None,
        'fees': None,
        'procurement': None,
    },
}

# 表二, 2021 format, 2021…2025: the stock of 行政规范性文件 in force at the end of 2020, issued
# and repealed each year; typical yearly decisions; fee amounts in 万元.
ACTIVE_2021_PLAN: dict[str, dict[str, Any]] = {
    'office': {
        'stock': 52,
        'issued': (9, 7, 6, 8, 5),
        'repealed': (4, 11, 3, 2, 6),
        'decisions': (0, 0, 0),
        'fees': ('0', '0', '0', '0', '0'),
    },
    'education': {
        'stock': 8,
        'issued': (2, 1, 0, 1, 1),
        'repealed': (1, 0, 2, 0, 1),
        'decisions': (420, 3, 0),
        'fees': ('536.82', '551.40', '548.16', '562.93', '570.28'),
    },
    'natural-resources': {
        'stock': 13,
        'issued': (2, 2, 1, 0, 1),
        'repealed': (1, 3, 0, 1, 0),
        'decisions': (380, 52, 6),
        'fees': ('186.42', '203.17', '164.35', '152.86', '147.09'),
    },
    'housing': {
        'stock': 10,
        'issued': (1, 2, 1, 1, 0),
        'repealed': (0, 1, 2, 0, 1),
        'decisions': (190, 35, 4),
        'fees': ('0', '0', '0', '0', '0'),
    },
    'agriculture': {
        'stock': 6,
        'issued': (1, 0, 1, 1, 0),
        'repealed': (0, 1, 0, 0, 1),
        'decisions': (260, 40, 12),
        'fees': ('0.58', '0.63', '0.47', '0.52', '0.41'),
    },
    # 2021 is read; 2022–2025 continue its stock
    'transport': {
        'stock': None,
        'issued': (None, 2, 1, 1, 0),
        'repealed': (None, 1, 0, 2, 1),
        'decisions': (1500, 880, 30),
        'fees': (None, '0', '0', '0', '0'),
    },
}


# --------------------------------------------------------------------------------------------
# reports


@dataclass
class Report:
    """One agency's report of one year, as the script knows it."""

    agency: Agency
    year: int
    cells: dict[str, Value]  # every cell, totals included (None: blank)
    written: set[str]  # the cells written in the file (the others are derived totals)
    extra: dict[str, Any] = field(default_factory=dict)  # figures of the text
    problems: list[str] = field(default_factory=list)  # ids of the problems of section 五
    source: Path | None = None  # a file that is read, not written
    published: bool = True  # False: not published (no file)

    @property
    def form(self) -> str:
        return form_of(self.year)

    def v(self, key: str) -> Value:
        return self.cells[key]


def money(text: str) -> Decimal | int:
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() and '.' not in text else value


def build_applications(
    agency: Agency, year: int, carried: dict[str, int], cells: dict[str, Value]
) -> None:
    """表三 of a generated report: received, carried over, concluded by outcome, carried on."""
    plan = PLANS[agency.slug]
    i = year - YEARS[0]
    form = form_of(year)
    dice = Dice('applications', agency.slug, year)
    new = dice.split(plan.new[i], plan.applicants)
    previous = dict(carried)
    for col, n in EXTRA_CARRY.get((agency.slug, year), {}).items():
        previous[col] += n
    available = {c: new[c] + previous[c] for c in COLS}
    out = dict.fromkeys(COLS, 0)
    for _ in range(plan.carry[i]):
        weights = {c: available[c] - out[c] for c in COLS}
        weights['natural_person'] *= 2  # late requests are mostly from citizens
        out[dice.weighted(weights)] += 1
    weights = dict(plan.outcomes)
    if form == '2019':
        weights['other_handling'] = sum(weights.pop(k) for k in OTHER_2021)
    forced = FORCED.get((agency.slug, year), {})
    for col in COLS:
        concluded = available[col] - out[col]
        fixed = {row: by_col.get(col, 0) for row, by_col in forced.items()}
        counts = dice.share(concluded - sum(fixed.values()), weights)
        for row in OUTCOMES[form]:
            cells[f'applications.{row}.{col}'] = counts[row] + fixed.get(row, 0)
        cells[f'applications.new.{col}'] = new[col]
        cells[f'applications.from_last_year.{col}'] = previous[col]
        cells[f'applications.to_next_year.{col}'] = out[col]


def build_review(agency: Agency, year: int, cells: dict[str, Value]) -> None:
    """表四: each case's result."""
    plan = PLANS[agency.slug]
    i = year - YEARS[0]
    dice = Dice('review', agency.slug, year)
    results = {'upheld': 62, 'corrected': 14, 'other': 14, 'pending': 10}
    for row in REVIEW_ROWS:
        counts = dice.split(getattr(plan, row)[i], results)
        for col in REVIEW_COLS[:-1]:
            cells[f'review.{row}.{col}'] = counts[col]


def build_active_2019(agency: Agency, year: int, cells: dict[str, Value]) -> None:
    plan = ACTIVE_2019_PLAN[agency.slug]
    first = year == 2019
    cells['active.regulations.new_made'] = 0
    cells['active.regulations.new_published'] = 0
    cells['active.regulations.total_published'] = 0
    before, new_2019, new_2020 = plan['normative']
    new = new_2019 if first else new_2020
    cells['active.normative_documents.new_made'] = new
    cells['active.normative_documents.new_published'] = new
    cells['active.normative_documents.total_published'] = (
        before + new_2019 if first else before + new_2019 + new_2020
    )
    for row in ('licensing', 'other_services', 'penalties', 'coercion'):
        spec = plan[row]
        if spec is None:
            values: tuple[Value, Value, Value] = (None, None, None)
        elif first:
            values = spec[0], spec[1], spec[2]
        else:
            values = spec[0] + spec[1], spec[3], spec[4]
        for col, value in zip(('previous_items', 'change', 'decisions'), values, strict=True):
            cells[f'active.{row}.{col}'] = value
    fees = plan['fees']
    if fees is None:
        cells['active.fees.previous_items'] = cells['active.fees.change'] = None
    else:
        cells['active.fees.previous_items'] = fees[0] if first else fees[0] + fees[1]
        cells['active.fees.change'] = fees[1] if first else fees[2]
    procurement = plan['procurement']
    if procurement is None:
        cells['active.procurement.projects'] = cells['active.procurement.amount'] = None
    else:
        projects, amount = procurement[0 if first else 1]
        cells['active.procurement.projects'] = projects
        cells['active.procurement.amount'] = Decimal(amount)


def build_active_2021(
    agency: Agency, year: int, last_in_force: int | None, cells: dict[str, Value]
) -> None:
    plan = ACTIVE_2021_PLAN[agency.slug]
    i = year - 2021
    dice = Dice('active', agency.slug, year)
    cells['active.regulations.issued'] = 0
    cells['active.regulations.repealed'] = 0
    cells['active.regulations.in_force'] = 0
    before = plan['stock'] if year == 2021 else last_in_force
    issued, repealed = plan['issued'][i], plan['repealed'][i]
    cells['active.normative_documents.issued'] = issued
    cells['active.normative_documents.repealed'] = repealed
    cells['active.normative_documents.in_force'] = before + issued - repealed
    for row, base in zip(('licensing', 'penalties', 'coercion'), plan['decisions'], strict=True):
        cells[f'active.{row}.decisions'] = dice.around(base)
    cells['active.fees.amount'] = money(plan['fees'][i])


def read_report(agency: Agency, year: int, path: Path) -> Report:
    """A report file that exists (the transport files), with its derived totals."""
    data = yaml.safe_load(path.read_text(encoding='utf-8'))
    assert data['year'] == year and data['agency'] == agency.name_in(year), path
    form = form_of(year)
    cells: dict[str, Value] = {}
    written = set()
    for key in table_keys(form):
        node: Any = data
        present = True
        for part in key.split('.'):
            if not isinstance(node, dict) or part not in node:
                present = False
                break
            node = node[part]
        if not present:
            assert is_total(key), f'{path}: {key} missing'
            continue
        if isinstance(node, float):
            node = Decimal(str(node))
        cells[key] = node
        written.add(key)
    return Report(agency, year, complete(cells, form), written, source=path)


def transport_source(out: Path, year: int) -> Path:
    """Where the existing transport report of ``year`` is: beside the generated ones once the
    lead has moved it, else in example_site/reports/."""
    for candidate in (
        out / 'transport' / 'reports' / f'{year}.yaml',
        DEFAULT_OUT / 'transport' / 'reports' / f'{year}.yaml',
        SITE / 'reports' / f'{year}.yaml',
    ):
        if candidate.is_file():
            return candidate
    raise SystemExit(f'the transport report of {year} is not found')


def build_unit(agency: Agency, out: Path) -> list[Report]:
    """An agency's reports, year by year: each continues the one before."""
    reports: list[Report] = []
    for year in YEARS:
        if agency.slug == 'transport' and year in TRANSPORT_READ:
            reports.append(read_report(agency, year, transport_source(out, year)))
            continue
        last = reports[-1] if reports else None
        cells: dict[str, Value] = {}
        carried = (
            {c: last.v(f'applications.to_next_year.{c}') for c in COLS}
            if last
            else first_carry(agency)
        )
        build_applications(agency, year, carried, cells)
        build_review(agency, year, cells)
        if year < 2021:
            build_active_2019(agency, year, cells)
        else:
            in_force = last.v('active.normative_documents.in_force') if year > 2021 else None
            build_active_2021(agency, year, in_force, cells)
        form = form_of(year)
        written = {k for k in table_keys(form) if not is_total(k)}
        report = Report(agency, year, complete(cells, form), written)
        report.published = (agency.slug, year) != MISSING
        reports.append(report)
    return reports


def first_carry(agency: Agency) -> dict[str, int]:
    """上年结转 of 2019: applications carried over from 2018 (reported in the old format)."""
    carry = {'office': 1, 'natural-resources': 2, 'housing': 1}.get(agency.slug, 0)
    return {c: (carry if c == 'natural_person' else 0) for c in COLS}


def build_county(units: dict[str, list[Report]]) -> tuple[list[Report], dict]:
    """The county's reports: each cell the sum of its units' cells of the year (a cell some
    unit left blank is the sum of the others). Returns the reports and the blank cells."""
    reports = []
    blanks: dict[tuple[int, str], list[str]] = {}
    for i, year in enumerate(YEARS):
        form = form_of(year)
        parts = [units[a.slug][i] for a in UNITS]
        cells: dict[str, Value] = {}
        for key in table_keys(form):
            values = [p.v(key) for p in parts]
            missing = [p.agency.slug for p, v in zip(parts, values, strict=True) if v is None]
            if missing:
                blanks[(year, key)] = missing
            given = [v for v in values if v is not None]
            cells[key] = sum(given[1:], given[0])
        reports.append(Report(GOVERNMENT, year, cells, set(cells)))
    return reports, blanks


# --------------------------------------------------------------------------------------------
# the text: pools of sentences (invented, in the register of real county reports)
#
# A pool entry may start with "YYYY-YYYY|": the years it fits (an epidemic, a reform). Problems
# are "id|short title|problem|measure". Texts use $name for figures of the text and {{key}} for
# cells of the tables (written out as {{ key }}).

CONGRESS = dict(
    zip(
        YEARS,
        (
            '十九大和十九届二中、三中、四中全会',
            '十九大和十九届二中、三中、四中、五中全会',
            '十九大和十九届历次全会',
            '二十大',
            '二十大',
            '二十大和二十届二中、三中全会',
            '二十大和二十届历次全会',
        ),
        strict=True,
    )
)
THEME = dict(
    zip(
        YEARS,
        (
            '对照新修订的《条例》完善制度机制，着力提升政务公开制度化、标准化、信息化水平',
            '统筹做好疫情防控和经济社会发展信息公开，扎实推进基层政务公开标准化规范化',
            '围绕“十四五”开局和巩固拓展脱贫攻坚成果同乡村振兴有效衔接，不断深化“五公开”',
            '聚焦稳经济、保民生、优化营商环境，着力提高政策公开质量和实效',
            '结合学习贯彻习近平新时代中国特色社会主义思想主题教育，持续深化重点领域信息公开',
            '围绕“高效办成一件事”和优化营商环境，推进政务公开与政务服务深度融合',
            '围绕“十四五”规划目标任务收官，持续提升政务公开标准化规范化水平',
        ),
        strict=True,
    )
)
TOPIC = dict(
    zip(
        YEARS,
        (
            '新修订的《条例》',
            '基层政务公开标准指引和依申请公开办理规范',
            '《政府信息公开信息处理费管理办法》和新版年度报告格式',
            '依申请公开答复规范和典型案例',
            '政府信息公开行政复议、行政诉讼典型案例',
            '新修订的《行政复议法》和依申请公开答复规范',
            '政务公开标准目录和政策解读规范',
        ),
        strict=True,
    )
)

INTRO = (
    '$year年，$we坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的$congress精神，认真落实《条例》和县委、县政府关于政务公开工作的部署要求，$theme，政府信息公开工作取得新进展。',
    '$year年，$we在县委、县政府的领导和县政务公开办的指导下，围绕$focus，$theme，坚持“以公开为常态、不公开为例外”，各项工作有序推进。',
    '$year年，$we深入贯彻党的$congress精神，严格执行《条例》，把政务公开作为推进$focus的重要抓手，$theme，依法公开、规范公开水平进一步提升。',
)
INTRO_2019 = (
    '新修订的《条例》自2019年5月15日起施行，$we对照新规定调整了依申请公开办理流程和主动公开目录。'
)
COUNTY_INTRO = (
    '$year年，某县人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的$congress精神，认真落实《条例》和上级关于政务公开工作的部署要求，$theme，以公开促落实、促规范、促服务，全县政务公开工作取得新成效。',
    '$year年，县政府深入贯彻党的$congress精神，严格执行《条例》，$theme，以高质量公开助力全县经济社会发展，全县政府信息公开工作水平稳步提升。',
)

DOMAIN = {
    'office': (
        '推进决策公开。严格落实重大行政决策预公开制度，对涉及群众切身利益的重要改革方案、重大政策措施，通过县政府门户网站公开征求意见，决策作出后公开意见采纳情况。',
        '推进会议公开。县政府常务会议审议的议题会后及时公开，邀请人大代表、政协委员、利益相关方和群众代表列席县政府常务会议$k1人次。',
        '2019-2020|推进基层政务公开标准化规范化。按照国务院部门制定的基层政务公开标准指引，牵头编制县级试点领域政务公开事项标准目录，指导县直部门和乡镇逐项落实。',
        '2020-2020|做好疫情防控信息公开。开设疫情防控专栏，及时发布县新冠肺炎疫情防控指挥部通告、防控措施和复工复产政策，回应群众关切。',
        '2021-2022|做好常态化疫情防控信息公开。及时发布疫情防控政策调整、疫苗接种安排等信息，确保信息发布权威、准确、及时。',
        '推进财政信息公开。按时公开县级政府预决算、部门预决算和“三公”经费，及时公开政府债务限额和余额信息。',
        '2021-2025|推进重点领域信息公开。围绕乡村振兴、就业创业、教育医疗、养老服务等民生领域，督促各部门及时公开政策措施和实施情况。',
        '2022-2025|推进政策文件集中公开。建成县级政策文件库，对县政府及县政府办公室现行有效的行政规范性文件统一编号、集中公开，标注文件有效性。',
        '2023-2025|推进惠企政策公开。在县政府门户网站开设“惠企政策”专栏，分类公开涉企政策和申报指南，推动惠企政策“免申即享”“直达快享”。',
        '2024-2025|推进“高效办成一件事”信息公开。集中公开“高效办成一件事”重点事项清单、办事指南和办理流程，方便企业和群众办事。',
    ),
    'education': (
        '推进招生入学信息公开。及时公开义务教育阶段招生入学政策、学区划分、招生计划和录取结果，全面实行“阳光招生”。',
        '推进学生资助信息公开。公开学前教育、义务教育、普通高中各学段学生资助政策、申请条件和办理流程，受助学生名单在校内公示，注意保护学生个人信息。',
        '推进教育收费信息公开。公开公办学校收费项目、收费标准和收费依据，设立教育乱收费举报电话，接受群众监督。',
        '2021-2023|推进“双减”工作信息公开。公开校外培训机构“白名单”“黑名单”和预收费监管措施，及时发布课后服务开展情况。',
        '推进教师招聘信息公开。公开中小学教师公开招聘、特岗教师招聘的计划、程序和结果，招聘全过程接受社会监督。',
        '2020-2020|做好疫情期间教育信息公开。及时公开延期开学、线上教学安排和返校复学防控措施，解答家长关心的问题。',
        '推进学校食品安全信息公开。公开农村义务教育学生营养改善计划实施情况和学校食堂食品安全管理信息，推行“明厨亮灶”。',
        '2022-2025|推进学前教育信息公开。公开普惠性幼儿园认定名单、收费标准和学前教育资助政策。',
        '2023-2025|推进校园安全信息公开。在汛期和假期前发布防溺水、交通安全等安全提示，公开校车线路和校车安全管理信息。',
    ),
    'natural-resources': (
        '2019-2019|推进征地信息公开。在县政府门户网站征地信息专栏公开征地批复、征地补偿安置方案和征地补偿标准，做到征地信息应公开尽公开。',
        '2020-2025|推进征地信息公开。按照新修订的《土地管理法》，在县政府门户网站征地信息专栏公开征收土地预公告、征地补偿安置方案和征收土地公告，征地信息全流程公开。',
        '2019-2021|推进第三次全国国土调查成果公开。及时公开我县第三次全国国土调查工作进展和主要数据成果，回应社会关切。',
        '2021-2024|推进国土空间规划公开。公开县国土空间总体规划编制进展，规划草案依法公示，广泛征求社会公众意见。',
        '2021-2025|推进耕地保护信息公开。公开耕地保护目标责任、永久基本农田保护和耕地“非农化”“非粮化”整治情况。',
        '推进不动产登记信息公开。公开不动产登记办事指南、收费标准和办理时限，推行“互联网+不动产登记”，群众办事更加便捷。',
        '推进土地供应信息公开。公开国有建设用地供应计划、出让公告和出让结果，土地出让全程公开透明。',
        '推进地质灾害防治信息公开。汛期前公开地质灾害隐患点分布和防治责任人，及时发布地质灾害气象风险预警信息。',
        '推进矿产资源信息公开。公开采矿权出让、矿山地质环境保护与治理恢复等信息。',
    ),
    'housing': (
        '推进房屋征收信息公开。公开国有土地上房屋征收决定、征收补偿方案、评估机构选定结果和分户补偿情况，征收全过程接受群众监督。',
        '推进保障性住房信息公开。公开公共租赁住房分配政策、保障对象资格审核结果和轮候信息，分配结果在小区和网站同步公示。',
        '2020-2025|推进城镇老旧小区改造信息公开。公开老旧小区改造年度计划、项目清单和实施进展，改造方案充分征求居民意见。',
        '推进建筑市场监管信息公开。公开建筑工程施工许可、质量安全监督和建筑市场主体信用信息。',
        '2022-2023|推进保交楼信息公开。公开保交楼项目建设进展和商品房预售资金监管信息，回应购房群众关切。',
        '2019-2022|推进农村危房改造信息公开。公开农村危房改造对象认定、补助标准和改造结果，补助资金发放情况在村务公开栏公示。',
        '2023-2025|推进城镇燃气安全信息公开。公开城镇燃气安全专项整治开展情况，发布安全用气提示。',
        '2021-2025|推进物业管理信息公开。公开物业服务企业信用评价结果和住宅专项维修资金使用情况。',
    ),
    'agriculture': (
        '推进惠农补贴信息公开。公开耕地地力保护补贴、农机购置补贴等政策、补贴标准和发放结果，补贴发放情况按村公示。',
        '推进高标准农田建设信息公开。公开高标准农田建设项目立项、招标投标、建设进度和竣工验收信息。',
        '推进农产品质量安全信息公开。公开农产品质量安全监测结果和农资打假专项行动信息，公布违法案件查处结果。',
        '2019-2020|推进重大动物疫病防控信息公开。公开非洲猪瘟等重大动物疫病防控政策和生猪稳产保供措施。',
        '2021-2025|推进动物疫病防控信息公开。公开重大动物疫病强制免疫计划和病死畜禽无害化处理补助政策。',
        '2019-2020|推进脱贫攻坚信息公开。公开产业扶贫项目和资金安排、实施情况，接受群众监督。',
        '2021-2025|推进乡村振兴信息公开。公开巩固拓展脱贫攻坚成果同乡村振兴有效衔接政策、衔接资金项目安排和实施进度。',
        '推进农村人居环境整治信息公开。公开农村人居环境整治工作方案、农村改厕和生活垃圾治理进展。',
        '2023-2025|推进农村土地承包信息公开。公开第二轮土地承包到期后再延长三十年试点工作方案和进展。',
    ),
    'transport': (
        '推进“四好农村路”建设信息公开。公开农村公路建设计划、资金安排、施工进度和竣工验收信息。',
        '2019-2023|推进城乡客运一体化信息公开。公开城乡公交线路开通、调整和票价信息，方便群众出行。',
        '推进重大建设项目信息公开。公开交通重点项目审批、招标投标、施工进度、竣工验收等信息。',
        '推进道路运输安全生产信息公开。公开“两客一危”重点车辆监管、安全生产检查和隐患整改情况。',
        '推进出行服务信息公开。及时发布恶劣天气道路通行、道路施工和交通管制信息。',
        '2020-2022|做好交通运输疫情防控信息公开。及时发布客运班线停运、恢复和防控措施信息。',
        '2024-2025|推进农村客货邮融合发展信息公开。公开农村客货邮站点建设和线路运营信息。',
        '推进治超工作信息公开。公开治理车辆超限超载执法信息和源头企业监管情况。',
    ),
}
COUNTY_FOCUS = dict(
    zip(
        YEARS,
        (
            '围绕脱贫攻坚、征地拆迁、教育、惠农补贴等群众关注的领域，督促各部门公开政策措施和实施结果。',
            '开设疫情防控专栏，及时发布县新冠肺炎疫情防控指挥部通告和复工复产、助企纾困政策。',
            '围绕巩固拓展脱贫攻坚成果同乡村振兴有效衔接、义务教育“双减”、城镇老旧小区改造等重点工作，公开政策措施和实施进展。',
            '围绕稳经济一揽子政策措施、保交楼、耕地保护等重点工作，及时公开政策措施和落实情况。',
            '围绕惠企政策兑现、高标准农田建设、农村土地承包等重点工作，分类公开政策措施和办理结果。',
            '围绕“高效办成一件事”、城镇燃气安全整治、学前教育等重点工作，公开事项清单、办事指南和工作进展。',
            '围绕“十四五”规划目标任务完成情况和年度民生实事项目，公开项目进展和完成情况。',
        ),
        strict=True,
    )
)

#: the four kinds of information each agency counts among what it published
CATEGORIES = {
    'office': ('政府文件和政策解读', '会议和决策', '财政预决算和重点领域', '政务动态和公告公示'),
    'education': (
        '招生入学和学生资助',
        '教育收费和财政预决算',
        '行政执法和办事服务',
        '教育动态及其他',
    ),
    'natural-resources': (
        '征地',
        '国土空间规划和建设项目用地',
        '不动产登记和行政执法',
        '工作动态及其他',
    ),
    'housing': ('房屋征收和保障性住房', '建设工程审批和质量安全监管', '行政执法', '工作动态及其他'),
    'agriculture': (
        '惠农补贴和强农惠农政策',
        '农产品质量安全和动植物疫病防控',
        '行政执法',
        '工作动态及其他',
    ),
    'transport': ('重大建设项目和公共资源配置', '行政执法', '出行服务和便民', '工作动态及其他'),
}
#: how many items each agency publishes in a year (about)
ITEMS = {
    'office': 1850,
    'education': 520,
    'natural-resources': 640,
    'housing': 430,
    'agriculture': 380,
    'transport': 610,
}

PROCESS = {
    'office': (
        '县政府办公室统一受理以县人民政府为答复主体的申请，实行“统一受理、分类转办、集中审核、统一答复”，本年度以县人民政府名义作出答复$gov件；涉及多个部门职责的申请由县政府办公室牵头会商，答复书经县政府法律顾问审核后出具。'
    ),
    'education': (
        '申请内容主要涉及招生入学、教师招聘和学校收费等，我局严格执行登记、审核、答复、归档等工作流程，所有申请均在法定期限内答复。'
    ),
    'natural-resources': (
        '申请内容主要涉及征地批复、征地补偿安置和不动产登记等。对征地拆迁类申请，我局会同相关乡镇和县征地服务中心核查档案，逐件检索、逐项答复，确保答复准确、依据充分。'
    ),
    'housing': (
        '申请内容主要涉及房屋征收补偿、保障性住房分配和建设工程审批等。我局会同县房屋征收服务中心逐户核查档案，对涉及第三方个人信息的内容依法区分处理。'
    ),
    'agriculture': (
        '申请内容主要涉及惠农补贴发放和农村土地承包等，我局会同乡镇农业综合服务站核实后答复，所有申请均在法定期限内办结。'
    ),
    'transport': (
        '申请内容主要涉及农村公路建设项目和道路运输行政执法等，疑难复杂申请由局法制股牵头会商，答复书经法律顾问审核后出具。'
    ),
}
PROCESS_MORE = (
    '对涉及第三方合法权益的申请，依法书面征求第三方意见；对需要补正的申请，一次性告知补正内容。',
    '严格执行依申请公开登记、审核、会商、答复、归档等工作流程，实行“一件一档”管理。',
    '坚持答复文书统一格式，答复时告知申请人救济途径，所有申请均在法定期限内答复。',
)

MANAGEMENT = (
    '严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”，信息发布前经业务股室、分管负责人、办公室三级审核，全年未发生泄密和不当公开情况。',
    '落实公文公开属性源头认定机制，拟制公文时明确主动公开、依申请公开或不予公开属性，对不予公开的说明理由。',
    '开展行政规范性文件清理，对现行有效文件目录进行动态更新，及时标注文件有效性，确保公开的政策文件准确、完整。',
    '加强个人信息保护，公开行政处罚决定、补贴发放名单等信息时，对身份证号码、联系电话等个人信息作去标识化处理。',
    '规范依申请公开工作档案管理，申请登记、补正、延期、答复等材料按“一件一档”整理归档。',
    '定期开展已公开信息“回头看”，对过期失效的信息及时更新或标注，对失效链接及时修复。',
    '对照县政务公开办印发的主动公开基本目录，完成$short主动公开事项目录年度更新，明确公开内容、公开时限和责任股室。',
)
COUNTY_MANAGEMENT = (
    '指导各部门落实公文公开属性源头认定机制，县政府及县政府办公室发文全部在拟文环节明确公开属性。',
    '严格落实保密审查制度，坚持“先审查、后公开”，全县全年未发生泄密和不当公开情况。',
    '组织开展行政规范性文件清理，全县现行有效的行政规范性文件目录实行动态更新，及时标注文件有效性。',
    '更新某县人民政府政府信息公开指南，明确申请渠道、办理流程和答复时限，方便群众申请。',
    '落实个人信息保护要求，督促各部门对公开信息中的个人隐私作去标识化处理。',
)

PLATFORM = (
    '依托县政府门户网站政务公开专栏，按照基层政务公开标准目录调整完善$short栏目设置，做到信息分类科学、查找方便。',
    '用好$media，及时发布政策解读和便民服务信息，全年发布信息$posts条。',
    '落实政府网站和政务新媒体日常监测，建立错敏信息排查机制，全年未发生严重表述错误。',
    '2020-2025|在县政务服务中心政务公开专区提供$short政策文件查阅和咨询服务，方便群众就近查阅。',
    '2024-2025|按照政府网站集约化要求，完成$short栏目向县政府网站集约化平台的迁移，统一信息发布规范。',
)
COUNTY_PLATFORM = (
    '2019-2020|推进政府网站集约化建设，县直部门网站全部整合至县政府门户网站集约化平台，统一管理、统一发布。',
    '加强政务新媒体管理，全县备案政务新媒体$accounts个，落实季度检查和常态化监测。',
    '2022-2025|建成县级政策文件库，集中公开县政府及各部门现行有效的行政规范性文件，提供分类检索和有效性标注。',
    '2020-2025|在县政务服务中心设立政务公开专区，提供政府信息查阅、政策咨询和依申请公开受理服务。',
    '优化县政府门户网站政府信息公开专栏，按政府信息公开指南、法定主动公开内容、年度报告等栏目集中展示，方便公众查找。',
)

LEADERSHIP = (
    '加强组织领导。调整$short政务公开工作领导小组，$head任组长，分管负责人任副组长，各股室负责人为成员，$unit具体承担日常工作。',
    '落实主体责任。$head对政务公开工作负总责，定期听取工作汇报，将政务公开纳入年度重点工作统筹部署。',
    '健全工作机制。明确$unit负责政务公开日常工作，配备专（兼）职工作人员$staff名，做到工作有人管、业务有人做。',
)
TRAINING = (
    '加强业务培训。组织政务公开业务培训$train次，重点学习$topic，提升工作人员依法公开的意识和能力。',
    '参加业务培训。选派工作人员参加县政务公开办组织的业务培训，并在内部开展专题学习$train次，重点学习$topic。',
)
CHECKING = (
    '加强监督考核。将政务公开工作纳入股室年度考核，对县政务公开办季度检查反馈的$issues个问题建立整改台账，逐项整改销号。',
    '抓好问题整改。对县政务公开办通报和政府网站检查发现的$issues个问题，明确责任人和整改时限，已全部整改到位。',
)

PROBLEMS = {
    'generic': (
        'G1|栏目更新不及时|部分栏目信息更新不够及时，个别工作动态发布滞后|落实专人负责栏目更新，建立信息发布提醒和月度自查机制，确保信息公开及时、准确、完整',
        'G2|政策解读形式单一|政策解读形式较为单一，图解、视频等解读方式运用不多|丰富政策解读形式，更多采用图解、问答、短视频等群众易于理解的方式开展解读',
        'G3|答复文书不够规范|依申请公开答复文书的规范性有待提高，个别答复引用法律依据不够准确|加强依申请公开业务学习和案例研究，规范答复文书格式和法律依据引用',
        'G4|工作人员变动频繁|政务公开工作人员调整较频繁，业务衔接不够顺畅|建立工作交接和业务手册制度，新任工作人员上岗前参加业务培训',
        'G5|公开内容实用性不强|主动公开内容与群众关切结合不够紧密，部分栏目以工作动态为主，实用性不强|围绕群众关注的热点问题，增加办事指南、政策问答等实用信息',
        'G6|互动回应不够及时|政民互动回应不够及时，个别网民留言回复超过承诺时限|建立留言办理台账，实行限时答复和办理情况跟踪',
        'G7|文件目录更新滞后|行政规范性文件目录动态更新不及时，个别文件有效性标注滞后|在文件制发、废止后及时更新目录和有效性标注，每季度开展一次核对',
        'G8|政务新媒体运维薄弱|政务新媒体更新频率不高，内容以转载为主，原创内容较少|制定政务新媒体内容发布计划，增加政策解读和便民服务类原创内容',
        'G9|公开数据可用性不强|公开的数据多以文字和图片形式发布，可下载、可利用的数据较少|推进统计数据和业务数据以表格等可下载格式公开',
    ),
    'office': (
        'O1|统筹指导不够有力|对县直部门和乡镇政务公开工作的统筹指导不够有力，部分单位工作不平衡|加大季度检查和通报力度，对排名靠后的单位开展点对点指导',
        'O2|会商机制不够顺畅|涉及多个部门的依申请公开件会商协调效率不高，个别答复临近法定期限|完善依申请公开会商机制，明确承办部门的答复时限和责任',
        'O3|决策预公开不够充分|重大行政决策预公开的范围和深度还不够，意见采纳情况反馈不及时|编制年度重大行政决策事项目录，意见征集结束后及时公开采纳情况',
    ),
    'education': (
        'E1|校务公开不够规范|部分中小学校务公开栏目设置不统一，更新不够及时|制定校务公开目录，将校务公开纳入学校年度考核',
        'E2|招生政策解读不够及时|义务教育招生政策解读发布时间偏晚，家长咨询较为集中|在招生政策发布的同时推出解读材料和问答，开通招生咨询专线',
        'E3|民办教育信息公开不全|民办学校和校外培训机构相关信息公开不够全面|分类公开民办学校办学许可和年检结果，及时更新校外培训机构名单',
    ),
    'natural-resources': (
        'N1|征地信息公开要素不全|个别征地项目补偿安置方案公开内容要素不全，公开时间节点把握不准|制定征地信息公开清单，明确各环节公开内容和公开时限',
        'N2|历史档案查找困难|征地拆迁类申请数量大，部分历史档案查找困难，答复耗时较长|推进征地档案数字化，建立征地信息检索台账',
        'N3|规划信息解读不足|国土空间规划等专业性较强的信息解读不够通俗|采用图解、“一图读懂”等方式解读规划内容',
    ),
    'housing': (
        'H1|房屋征收信息公开不够全面|个别房屋征收项目分户补偿结果公开不够及时|严格按照征收补偿方案规定的时限公开分户补偿情况',
        'H2|老旧小区改造信息更新滞后|老旧小区改造项目进展信息更新不够及时|建立改造项目信息按月更新机制',
        'H3|住房保障信息公开不够细化|保障性住房分配轮候信息公开不够细化|定期公开轮候排序和分配结果，畅通查询渠道',
    ),
    'agriculture': (
        'A1|惠农补贴公开不够细化|部分惠农补贴发放信息公开不够细化，乡镇公示不够规范|会同乡镇规范补贴发放公示，公开到户并保护个人隐私',
        'A2|专业力量不足|政务公开工作人员多为兼职，专业力量不足|配强政务公开工作人员，加强业务培训',
        'A3|执法信息公示滞后|农业行政执法信息公示不够及时|严格落实行政执法公示制度，在规定时限内公示行政处罚决定',
    ),
    'transport': (
        'T1|重大项目信息公开不够及时|交通重大建设项目施工进度等信息公开不够及时|建立重大项目信息公开台账，按节点及时公开',
        'T2|执法公示不够规范|行政执法公示信息要素不够完整|对照行政执法公示规范完善公示内容',
        'T3|出行信息发布渠道有限|出行服务信息主要在网站发布，传播范围有限|通过政务新媒体和客运站电子屏同步发布出行信息',
    ),
    'government': (
        'C1|全县工作不平衡|部分部门和乡镇对政务公开工作重视不够，公开质量参差不齐|加大季度检查和通报力度，将检查结果纳入年度综合考核',
        'C2|政策解读质量不高|部分政策解读简单摘抄文件原文，解读不够通俗易懂|建立解读材料审核机制，推行图解、视频、问答等解读形式',
        'C3|依申请公开规范化水平不高|个别部门依申请公开答复不规范，行政复议纠错案件时有发生|组织典型案例培训，对疑难复杂申请实行集中会商',
        'C4|基层政务公开有待深化|乡镇政务公开标准目录落实不到位，基层公开内容不够全面|开展乡镇政务公开专项指导，推动标准目录落地见效',
        'C5|政务新媒体管理有待加强|个别政务新媒体更新不及时、互动回应不够|落实政务新媒体常态化监测和季度通报',
        'C6|年度报告质量不高|部分部门年度报告数据统计不准确、文字表述雷同|加强年度报告审核把关，建立报送数据与年度报告逐项核对机制',
        'C7|公开数据可利用性不强|公开数据多为文字和图片，可机读、可下载的数据较少|推进重点领域数据以可下载格式公开',
        'C8|政务公开专区作用发挥不够|县政务服务中心政务公开专区利用率不高|完善专区功能，提供查阅、咨询和申请受理一站式服务',
    ),
}
#: problems a report must name (the unpublished report, seen by the county and by the bureau)
FORCED_PROBLEMS = {
    ('government', 2023): (
        'C9|年度报告未按期发布|个别部门未按期发布年度报告，本级汇总报告的部分数据无法与部门报告相互核对|建立年度报告发布提醒和督办机制，将部门年度报告发布情况纳入年度考核'
    ),
    ('education', 2024): (
        'E9|年度报告未按期发布|我局2023年度政府信息公开工作年度报告未按期发布，年度报告编制发布责任落实不到位|明确年度报告编制发布的责任人和时间节点，报告发布前由局主要负责人审定'
    ),
}
#: problems that say nearly the same thing: never in the same report
ALIKE = ({'G2', 'N3'}, {'G2', 'E2'}, {'G3', 'O2'}, {'G1', 'H2'}, {'G7', 'G1'})
#: the problems named by the reports that are read (transport 2021)
READ_PROBLEMS = {('transport', 2021): ['G1', 'G2', 'G3']}

PROBLEM_OPENING = (
    '$year年，$we_all政府信息公开工作取得了一定成效，但对照新要求仍存在一些不足：$list。',
    '$we_all政府信息公开工作还存在一些问题和不足，主要是：$list。',
    '在肯定成绩的同时，$we_all政府信息公开工作仍存在一些不足：$list。',
)
PROBLEM_FOLLOWUP = (
    '对上年度报告中提出的$titles等问题，$actor逐项制定整改措施，明确责任和完成时限，相关问题已基本整改到位。',
    '对上年度报告中提出的$titles等问题，$actor建立整改台账，实行清单化管理、销号式整改，相关问题已整改到位。',
    '上年度报告中提出的$titles等问题，$actor已结合县政务公开办检查反馈意见一并整改。',
)
PROBLEM_NEXT = (
    '下一步，$we将重点做好以下工作：',
    '$next年，$we将从以下方面加以改进：',
    '针对上述问题，$we将采取以下措施：',
)

FEES_NONE = (
    '本年度未收取信息处理费。',
    '$year年，$we未发出政府信息公开信息处理费收费通知，未收取信息处理费。',
    '依据《政府信息公开信息处理费管理办法》，本年度$we未收取信息处理费。',
)
PROPOSALS = (
    '$year年，$we承办县人大代表建议$proposals件、县政协委员提案$motions件，均已按期办结，办理复文已按要求公开。',
    '$year年，$we共办理人大代表建议$proposals件、政协委员提案$motions件，办理结果均已按要求公开。',
)
TASKS = '对照《某县$year年政务公开工作要点》，$we承担的$tasks项任务已全部完成。'
# notes of section 六 on the agencies' changes
REORGANISED, RENAMED, MERGED_2024, LATE_REPORT = (
    '2022年1月，根据县委机构编制委员会的通知，原某县林业局并入我局，加挂县林业局牌子。原某县林业局2021年度结转的$moved件政府信息公开申请由我局继续办理，计入本年度“二、上年结转政府信息公开申请数量”，因此该项数字与我局2021年度报告“四、结转下年度继续办理”的数字不一致。',
    '2020年，根据县机构改革部署，原某县农业局更名为某县农业农村局，原县农业局的政府信息公开工作由我局承接，本报告与原某县农业局2019年度报告相衔接。',
    '按照机构改革部署，原县乡村振兴局的职责划入我局，相关政府信息公开工作由我局一并承接。',
    '我局2023年度政府信息公开工作年度报告未按期发布，2023年度相关统计数据已报送县政务公开办，纳入某县人民政府2023年度政府信息公开工作年度报告汇总。',
)


# --------------------------------------------------------------------------------------------
# composing the text

_YEARS_PREFIX = re.compile(r'(\d{4})-(\d{4})\|')


def entries(pool: Iterable[str], year: int) -> list[str]:
    """The entries of a pool that fit the year."""
    out = []
    for entry in pool:
        m = _YEARS_PREFIX.match(entry)
        if m is None:
            out.append(entry)
        elif int(m[1]) <= year <= int(m[2]):
            out.append(entry[m.end() :])
    return out


def fill(text: str, ctx: dict[str, Any]) -> str:
    return string.Template(text).substitute(ctx)


class Memory:
    """What each agency wrote last year, so that this year's text says it differently (the
    formats ask for no 年年雷同)."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, str], list] = {}

    def fresh(self, dice: Dice, slug: str, what: str, options: list, k: int) -> list:
        avoid = self._last.get((slug, what), [])
        chosen = dice.sample([o for o in options if o not in avoid], k)
        if len(chosen) < k:
            chosen += dice.sample([o for o in options if o in avoid], k - len(chosen))
        self._last[(slug, what)] = chosen
        return chosen

    def one(self, dice: Dice, slug: str, what: str, options: list | tuple) -> str:
        return self.fresh(dice, slug, what, list(options), 1)[0]

    def last(self, slug: str, what: str) -> list:
        return self._last.get((slug, what), [])

    def remember(self, slug: str, what: str, value: list) -> None:
        self._last[(slug, what)] = value


def unit_extras(agency: Agency, year: int) -> dict[str, Any]:
    """The figures a unit's text quotes besides its tables (invented)."""
    dice = Dice('text-figures', agency.slug, year)
    items = dice.around(ITEMS[agency.slug] * (1 + 0.05 * (year - 2019)), 0.08)
    shares = {str(i): dice.int(15, 35) for i in range(4)}
    split = dice.split(items, shares)
    proposals = {'office': (6, 12), 'education': (10, 18), 'agriculture': (9, 16)}
    motions = {'office': (8, 15), 'education': (14, 25), 'agriculture': (10, 18)}
    return {
        'items': items,
        **{f'n{i}': split[str(i)] for i in range(4)},
        'posts': dice.int(180, 720),
        'train': dice.int(1, 4),
        'issues': dice.int(3, 9),
        'staff': dice.int(1, 3),
        'proposals': dice.int(*proposals.get(agency.slug, (5, 11))),
        'motions': dice.int(*motions.get(agency.slug, (6, 13))),
        'tasks': dice.int(8, 21),
        'k1': dice.int(16, 42),
    }


#: the figures of the transport files' own text, and those they do not give (invented)
READ_EXTRAS = {
    2020: {'items': 595, 'proposals': 7, 'motions': 9},
    2021: {'items': 642, 'proposals': 8, 'motions': 11},
}


def county_extras(year: int, units: list[Report]) -> dict[str, Any]:
    dice = Dice('text-figures', 'government', year)
    office = units[0]
    assert office.agency.slug == 'office'
    return {
        'items': sum(u.extra['items'] for u in units),
        'proposals': sum(u.extra['proposals'] for u in units),
        'motions': sum(u.extra['motions'] for u in units),
        'attend': office.extra['k1'],
        'meetings': dice.int(18, 26),
        'pre': dice.int(3, 8),
        'interp': dice.int(42, 86),
        'weight': dice.pick((3, 4, 5)),
        'survey': dice.int(600, 1500),
        'satis': f'{dice.int(930, 985) / 10:.1f}',
        'train': dice.int(2, 4),
        'trainees': dice.int(120, 260),
        'accounts': dice.int(28, 46),
    }


def context(report: Report) -> dict[str, Any]:
    agency, year = report.agency, report.year
    county = agency.level == 'government'
    ctx = {
        'year': year,
        'next': year + 1,
        'name': agency.name_in(year),
        'short': agency.short_in(year),
        'we': agency.we,
        'we_all': '全县' if county else agency.we,
        'actor': '县政务公开办' if county else agency.we,
        'congress': CONGRESS[year],
        'theme': THEME[year],
        'focus': agency.focus,
        'media': agency.media,
        'topic': TOPIC[year],
        'head': '县政府办公室主任' if agency.slug == 'office' else '局长',
        'unit': '县政务公开办' if agency.slug == 'office' else '局办公室',
    }
    if agency.slug == 'agriculture' and year < 2021:
        ctx['focus'] = '农业农村工作和脱贫攻坚'
    ctx.update(report.extra)
    return ctx


def ref(key: str) -> str:
    return '{{' + key + '}}'


def published_sentence(report: Report, ctx: dict, dice: Dice) -> str:
    cats = CATEGORIES[report.agency.slug]
    parts = '，'.join(f'{c}信息{ctx[f"n{i}"]}条' for i, c in enumerate(cats))
    opening = dice.pick(
        (
            '全年通过县政府门户网站、$media等渠道主动公开政府信息$items条',
            '$year年，$we累计主动公开政府信息$items条',
            '全年在县政府门户网站$short专栏和政务新媒体主动公开政府信息$items条',
        )
    )
    return fill(opening, ctx) + f'，其中{parts}。'


def normative_point(report: Report, owner: str = '') -> str | None:
    """The point on 行政规范性文件, quoting 表二."""
    key = 'active.normative_documents.'
    if report.form == '2019':
        if report.v(key + 'total_published') == 0:
            return None
        if report.v(key + 'new_made'):
            return (
                f'推进政策文件公开。全年{owner}新制作规范性文件{ref(key + "new_made")}件，'
                '均已在县政府门户网站公开，'
                f'累计对外公开规范性文件{ref(key + "total_published")}件。'
            )
        return (
            f'推进政策文件公开。本年度{owner}未制作规范性文件，'
            f'累计对外公开规范性文件{ref(key + "total_published")}件。'
        )
    issued, repealed = report.v(key + 'issued'), report.v(key + 'repealed')
    where = '县级政策文件库' if report.year >= 2022 else '县政府门户网站'
    if issued and repealed:
        done = (
            f'全年{owner}制发行政规范性文件{ref(key + "issued")}件、废止{ref(key + "repealed")}件'
        )
    elif issued:
        done = f'全年{owner}制发行政规范性文件{ref(key + "issued")}件，未废止文件'
    elif repealed:
        done = f'本年度{owner}未制发行政规范性文件，废止{ref(key + "repealed")}件'
    else:
        done = f'本年度{owner}未制发、废止行政规范性文件'
    return (
        f'推进政策文件公开。{done}，现行有效的{ref(key + "in_force")}件已在{where}集中公开，'
        '并标注文件有效性。'
    )


def enforcement_point(report: Report) -> str | None:
    """The point on licensing, penalties and coercion, quoting 表二 (blank cells are not
    quoted: there is no number to show)."""
    words = {'licensing': '行政许可', 'penalties': '行政处罚', 'coercion': '行政强制'}
    named = [r for r in words if report.v(f'active.{r}.decisions')]
    if not named:
        return None
    kinds = '、'.join(words[r] for r in named)
    done = '、'.join(f'{words[r]}决定{ref(f"active.{r}.decisions")}件' for r in named)
    if report.form == '2019':
        done = done.replace('行政许可决定', '行政许可处理决定')
    return (
        f'推进权力运行公开。及时公开{kinds}等执法信息，全年作出{done}，落实行政执法“双公示”要求。'
    )


def applications_paragraph(report: Report, ctx: dict, dice: Dice) -> str:
    """表三 in words, every figure a reference or a sum of referenced cells."""
    a = 'applications.'
    v = report.v
    text = f'{ctx["year"]}年，{ctx["we_all"]}共新收政府信息公开申请{ref(a + "new.total")}件'
    if v(a + 'from_last_year.total'):
        text += f'，另有上年结转申请{ref(a + "from_last_year.total")}件'
    who = [c for c in COLS if v(f'{a}new.{c}')]
    if who == ['natural_person']:
        text += '，均为自然人申请'
    elif who:
        text += '。新收申请中，' + '，'.join(
            f'{COL_WORDS[c]}申请{ref(f"{a}new.{c}")}件' for c in who
        )
    text += f'。本年度办结{ref(a + "total.total")}件'
    done = []
    if v(a + 'granted.total'):
        done.append(f'予以公开{ref(a + "granted.total")}件')
    if v(a + 'partial.total'):
        done.append(f'部分公开{ref(a + "partial.total")}件')
    withheld = sum(v(f'{a}{r}.total') for r in WITHHELD)
    if withheld:
        done.append(f'不予公开{withheld}件')
    unavailable = sum(v(f'{a}{r}.total') for r in UNAVAILABLE)
    if unavailable:
        not_held = v(a + 'unavailable.not_held.total')
        detail = (
            f'（其中本机关不掌握相关政府信息{ref(a + "unavailable.not_held.total")}件）'
            if not_held and not_held != unavailable
            else ''
        )
        done.append(f'无法提供{unavailable}件{detail}')
    not_processed = sum(v(f'{a}{r}.total') for r in NOT_PROCESSED)
    if not_processed:
        done.append(f'不予处理{not_processed}件')
    if report.form == '2019':
        if v(a + 'other_handling.total'):
            done.append(f'其他处理{ref(a + "other_handling.total")}件')
    else:
        other = sum(v(f'{a}{r}.total') for r in OTHER_2021)
        if other:
            done.append(f'其他处理{other}件')
    if done:
        text += '，其中' + '，'.join(done)
    if v(a + 'to_next_year.total'):
        text += dice.pick(
            (
                f'；另有{ref(a + "to_next_year.total")}件申请尚在法定答复期限内，'
                '结转下年度继续办理。',
                f'；结转下年度继续办理{ref(a + "to_next_year.total")}件。',
            )
        )
    else:
        text += '，无结转下年度继续办理的申请。'
    return text


def review_sentence(report: Report, we: str) -> str:
    """表四 in words."""
    v = report.v
    r = 'review.'
    reconsideration = v(r + 'reconsideration.total')
    direct, after = v(r + 'litigation_direct.total'), v(r + 'litigation_after_review.total')
    if not (reconsideration or direct or after):
        return f'本年度{we}未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。'
    words = {
        'upheld': '结果维持',
        'corrected': '结果纠正',
        'other': '其他结果',
        'pending': '尚未审结',
    }
    parts = []
    if reconsideration:
        detail = '、'.join(
            f'{w}{ref(f"{r}reconsideration.{c}")}件'
            for c, w in words.items()
            if v(f'{r}reconsideration.{c}')
        )
        parts.append(f'被申请行政复议{ref(r + "reconsideration.total")}件（{detail}）')
    else:
        parts.append('未被申请行政复议')
    if direct or after:
        kinds = []
        if direct:
            kinds.append(f'未经复议直接起诉{ref(r + "litigation_direct.total")}件')
        if after:
            kinds.append(f'复议后起诉{ref(r + "litigation_after_review.total")}件')
        parts.append(f'被提起行政诉讼{direct + after}件（{"、".join(kinds)}）')
    else:
        parts.append('未被提起行政诉讼')
    text = f'本年度{we}因政府信息公开' + '，'.join(parts) + '。'
    corrected = sum(v(f'{r}{g}.corrected') for g in REVIEW_ROWS)
    if corrected:
        text += '对被纠正的案件，已依法重新作出答复，并举一反三完善答复文书规范。'
    return text


def problems_section(
    report: Report, ctx: dict, dice: Dice, memory: Memory, previous: list[str] | None
) -> list:
    """Section 五: this year's problems (not last year's), what was done about last year's,
    and the measures."""
    slug = report.agency.slug
    pool = PROBLEMS[slug] if slug == 'government' else PROBLEMS[slug] + PROBLEMS['generic']
    by_id = {p.split('|', 1)[0]: p for p in pool}
    forced = FORCED_PROBLEMS.get((slug, report.year))
    chosen = [forced] if forced else []
    avoid = set(previous or [])
    while len(chosen) < 3:
        taken = {c.split('|', 1)[0] for c in chosen}
        clashing = {i for pair in ALIKE if pair & taken for i in pair}
        options = [p for i, p in by_id.items() if i not in avoid | taken | clashing]
        chosen += dice.sample(options, 1)
    ids = [c.split('|', 1)[0] for c in chosen]
    memory.remember(slug, 'problems', ids)
    report.problems = ids
    numbers = '一二三'
    listed = '；'.join(f'{numbers[i]}是{c.split("|")[2]}' for i, c in enumerate(chosen))
    blocks: list = [
        fill(memory.one(dice, slug, 'opening', PROBLEM_OPENING), {**ctx, 'list': listed})
    ]
    if previous:
        everything = (*PROBLEMS['generic'], *FORCED_PROBLEMS.values())
        known = {**by_id, **{p.split('|', 1)[0]: p for p in everything}}
        titles = '“' + '”“'.join(known[i].split('|')[1] for i in previous[:2]) + '”'
        followup = memory.one(dice, slug, 'followup', PROBLEM_FOLLOWUP)
        blocks.append(fill(followup, {**ctx, 'titles': titles}))
    blocks.append(fill(memory.one(dice, slug, 'next', PROBLEM_NEXT), ctx))
    blocks.append({'points': [c.split('|')[3] + '。' for c in chosen]})
    return blocks


def fee_sentence(report: Report, ctx: dict, dice: Dice, names: list[str] | None = None) -> str:
    """Section 六 always says whether an information processing fee was charged (RF.1)."""
    unpaid = report.v('applications.other_handling.fee_unpaid.total')
    if not unpaid:
        if names is not None:
            return (
                '依据《政府信息公开信息处理费管理办法》，全县各行政机关本年度均未收取信息处理费。'
            )
        return fill(dice.pick(FEES_NONE), ctx)
    if names is not None:
        return (
            f'依据《政府信息公开信息处理费管理办法》，本年度{"、".join(names)}'
            f'对在一个自然月内提交申请数量较多的申请人按件计收信息处理费，发出收费通知{unpaid}件；'
            '申请人逾期未缴纳费用，不再处理其申请。全县实际收取信息处理费0元。'
        )
    return (
        f'依据《政府信息公开信息处理费管理办法》，本年度{ctx["we"]}对在一个自然月内提交申请数量较多'
        f'的申请人按件计收信息处理费，发出收费通知{unpaid}件；申请人逾期未缴纳费用，{ctx["we"]}按规定'
        '不再处理该申请，计入表三“（六）其他处理”第2项。全年实际收取信息处理费0元。'
    )


def preamble(report: Report, units: list[Report] | None = None) -> str:
    year = report.year
    name = report.agency.name_in(year)
    if report.form == '2019':
        basis = (
            '《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》'
            '（国办公开办函〔2019〕60号）'
        )
    else:
        basis = (
            '《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度'
            '报告格式〉的通知》（国办公开办函〔2021〕30号）'
        )
    text = f'本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{basis}要求，'
    if units is None:
        text += f'由{name}编制。'
    else:
        names = '、'.join(u.agency.short_in(year) for u in units[1:])
        text += (
            '由某县人民政府办公室（县政务公开办）汇总编制。本报告的数据为县人民政府办公室和'
            f'{names}等{len(units)}个单位政府信息公开工作年度报告数据的汇总，'
            '表格中的数字为各单位报告数字之和。'
        )
    text += (
        '全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开'
        '行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。'
        f'本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。'
    )
    return text


def table_intros(report: Report, ctx: dict) -> dict[str, str]:
    who = '全县' if report.agency.level == 'government' else ctx['we']
    year = report.year
    active = f'{year}年，{who}主动公开政府信息情况如下。'
    if report.form == '2019':
        active = f'{year}年，{who}主动公开政府信息情况如下（“采购总金额”的单位为万元）。'
    return {
        'active': active,
        'applications': f'{year}年，{who}收到和处理政府信息公开申请情况如下。',
        'review': f'{year}年，{who}政府信息公开行政复议、行政诉讼情况如下。',
    }


def unit_text(report: Report, memory: Memory) -> dict[str, Any]:
    """The preamble and the sections of a unit's report."""
    agency, year = report.agency, report.year
    slug = agency.slug
    ctx = context(report)
    dice = Dice('text', slug, year)
    intro = fill(memory.one(dice, slug, 'intro', INTRO), ctx)
    if year == 2019:
        intro += fill(INTRO_2019, ctx)
    domain = memory.fresh(dice, slug, 'domain', entries(DOMAIN[slug], year), 1)
    points = [fill(p, ctx) for p in domain]
    owner = '县政府及县政府办公室' if slug == 'office' else ''
    points += [p for p in (normative_point(report, owner), enforcement_point(report)) if p]
    ctx['gov'] = round(report.v('applications.total.total') * 0.6)
    process = fill(PROCESS[slug], ctx)
    if dice.unit() < 0.5:
        process += memory.one(dice, slug, 'process', PROCESS_MORE)
    management = memory.fresh(dice, slug, 'management', MANAGEMENT, 1)
    platform = memory.fresh(dice, slug, 'platform', entries(PLATFORM, year), 1)
    # the organisation, then training and checking in turn
    third = ('checking', CHECKING) if year % 2 else ('training', TRAINING)
    supervision = [memory.one(dice, slug, 'leadership', LEADERSHIP), memory.one(dice, slug, *third)]
    overview = [
        intro,
        {
            'heading': '主动公开',
            'content': [published_sentence(report, ctx, dice), {'points': points}],
        },
        {
            'heading': '依申请公开',
            'content': [
                applications_paragraph(report, ctx, dice),
                process + review_sentence(report, ctx['we']),
            ],
        },
        {'heading': '政府信息管理', 'content': [fill(m, ctx) for m in management]},
        {
            'heading': '平台建设' if report.form == '2019' else '政府信息公开平台建设',
            'content': [''.join(fill(p, ctx) for p in platform)],
        },
        {'heading': '监督保障', 'content': [{'points': [fill(s, ctx) for s in supervision]}]},
    ]
    previous = READ_PROBLEMS.get((slug, year - 1)) or memory.last(slug, 'problems')
    if year == 2019 or (slug, year - 1) == MISSING:
        previous = None
    problems = problems_section(report, ctx, dice, memory, previous)
    other: list[str] = []
    if report.form == '2021':
        other.append(fee_sentence(report, ctx, dice))
    if (slug, year) == ('natural-resources', 2022):
        moved = sum(EXTRA_CARRY[(slug, year)].values())
        other.append(fill(REORGANISED, {**ctx, 'moved': moved}))
    if (slug, year) == ('agriculture', 2020):
        other.append(RENAMED)
    if (slug, year) == ('agriculture', 2024):
        other.append(MERGED_2024)
    if (slug, year) == ('education', 2024):
        other.append(LATE_REPORT)
    if dice.unit() < 0.85:
        other.append(fill(dice.pick(PROPOSALS), ctx))
    if report.form == '2021' and dice.unit() < 0.25:
        other.append(fill(TASKS, ctx))
    if not other:
        other = ['无其他需要报告的事项。']
    return {
        'preamble': preamble(report),
        'sections': {
            'overview': overview,
            **table_intros(report, ctx),
            'problems': problems,
            'other': other,
        },
    }


def county_text(report: Report, units: list[Report], memory: Memory) -> dict[str, Any]:
    """The preamble and the sections of the county's report (本级政府)."""
    year = report.year
    ctx = context(report)
    dice = Dice('text', 'government', year)
    intro = fill(memory.one(dice, 'government', 'intro', COUNTY_INTRO), ctx)
    points = [
        fill(
            '推进决策和会议公开。全年召开县政府常务会议$meetings次，会议议定事项及时公开，邀请'
            '利益相关方和群众代表列席$attend人次；对$pre项重大行政决策事项公开征求意见，发布政策'
            '解读$interp篇。',
            ctx,
        ),
        '推进重点领域信息公开。' + COUNTY_FOCUS[year],
    ]
    points += [p for p in (normative_point(report), enforcement_point(report)) if p]
    new_total = report.v('applications.new.total')
    busiest = units[0].v('applications.new.total') + units[2].v('applications.new.total')
    share = round(100 * busiest / new_total)
    focus = (
        f'从受理机关看，{units[2].agency.short_in(year)}和县政府办公室的申请合计占新收申请的'
        f'{share}%，主要涉及征地补偿安置、县政府文件和政策咨询。'
    )
    supervision = [
        fill(
            '强化工作考核。将政务公开工作纳入全县高质量发展综合绩效考核，分值占比$weight%，'
            '对县政府各部门和各乡镇政务公开工作开展季度检查，检查结果在全县通报。',
            ctx,
        ),
        fill(
            '开展社会评议。通过县政府门户网站“政务公开意见建议”栏目和问卷调查开展社会评议，'
            '收回有效问卷$survey份，群众满意度$satis%。',
            ctx,
        ),
        '严格责任追究。'
        + (
            '对未按期发布2023年度政府信息公开工作年度报告的某县教育局进行通报批评，责令限期整改。'
            if year == 2023
            else '本年度全县未发生因政务公开工作不力被责任追究的情况。'
        ),
        fill(
            '加强培训指导。举办全县政务公开业务培训$train期，培训各部门和各乡镇工作人员$trainees'
            '人次，重点学习$topic。',
            ctx,
        ),
    ]
    overview = [
        intro,
        {
            'heading': '主动公开',
            'content': [fill('全年共主动公开政府信息$items条。', ctx), {'points': points}],
        },
        {
            'heading': '依申请公开',
            'content': [
                applications_paragraph(report, ctx, dice) + focus,
                review_sentence(report, '全县'),
            ],
        },
        {
            'heading': '政府信息管理',
            'content': [
                ''.join(
                    fill(m, ctx)
                    for m in memory.fresh(dice, 'government', 'management', COUNTY_MANAGEMENT, 1)
                )
            ],
        },
        {
            'heading': '平台建设' if report.form == '2019' else '政府信息公开平台建设',
            'content': [
                ''.join(
                    fill(p, ctx)
                    for p in memory.fresh(
                        dice, 'government', 'platform', entries(COUNTY_PLATFORM, year), 1
                    )
                )
            ],
        },
        {'heading': '监督保障', 'content': [{'points': supervision}]},
    ]
    previous = memory.last('government', 'problems') if year > 2019 else None
    problems = problems_section(report, ctx, dice, memory, previous)
    other: list[str] = []
    if report.form == '2021':
        charged = [
            u.agency.short_in(year)
            for u in units
            if u.v('applications.other_handling.fee_unpaid.total')
        ]
        other.append(fee_sentence(report, ctx, dice, charged))
    if year == 2022:
        moved = sum(EXTRA_CARRY[('natural-resources', 2022)].values())
        other.append(
            '2022年1月，原某县林业局并入县自然资源局。原某县林业局2021年度结转的'
            f'{moved}件政府信息公开申请由县自然资源局继续办理，计入本年度上年结转数；原某县'
            '林业局不在本报告2021年度的汇总范围内，因此本年度上年结转数与2021年度报告的结转'
            '下年度数不一致。'
        )
    if year == 2023:
        other.append(
            '截至本报告发布时，某县教育局2023年度政府信息公开工作年度报告尚未发布。本报告中'
            '该局的数据使用其向县政务公开办报送的统计数，县政务公开办已对该局进行通报并督促整改。'
        )
    other.append(
        fill(
            '$year年，县政府系统共承办县人大代表建议$proposals件、县政协委员提案$motions件，'
            '均已按期办结，办理复文已按要求公开。',
            ctx,
        )
    )
    return {
        'preamble': preamble(report, units),
        'sections': {
            'overview': overview,
            **table_intros(report, ctx),
            'problems': problems,
            'other': other,
        },
    }


# --------------------------------------------------------------------------------------------
# dates, acknowledgements, units


def published_on(agency: Agency, year: int) -> date:
    """Departments publish by 1月31日; the county's summary follows in February (March for the
    2019 report, the first in the national format: the 本级政府 report is due by 3月31日)."""
    dice = Dice('published', agency.slug, year)
    if agency.level == 'government':
        if year == 2019:
            return date(2020, 3, dice.int(10, 20))
        return date(year + 1, 2, dice.int(10, 19))
    return date(year + 1, 1, dice.int(13, 29))


def acknowledgements(agency: Agency, year: int) -> list[dict[str, Any]]:
    """The deliberate, explained breaks of a rule."""
    moved = EXTRA_CARRY[('natural-resources', 2022)]
    detail = '、'.join(f'{COL_WORDS[c]}{n}件' for c, n in moved.items())
    cells = [f'applications.from_last_year.{c}' for c in moved]
    if (agency.slug, year) == ('natural-resources', 2022):
        return [
            {
                'rule': 'RX.1',
                'explanation': (
                    '2022年1月原某县林业局并入我局，原县林业局2021年度结转的'
                    f'{sum(moved.values())}件政府信息公开申请（{detail}）由我局继续办理，计入本年度'
                    '上年结转数，因此与我局2021年度报告的结转下年度数不一致。'
                ),
                'cells': cells,
            }
        ]
    if (agency.slug, year) == ('government', 2022):
        return [
            {
                'rule': 'RX.1',
                'explanation': (
                    '2022年1月原某县林业局并入县自然资源局，原县林业局2021年度结转的'
                    f'{sum(moved.values())}件政府信息公开申请（{detail}）计入本年度上年结转数；'
                    '原县林业局不在2021年度的汇总范围内，因此与2021年度报告的结转下年度数不一致。'
                ),
                'cells': [*cells, 'applications.from_last_year.total'],
            }
        ]
    if (agency.slug, year) == ('government', 2023):
        return [
            {
                'rule': 'RH.2',
                'explanation': (
                    '某县教育局2023年度报告未按期发布，本级汇总数据使用该局报送的统计数。'
                ),
            }
        ]
    return []


def unit_path(agency: Agency, year: int) -> str:
    """A unit's report as the county's report names it (relative to the county's file)."""
    return f'../../{agency.slug}/reports/{year}.yaml'


# --------------------------------------------------------------------------------------------
# writing YAML (by hand, in the style of the example reports: one table row a line)

_REF = re.compile(r'\{\{\s*([A-Za-z0-9_.]+)\s*\}\}')


def spaced(text: str) -> str:
    return _REF.sub(lambda m: '{{ ' + m[1] + ' }}', text)


def scalar(value: Any) -> str:
    if value is None:
        return '~'
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = spaced(str(value))
    plain = (
        text
        and text == text.strip()
        and text[0] not in '-?:,[]{}#&*!|>\'"%@`'
        and ': ' not in text
        and ' #' not in text
        and not text.endswith(':')
        and '\n' not in text
        and yaml.safe_load(text) == text
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def blocks_yaml(lines: list[str], blocks: list, indent: int) -> None:
    pad = ' ' * indent
    for block in blocks:
        if isinstance(block, str):
            lines.append(f'{pad}- {scalar(block)}')
        elif 'heading' in block:
            lines.append(f'{pad}- heading: {scalar(block["heading"])}')
            lines.append(f'{pad}  content:')
            blocks_yaml(lines, block['content'], indent + 4)
        else:
            lines.append(f'{pad}- points:')
            for point in block['points']:
                lines.append(f'{pad}    - {scalar(point)}')


def row_yaml(report: Report, table: str, row: str, cols: Iterable[str]) -> str:
    keys = [f'{table}.{row}.{c}' for c in cols]
    values = ', '.join(
        f'{k.rsplit(".", 1)[1]}: {scalar(report.v(k))}' for k in keys if k in report.written
    )
    return '{' + values + '}'


def report_yaml(
    report: Report, text: dict, units: list[str], acks: list[dict], notes: list[str]
) -> str:
    agency, year, form = report.agency, report.year, report.form
    title = f'{agency.name_in(year)}{year}年政府信息公开工作年度报告'
    lines = [f'# {title}', '#']
    lines += [
        '# Generated by tools/example_portal.py: an INVENTED example for the example portal, not',
        '# a published report. Do not edit by hand: change the script and run it again.',
    ]
    for note in notes:
        lines += ['#', *(f'# {n}' if n else '#' for n in note.split('\n'))]
    lines += [
        '',
        f'agency: {scalar(agency.name_in(year))}',
        f'agency_id: {agency.agency_id}',
        f'level: {agency.level}',
        f'year: {year}',
        f'published: {scalar(published_on(agency, year))}',
    ]
    if units:
        lines.append('units:')
        lines += [f'  - {u}' for u in units]
    lines += ['', f'preamble: {scalar(text["preamble"])}', '', 'sections:']
    for key, value in text['sections'].items():
        if isinstance(value, str):
            lines.append(f'  {key}: {scalar(value)}')
        else:
            lines.append(f'  {key}:')
            blocks_yaml(lines, value, 4)
    lines += ['', f'# 二、主动公开政府信息情况 ({form} format)', 'active:']
    for row, cols in ACTIVE[form]:
        lines.append(f'  {row}: {row_yaml(report, "active", row, cols)}')
    totals = 'written' if 'applications.total.total' in report.written else 'derived'
    lines += ['', f'# 三、收到和处理政府信息公开申请情况 (totals {totals})', 'applications:']
    group = None
    for row in app_rows(form):
        if f'applications.{row}.natural_person' not in report.written:
            continue
        values = row_yaml(report, 'applications', row, APP_COLS)
        if '.' in row:
            parent, child = row.split('.')
            if parent != group:
                lines.append(f'  {parent}:')
                group = parent
            lines.append(f'    {child}: {values}')
        else:
            group = None
            lines.append(f'  {row}: {values}')
    lines += ['', f'# 四、政府信息公开行政复议、行政诉讼情况 (totals {totals})', 'review:']
    for row in REVIEW_ROWS:
        lines.append(f'  {row}: {row_yaml(report, "review", row, REVIEW_COLS)}')
    corrected = CORRECTED.get((agency.slug, year))
    if corrected:
        key, delta, date_, reason = corrected
        lines += [
            '',
            'revisions:',
            f'  - date: {date_}',
            f'    reason: {scalar(reason)}',
            '    changes:',
            f'      - key: {key}',
            f'        old: {report.v(key) + delta}',
        ]
    if acks:
        lines += ['', 'acknowledged:']
        for ack in acks:
            lines.append(f'  - rule: {ack["rule"]}')
            if 'cells' in ack:
                lines.append(f'    cells: [{", ".join(ack["cells"])}]')
            lines.append(f'    explanation: {scalar(ack["explanation"])}')
    return '\n'.join(lines) + '\n'


#: a report corrected after publication (更正): the cell, what the first publication said
#: (current value + delta), the date and the reason of the correction
CORRECTED = {
    ('housing', 2024): (
        'applications.new.natural_person',
        1,
        '2025-02-10',
        '统计时误将1件来电咨询计入政府信息公开申请，现予更正。',
    ),
}


def notes_for(report: Report) -> list[str]:
    """Comments at the top of a file: what is special about it."""
    slug, year = report.agency.slug, report.year
    notes = []
    if report.agency.level == 'government':
        notes.append(
            'The 本级政府 report: each figure of its tables is the sum of the same cell in the\n'
            'reports of its units (units:, relative to this file); it writes its totals.'
        )
        if year in (2019, 2020):
            notes.append(
                '某县交通运输局 leaves some 表二 cells blank (and in 2020 the 总计 column\n'
                'of 表三): those cells here are the sum of the other units, and cannot be\n'
                'compared (RH.1).'
            )
    else:
        notes.append('The totals of 表三 and 表四 are left out: the tool derives them.')
    if (slug, year) == ('government', 2023):
        notes.append(
            '某县教育局 did not publish its 2023 report (its file does not exist): RH.2 is\n'
            "acknowledged, and the figures include the bureau's unpublished figures."
        )
    if year == 2022 and slug in ('government', 'natural-resources'):
        notes.append(
            'Deliberate break of RX.1, acknowledged: applications carried over from the 林业局,\n'
            'merged into 某县自然资源局 in January 2022.'
        )
    if (slug, year) in CORRECTED:
        notes.append(
            'Corrected after publication, before the county summary (which sums the corrected\n'
            'figure): the revision records the figure first published (更正说明 under the title).'
        )
    if (slug, year) == ('agriculture', 2019):
        notes.append(
            'Published under the old name 某县农业局: agency_id links it to 某县农业农村局.'
        )
    if (slug, year) == ('transport', 2019):
        notes.append(
            'Leads to 2020.yaml, a real published report: its 上一年项目数量 and\n'
            "对外公开总数量 follow from this one, its 上年结转 (0) is this one's\n"
            '结转下年度, and the 表二 cells it leaves blank are blank here too.'
        )
    return notes


# --------------------------------------------------------------------------------------------
# verification: the files as written, read back


def _texts(blocks: Any) -> Iterable[str]:
    if isinstance(blocks, str):
        yield blocks
    elif isinstance(blocks, list):
        for block in blocks:
            yield from _texts(block)
    elif isinstance(blocks, dict):
        for key in ('heading', 'content', 'points', 'text'):
            if key in blocks:
                yield from _texts(blocks[key])


def _resolved(text: str, cells: dict[str, Value], where: str) -> str:
    def value(m: re.Match) -> str:
        assert m[1] in cells, f'{where}: unknown reference {m[1]}'
        assert cells[m[1]] is not None, f'{where}: reference to a blank cell {m[1]}'
        return str(cells[m[1]])

    return _REF.sub(value, text)


def verify(out: Path, built: dict[str, list[Report]]) -> dict[str, Any]:
    """Check every rule on the files as written (read back with PyYAML, totals recomputed),
    independently of how they were generated. Returns a few figures for the summary."""
    catalogue = yaml.safe_load(CATALOGUE.read_text(encoding='utf-8'))
    r35 = next(r for r in catalogue if r['id'] == 'R3.5')
    patterns = [(p['key'], re.compile(p['regex'])) for p in r35['patterns']]
    files: dict[tuple[str, int], tuple[Report, dict]] = {}
    for agency in (*UNITS, GOVERNMENT):
        for year in YEARS:
            path = out / agency.slug / 'reports' / f'{year}.yaml'
            if agency.slug == 'transport' and year in TRANSPORT_READ:
                path = transport_source(out, year)
            if (agency.slug, year) == MISSING:
                assert not path.exists(), path
                continue
            report = read_report(agency, year, path)
            data = yaml.safe_load(path.read_text(encoding='utf-8'))
            files[(agency.slug, year)] = (report, data)
    stats: dict[str, Any] = {'files': len(files), 'lengths': []}
    for (slug, year), (report, data) in files.items():
        where = f'{slug}/{year}'
        form, v = report.form, report.v
        generated = not (slug == 'transport' and year in TRANSPORT_READ)
        # counts and types (R2.1, R3.4, R4.2)
        for key, value in report.cells.items():
            if value is None:
                continue
            if key.endswith('.amount'):
                assert isinstance(value, (int, Decimal)) and value >= 0, (where, key)
            elif key.endswith('.change'):
                assert isinstance(value, int), (where, key)
            else:
                assert isinstance(value, int) and value >= 0, (where, key, value)
        # totals (R3.2, R3.3, R4.1): written totals equal the sums of their parts
        derived = complete({k: x for k, x in report.cells.items() if not is_total(k)}, form)
        for key in report.written:
            if is_total(key) and None not in (v(key), derived[key]):
                assert v(key) == derived[key], (where, key, v(key), derived[key])
        for col in APP_COLS:
            cell = {r: v(f'applications.{r}.{col}') for r in ('new', 'from_last_year', 'total')}
            cell['out'] = v(f'applications.to_next_year.{col}')
            if None in cell.values():
                continue
            available = cell['new'] + cell['from_last_year']
            assert available == cell['total'] + cell['out'], (where, 'R3.1', col)  # R3.1
            assert cell['total'] <= available and cell['out'] <= available, (where, 'R3.4')
        if form == '2019' and v('applications.total.total'):
            share = v('applications.other_handling.total') / v('applications.total.total')
            assert share <= 0.1, (where, 'R3.6', share)
        # the portal's metadata
        if generated:
            assert data['agency_id'] == report.agency.agency_id, where
            assert data['level'] == report.agency.level, where
            assert data['agency'] == report.agency.name_in(year), where
            day = data['published']
            if report.agency.level == 'government':
                assert date(year + 1, 2, 1) <= day <= date(year + 1, 3, 31), where
            else:
                assert date(year + 1, 1, 1) <= day <= date(year + 1, 1, 31), where
        # the text: references resolve (R3.5 by construction), quoted figures agree, fees (RF.1)
        sections = data['sections']
        for section in ('overview', 'applications'):
            for text in _texts(sections.get(section)):
                said = _resolved(text, report.cells, where)
                for key, pattern in patterns:
                    for m in pattern.finditer(said):
                        assert int(m['n']) == v(key), (where, 'R3.5', m[0], v(key))
        all_text = [_resolved(t, report.cells, where) for t in _texts(data.get('preamble'))]
        for value in sections.values():
            all_text += [_resolved(t, report.cells, where) for t in _texts(value)]
        other = ''.join(_resolved(t, report.cells, where) for t in _texts(sections['other']))
        unpaid = [
            c for c in COLS if form == '2021' and v(f'applications.other_handling.fee_unpaid.{c}')
        ]
        if unpaid or (generated and form == '2021'):
            assert '信息处理费' in other, (where, 'RF.1')
        if generated:
            length = sum(len(t) for t in all_text)
            stats['lengths'].append(length)
            assert 1000 <= length <= 2100, (where, 'length', length)
            overview = sum(
                len(_resolved(t, report.cells, where)) for t in _texts(sections['overview'])
            )
            # 2021 format: 总体情况 "篇幅原则上不超过一千字" (a little more for the county)
            assert overview <= 1200, (where, 'overview length', overview)
        # acknowledgements: exactly the deliberate ones
        expected = acknowledgements(report.agency, year) if generated else []
        assert (data.get('acknowledged') or []) == expected, (where, 'acknowledged')
    # across years (RX.1, R2.2, R2.3): the breaks are exactly the acknowledged ones
    for agency in (*UNITS, GOVERNMENT):
        for year in YEARS[1:]:
            this, last = files.get((agency.slug, year)), files.get((agency.slug, year - 1))
            if this is None or last is None:
                continue
            (cur, data), prev = this, last[0]
            acknowledged = {c for a in data.get('acknowledged') or [] for c in a.get('cells', [])}
            for col in APP_COLS:
                key = f'applications.from_last_year.{col}'
                before = f'applications.to_next_year.{col}'
                a, b = cur.v(key), prev.v(before)
                if a is None or b is None:
                    continue
                if key not in cur.written and before not in prev.written:
                    continue  # derived on both sides: the columns they add up are compared
                assert (a == b) == (key not in acknowledged), (agency.slug, year, 'RX.1', col)
            if cur.form == prev.form == '2021':
                for row in ('regulations', 'normative_documents'):
                    k = f'active.{row}.'
                    stock = prev.v(k + 'in_force') + cur.v(k + 'issued') - cur.v(k + 'repealed')
                    assert cur.v(k + 'in_force') == stock, (agency.slug, year, 'R2.2', row)
            if cur.form == prev.form == '2019':
                for row, cols in ACTIVE['2019']:
                    k = f'active.{row}.'
                    if 'previous_items' in cols:
                        a, b = cur.v(k + 'previous_items'), prev.v(k + 'previous_items')
                        c = prev.v(k + 'change')
                        if None not in (a, b, c):
                            assert a == b + c, (agency.slug, year, 'R2.3', row)
                    if 'total_published' in cols:
                        a, b = cur.v(k + 'total_published'), prev.v(k + 'total_published')
                        c = cur.v(k + 'new_published')
                        if None not in (a, b, c):
                            assert a == b + c, (agency.slug, year, 'R2.3', row)
    # the county: the cell-by-cell sum of its units (RH.1); one unit missing in one year (RH.2)
    uncomparable: list[str] = []
    for i, year in enumerate(YEARS):
        county, data = files[('government', year)]
        assert data['units'] == [unit_path(a, year) for a in UNITS], year
        missing = [a.slug for a in UNITS if (a.slug, year) not in files]
        assert missing == ([MISSING[0]] if year == MISSING[1] else []), year
        parts = [
            files[(a.slug, year)][0] if (a.slug, year) in files else built[a.slug][i] for a in UNITS
        ]
        published = [files[(a.slug, year)][0] for a in UNITS if (a.slug, year) in files]
        differs = 0
        for key in table_keys(county.form):
            values = [p.v(key) for p in parts]
            given = [x for x in values if x is not None]
            assert county.v(key) == sum(given[1:], given[0]), (year, 'RH.1', key)
            if len(given) < len(values):
                uncomparable.append(f'{year} {key}')
            shown = [p.v(key) for p in published]
            if None not in shown and county.v(key) != sum(shown[1:], shown[0]):
                differs += 1
        assert (differs > 0) == (year == MISSING[1]), (year, differs)
        if year == MISSING[1]:
            stats['differs'] = differs
    stats['uncomparable'] = uncomparable
    return stats


# --------------------------------------------------------------------------------------------
# main


def generate(out: Path) -> dict[str, list[Report]]:
    """Build every report in order, write the files, and return the reports."""
    memory = Memory()
    units = {a.slug: build_unit(a, out) for a in UNITS}
    for agency in UNITS:
        for report in units[agency.slug]:
            report.extra = (
                dict(READ_EXTRAS[report.year])
                if report.source
                else unit_extras(agency, report.year)
            )
    counties, _ = build_county(units)
    written: list[tuple[Path, str]] = []
    for agency in UNITS:
        for report in units[agency.slug]:
            path = out / agency.slug / 'reports' / f'{report.year}.yaml'
            if report.source:
                continue
            text = unit_text(report, memory)  # in year order: each year differs from the last
            if report.published:
                acks = acknowledgements(agency, report.year)
                written.append((path, report_yaml(report, text, [], acks, notes_for(report))))
            elif path.exists():
                path.unlink()
    for i, county in enumerate(counties):
        parts = [units[a.slug][i] for a in UNITS]
        county.extra = county_extras(county.year, parts)
        text = county_text(county, parts, memory)
        paths = [unit_path(a, county.year) for a in UNITS]
        acks = acknowledgements(GOVERNMENT, county.year)
        path = out / 'government' / 'reports' / f'{county.year}.yaml'
        written.append((path, report_yaml(county, text, paths, acks, notes_for(county))))
    for path, content in written:
        assert yaml.safe_load(content) is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding='utf-8')
    return units


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument(
        '--out',
        type=Path,
        default=DEFAULT_OUT,
        help='folder of the agencies (default: example_site/agencies)',
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    units = generate(out)
    stats = verify(out, units)
    lengths = stats['lengths']
    print(
        f'{stats["files"]} reports checked in {out} ({len(lengths)} written by this script, '
        f'{min(lengths)}–{max(lengths)} characters of text); '
        f'{len(stats["uncomparable"])} county cells summed over a blank unit cell; '
        f"{stats['differs']} county cells of {MISSING[1]} differ from the published units' sum."
    )
    return 0


if __name__ == '__main__':
    sys.exit(main())
