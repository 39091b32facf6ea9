"""Benchmark: a sphinx-disclosure site against the same site written by hand in reST.

For each size N given with ``--reports``, the script generates N consistent synthetic reports
of both national formats (one folder per agency, two or three consecutive years each, so the
cross-year lookup happens), and two Sphinx sites with the same pages:

* the plugin site: ``extensions = ['sphinx_disclosure']``, one YAML file per report and one page
  per report holding ``.. disclosure-report:: reports/<year>.yaml``;
* the baseline site: no extension, each page written out in reST -- the same title, the same
  headings with their numbers typed, the same paragraphs, the statutory tables as grid tables
  with the same merged cells and the same numbers.

Both are built in the same run, each build in a child process (``python -m sphinx -b html``)
whose wall time and peak RSS (``os.wait4``) are measured: a full build, a no-op rebuild, a
rebuild after an edit (one YAML file for the plugin, the page itself for the baseline) and a
fresh full build with ``-j 2``. ``sphinx-disclosure check`` over all the reports is timed
against the floor of parsing the same files with PyYAML's C loader. The result is JSON on
stdout; progress goes to stderr. See ``benchmarks/README.md``.

Run it with the project's virtual environment, from anywhere::

    .venv/bin/python benchmarks/build.py --reports 300 1000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # tests.reports (report data generated from the forms)

import docutils  # noqa: E402
import sphinx  # noqa: E402
import yaml  # noqa: E402

import sphinx_disclosure  # noqa: E402
from sphinx_disclosure import numbering  # noqa: E402
from sphinx_disclosure.forms import TableForm, all_forms, form_for_year  # noqa: E402
from sphinx_disclosure.model import (  # noqa: E402
    BulletList,
    Heading,
    Paragraph,
    Points,
    Report,
    format_value,
    load_report,
)
from tests.reports import report as base_report  # noqa: E402

STEPS = ('full', 'noop', 'edit', 'parallel', 'check')

#: the targets, stated for 1,000 reports
TARGETS_FOR_REPORTS = 1000
LIMITS = {
    'full_build_ratio': 1.05,
    'noop_ratio': 1.3,
    'edit_ratio': 1.3,
    'check_vs_yaml_floor': 0.5,
    'peak_rss_ratio': 1.05,
}

#: runs of the check step (each a few seconds): a single run on a shared machine is noisy
CHECK_REPEAT = 3

#: the sentence changed by the edit step (in the YAML file, and in the baseline page)
EDIT_MARK = '办理结果均已按要求公开。'


def log(message: str) -> None:
    print(f'[{time.strftime("%H:%M:%S")}] {message}', file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# layout: agencies and years


@dataclass
class Agency:
    number: int
    years: list[int]

    @property
    def name(self) -> str:
        return f'测试县第{self.number:04d}局'

    @property
    def folder(self) -> str:
        return f'agencies/a{self.number:04d}'


def plan(n: int) -> list[Agency]:
    """Agencies with 3 and 2 consecutive years in turn, starting 2019 to 2022 in turn, so that
    both formats (2019–2020, 2021 onwards) appear and some agencies cross the change; the last
    agency takes what is left, so the total is exactly ``n`` reports."""
    agencies: list[Agency] = []
    left = n
    i = 0
    while left > 0:
        count = min(left, 3 if i % 2 == 0 else 2)
        start = 2019 + (i // 2) % 4
        agencies.append(Agency(i + 1, list(range(start, start + count))))
        left -= count
        i += 1
    return agencies


def edit_target(agencies: list[Agency]) -> tuple[Agency, int]:
    """The report edited by the edit step: the middle year of an agency with three years (from
    the middle of the list), so the year before must not be re-read and the year after must."""
    candidates = [a for a in agencies if len(a.years) >= 3] or [
        a for a in agencies if len(a.years) >= 2
    ]
    if not candidates:
        return agencies[0], agencies[0].years[0]
    agency = candidates[len(candidates) // 2]
    return agency, agency.years[1] if len(agency.years) >= 3 else agency.years[0]


# --------------------------------------------------------------------------------------------
# report data


def _pick(rng: random.Random, low: int, high: int, p: float = 1.0) -> int:
    return rng.randint(low, high) if rng.random() < p else 0


APPLICANT_WEIGHT = {
    'natural_person': 1.0,
    'business': 0.35,
    'research': 0.05,
    'nonprofit': 0.1,
    'legal_services': 0.2,
    'other': 0.1,
}


def _application_value(rng: random.Random, row: str, col: str) -> int:
    weight = APPLICANT_WEIGHT.get(col, 0.1)
    if row == 'granted':
        base = rng.randint(3, 40)
    elif row == 'partial':
        base = rng.randint(0, 6)
    elif row == 'unavailable.not_held':
        base = rng.randint(0, 10)
    elif row.startswith(('withheld.', 'unavailable.', 'not_processed.')):
        base = _pick(rng, 1, 3, 0.3)
    elif row.startswith('other_handling'):
        base = 0 if row.endswith('fee_unpaid') else _pick(rng, 1, 1, 0.1)
    elif row == 'to_next_year':
        base = rng.randint(0, 3)
    else:
        base = 0
    return round(base * weight + (rng.random() < weight * 0.3))


def table_values(form_id: str, rng: random.Random, prev: dict | None) -> dict[str, dict]:
    """Values of the non-total cells, keyed by table and key, consistent with last year's
    report ``prev`` (the data of the same agency's previous year) where the rules compare."""
    form = all_forms()[form_id]
    prev_form = prev['_form'] if prev else None
    same = prev_form == form_id
    out: dict[str, dict] = {}

    # 表二
    active: dict = {}
    pa = prev['active'] if prev else {}
    if form_id == '2021':
        for row in ('regulations', 'normative_documents'):
            issued = 0 if row == 'regulations' else rng.randint(0, 4)
            before = pa[row]['in_force'] if same else (0 if row == 'regulations' else None)
            if before is None:
                before = rng.randint(5, 30)
            repealed = 0 if row == 'regulations' else rng.randint(0, min(2, before))
            active[f'{row}.issued'] = issued
            active[f'{row}.repealed'] = repealed
            active[f'{row}.in_force'] = before + issued - repealed
        active['licensing.decisions'] = rng.randint(50, 3000)
        active['penalties.decisions'] = rng.randint(10, 1500)
        active['coercion.decisions'] = rng.randint(0, 60)
        active['fees.amount'] = rng.choice([0, 0, 0, 1.5, 2.35, 12.8])
    else:
        for row in ('regulations', 'normative_documents'):
            made = 0 if row == 'regulations' else rng.randint(0, 4)
            total = pa[row]['total_published'] if same else (0 if row == 'regulations' else None)
            if total is None:
                total = rng.randint(5, 40)
            active[f'{row}.new_made'] = made
            active[f'{row}.new_published'] = made
            active[f'{row}.total_published'] = total + made
        ranges = {
            'licensing': ((10, 60), (50, 3000)),
            'other_services': ((0, 20), (0, 500)),
            'penalties': ((20, 200), (10, 1500)),
            'coercion': ((0, 10), (0, 60)),
            'fees': ((0, 8), None),
        }
        for row, (items, decisions) in ranges.items():
            if same:
                previous = pa[row]['previous_items'] + pa[row]['change']
            else:
                previous = rng.randint(*items)
            active[f'{row}.previous_items'] = previous
            active[f'{row}.change'] = rng.randint(-min(2, previous), 3)
            if decisions:
                active[f'{row}.decisions'] = rng.randint(*decisions)
        active['procurement.projects'] = rng.randint(0, 30)
        active['procurement.amount'] = rng.choice([0, 35.5, 126.38, 480])
    out['active'] = active

    # 表三: 二 carries last year's 四 over; 一 is derived by tests.reports.balance
    apps_form = form.tables['applications']
    applicants = [c for c in apps_form.column_types if c not in apps_form.column_totals]
    apps: dict = {}
    for key in apps_form.keys:
        if key in apps_form.total_keys:
            continue
        row, col = key.rsplit('.', 1)
        if row == 'from_last_year':
            apps[key] = prev['applications']['to_next_year'][col] if prev else _pick(rng, 1, 2, 0.3)
        elif row != 'new':
            apps[key] = _application_value(rng, row, col)
    outcomes = apps_form.row_totals['total']
    for col in applicants:
        concluded = sum(apps.get(f'{r}.{col}', 0) for r in outcomes)
        deficit = apps[f'from_last_year.{col}'] - concluded - apps[f'to_next_year.{col}']
        if deficit > 0:  # what was carried over must be concluded or carried on
            apps[f'granted.{col}'] += deficit
    out['applications'] = apps

    # 表四
    review: dict = {}
    for key in form.tables['review'].keys:
        if key not in form.tables['review'].total_keys:
            review[key] = _pick(rng, 1, 3, 0.35)
    out['review'] = review
    return out


def paragraph(text: str) -> str:
    """A text block as one paragraph: lines joined without a space (Chinese is written without
    spaces; the lines are wrapped only to keep this file narrow)."""
    return ''.join(line.strip() for line in text.strip().splitlines())


def paragraphs(text: str) -> tuple[str, ...]:
    """A text block as paragraphs separated by blank lines (see :func:`paragraph`)."""
    return tuple(paragraph(part) for part in text.strip().split('\n\n'))


PREAMBLE = paragraph(
    """
    本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{document}要求，
    由{agency}编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、
    政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。
    本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。
    """
)
DOCUMENTS = {
    '2019': paragraph(
        """
        《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报
        告格式（试行）〉的通知》（国办公开办函〔2019〕60号）
        """
    ),
    '2021': paragraph(
        """
        《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报
        告格式〉的通知》（国办公开办函〔2021〕30号）
        """
    ),
}
INTROS = paragraphs(
    """
    {year}年，{agency}以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和县委、
    县政府关于政务公开工作的部署要求，围绕中心工作，不断深化决策、执行、管理、服务、
    结果“五公开”，政府信息公开工作取得新进展。

    {year}年，{agency}坚持以公开为常态、不公开为例外，严格执行《条例》各项规定，健全工作机制，
    规范办理流程，以公开促落实、促规范、促服务，政府信息公开工作质量和实效进一步提升。

    {year}年，{agency}在县委、县政府的正确领导和县政务公开办的具体指导下，
    把政务公开作为推进法治政府建设的重要抓手，聚焦群众关切，拓展公开渠道，
    全面完成年度政务公开工作任务。
    """
)
ACTIVE_PARAS = paragraphs(
    """
    全年通过县政府门户网站、本机关政务公开专栏和政务新媒体主动公开政府信息{count}条，
    其中机构职能、规划计划、财政预决算等基础信息{basic}条，工作动态及其他信息{other}条。

    全年在县政府门户网站政务公开专栏主动发布各类政府信息{count}条，更新机构职能、领导分工、
    权责清单等基础信息{basic}条，及时发布工作动态{other}条。
    """
)
ACTIVE_POINTS = {
    '2021': paragraphs(
        """
        推进权力运行公开。及时公开行政许可、行政处罚、行政强制等执法信息，
        全年公开行政许可处理决定{{ active.licensing.decisions }}件、
        行政处罚决定{{ active.penalties.decisions }}件、
        行政强制决定{{ active.coercion.decisions }}件，落实行政执法“双公示”要求。

        推进政策文件公开和解读。
        全年制发行政规范性文件{{ active.normative_documents.issued }}件，
        废止{{ active.normative_documents.repealed }}件，
        现行有效的行政规范性文件{{ active.normative_documents.in_force }}件已全部在政务公开
        专栏集中公开；坚持政策文件与解读材料同步起草、同步审签、同步发布。
        """
    ),
    '2019': paragraphs(
        """
        推进权力运行公开。全年公开行政许可处理决定{{ active.licensing.decisions }}件、
        行政处罚决定{{ active.penalties.decisions }}件、
        行政强制决定{{ active.coercion.decisions }}件，落实行政执法“双公示”要求，
        做到执法结果应公开尽公开。

        推进政策文件公开和解读。
        全年新制作规范性文件{{ active.normative_documents.new_made }}件，
        新公开{{ active.normative_documents.new_published }}件，
        对外公开规范性文件总数达到{{ active.normative_documents.total_published }}件，
        解读材料与政策文件同步发布。
        """
    ),
}
FIELD_POINT = paragraph(
    """
    推进重点领域公开。围绕群众关注的{field}等重点领域，及时公开项目审批、招标投标、实施进度、
    竣工验收等信息，主动接受社会监督。
    """
)
FIELDS = (
    '农村公路建设、城乡客运一体化',
    '义务教育招生、学生资助',
    '社会救助、养老服务',
    '耕地保护、农村宅基地管理',
    '医疗保障、公共卫生',
    '就业创业、职业技能培训',
)
APPLICATIONS_PARA = paragraph(
    """
    {year}年，{agency}共新收政府信息公开申请{{{{ applications.new.total }}}}件，
    其中自然人申请{{{{ applications.new.natural_person }}}}件，
    商业企业申请{{{{ applications.new.business }}}}件，
    法律服务机构申请{{{{ applications.new.legal_services }}}}件。
    本年度办结{{{{ applications.total.total }}}}件，
    其中予以公开{{{{ applications.granted.total }}}}件，
    部分公开{{{{ applications.partial.total }}}}件；
    结转下年度继续办理{{{{ applications.to_next_year.total }}}}件。
    """
)
APPLICATIONS_PARA_2 = paragraph(
    """
    严格执行依申请公开登记、审核、答复、归档等工作流程，对疑难复杂申请由法制机构牵头会商，
    答复书经法律顾问审核后出具。
    本年度因政府信息公开被申请行政复议{{ review.reconsideration.total }}件，
    被提起行政诉讼未经复议直接起诉{{ review.litigation_direct.total }}件、
    复议后起诉{{ review.litigation_after_review.total }}件。
    """
)
MANAGEMENT = paragraphs(
    """
    严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”，信息发布前由业务科室、
    分管负责人、办公室三级审核，全年未发生泄密和不当公开情况。

    开展行政规范性文件清理，对现行有效文件目录进行动态更新，及时标注文件有效性，
    确保公开的政策文件准确、完整。
    """
)
PLATFORM = paragraphs(
    """
    依托县政府门户网站政务公开专栏，按照基层政务公开标准目录调整完善栏目设置，
    做到信息分类科学、查找方便。用好政务新媒体，及时发布便民信息。

    推进政务公开专区建设，在政务服务大厅设置政府信息查阅点，提供政府公报、
    政策文件查阅和依申请公开受理服务。
    """
)
SUPERVISION = paragraphs(
    """
    加强组织领导。调整政务公开工作领导小组，主要负责人任组长，明确办公室具体承担日常工作，
    配备专职工作人员{staff}名。

    加强业务培训。组织政务公开业务培训{training}次，重点学习《条例》和依申请公开办理规范，
    提升工作人员业务能力。

    加强监督考核。将政务公开工作纳入科室年度考核，对县政务公开办反馈的问题建立整改台账，
    逐项整改销号。
    """
)
PROBLEMS = paragraphs(
    """
    {year}年，{agency}政府信息公开工作取得了一定成效，但也存在一些不足：
    一是部分栏目信息更新不够及时；二是政策解读形式较为单一，图解、视频等解读方式运用不多；
    三是依申请公开答复文书的规范性有待进一步提高。

    {year}年，{agency}政府信息公开工作虽有进步，但对照上级要求仍有差距：
    主动公开的深度和广度不够，基层工作人员业务水平参差不齐，政务新媒体互动回应不够及时。
    """
)
IMPROVEMENTS = paragraphs(
    """
    落实专人负责栏目更新，建立信息发布提醒和月度自查机制，确保信息公开及时、准确、完整。

    丰富政策解读形式，更多采用图解、问答、短视频等群众易于理解的方式开展解读。

    加强依申请公开业务学习和案例研究，规范答复文书格式和法律依据引用，提高办理质量。
    """
)


def narrative(agency: Agency, year: int, form_id: str, rng: random.Random) -> dict:
    """Preamble and sections of a report: a few paragraphs, headings and numbered points, the
    application figures quoted as ``{{ key }}`` references (so the text agrees with 表三)."""
    fmt = {'agency': agency.name, 'year': year}
    count = rng.randint(150, 900)
    basic = rng.randint(20, count // 3)
    overview: list = [rng.choice(INTROS).format(**fmt)]
    overview.append(
        {
            'heading': '主动公开',
            'content': [
                rng.choice(ACTIVE_PARAS).format(count=count, basic=basic, other=count - basic),
                {
                    'points': [
                        ACTIVE_POINTS[form_id][0],
                        FIELD_POINT.format(field=rng.choice(FIELDS)),
                        ACTIVE_POINTS[form_id][1],
                    ]
                },
            ],
        }
    )
    overview.append(
        {
            'heading': '依申请公开',
            'content': [APPLICATIONS_PARA.format(**fmt), APPLICATIONS_PARA_2],
        }
    )
    overview.append({'heading': '政府信息管理', 'content': list(MANAGEMENT)})
    if rng.random() < 0.6:
        overview.append({'heading': '政府信息公开平台建设', 'content': [rng.choice(PLATFORM)]})
    overview.append(
        {
            'heading': '监督保障',
            'content': [
                {
                    'points': [
                        SUPERVISION[0].format(staff=rng.randint(1, 3)),
                        SUPERVISION[1].format(training=rng.randint(1, 4)),
                        SUPERVISION[2],
                    ]
                }
            ],
        }
    )
    return {
        'preamble': PREAMBLE.format(document=DOCUMENTS[form_id], **fmt),
        'sections': {
            'overview': overview,
            'active': f'{year}年，{agency.name}主动公开政府信息情况如下。',
            'applications': f'{year}年，{agency.name}收到和处理政府信息公开申请情况如下。',
            'review': f'{year}年，{agency.name}政府信息公开行政复议、行政诉讼情况如下。',
            'problems': [
                rng.choice(PROBLEMS).format(**fmt),
                '下一步，将重点做好以下工作：',
                {'points': list(IMPROVEMENTS)},
            ],
            'other': [
                '本年度未收取信息处理费。',
                f'{year}年，共办理人大代表建议{rng.randint(0, 12)}件、政协委员提案'
                f'{rng.randint(0, 15)}件，{EDIT_MARK}',
            ],
        },
    }


def report_data(agency: Agency, year: int, prev: dict | None, rng: random.Random) -> dict:
    form_id = form_for_year(year, all_forms()).id
    values = table_values(form_id, rng, prev)
    text = narrative(agency, year, form_id, rng)
    data = base_report(
        form_id,
        year=year,
        value=lambda table, index, key: values[table].get(key, 0),
        agency=agency.name,
        published=f'{year + 1}-01-{rng.randint(15, 31):02d}',
        **text,
    )
    data['_form'] = form_id
    return data


def report_yaml(data: dict) -> str:
    """The report as its author would write it: narrative in block style, table rows as one
    flow mapping each (as in the example site), totals left out."""
    head = {k: data[k] for k in ('agency', 'year', 'published', 'preamble', 'sections')}
    tables = {k: data[k] for k in ('active', 'applications', 'review')}
    title = (
        f'# {data["agency"]}{data["year"]}年政府信息公开工作年度报告（合成数据，用于性能测试）\n\n'
    )
    return (
        title
        + yaml.safe_dump(head, allow_unicode=True, sort_keys=False, width=10**6)
        + '\n'
        + yaml.safe_dump(
            tables, allow_unicode=True, sort_keys=False, default_flow_style=None, width=10**6
        )
    )


# --------------------------------------------------------------------------------------------
# the baseline page: the same report written in reST by hand


def display_width(text: str) -> int:
    """Width as docutils measures it (East Asian wide and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in 'WF' else 1 for ch in text)


_MARKUP = re.compile(r'([\\*`|_\[\]<>])')
_LIST_START = re.compile(r'^(?:[-+*•]\s|\d+[.)]\s|\(\d+\)\s|#\.\s|\.\.\s)')


def rst_text(text: str) -> str:
    """Plain text as reST inline text: markup characters escaped, no list start."""
    text = _MARKUP.sub(r'\\\1', text)
    return '\\' + text if _LIST_START.match(text) else text


ADORNMENT = {0: '=', 1: '-', 2: '~', 3: '^', 4: '"', 5: "'"}


def rst_heading(text: str, level: int) -> list[str]:
    text = rst_text(text)
    return [text, ADORNMENT[level] * display_width(text), '']


def grid_table(table: TableForm, cells: dict) -> list[str]:
    """The statutory table as a reST grid table with exactly the merged cells of the forms grid
    (header rows above a ``=`` line, like the table's ``<thead>``)."""
    grid = [c for row in table.rows for c in row]
    texts = []
    for c in grid:
        if c.kind == 'label':
            texts.append(rst_text(c.text))
        else:
            texts.append(rst_text(format_value(cells[c.key].value)))
    n_rows, n_cols = len(table.rows), table.width
    widths = [2] * n_cols
    for i in sorted(range(len(grid)), key=lambda i: grid[i].colspan):
        c = grid[i]
        need = display_width(texts[i]) + 2
        have = sum(widths[k] for k in c.columns) + c.colspan - 1
        if have < need:
            extra = need - have
            for j, k in enumerate(c.columns):
                widths[k] += extra // c.colspan + (1 if j < extra % c.colspan else 0)
    owner = [[-1] * n_cols for _ in range(n_rows)]
    for i, c in enumerate(grid):
        for r in c.rows:
            for k in c.columns:
                owner[r][k] = i
    xs = [0]
    for w in widths:
        xs.append(xs[-1] + w + 1)
    canvas = [[' '] * (xs[-1] + 1) for _ in range(2 * n_rows + 1)]
    head = len(table.header_rows) or None

    def hseg(r: int, k: int) -> bool:
        return r in (0, n_rows) or owner[r - 1][k] != owner[r][k]

    def vseg(r: int, k: int) -> bool:
        return k in (0, n_cols) or owner[r][k - 1] != owner[r][k]

    for r in range(n_rows + 1):
        for k in range(n_cols):
            if hseg(r, k):
                for x in range(xs[k] + 1, xs[k + 1]):
                    canvas[2 * r][x] = '=' if r == head else '-'
        for k in range(n_cols + 1):
            h = (k > 0 and hseg(r, k - 1)) or (k < n_cols and hseg(r, k))
            v = (r > 0 and vseg(r - 1, k)) or (r < n_rows and vseg(r, k))
            canvas[2 * r][xs[k]] = '+' if h else ('|' if v else ' ')
    for r in range(n_rows):
        for k in range(n_cols + 1):
            if vseg(r, k):
                canvas[2 * r + 1][xs[k]] = '|'
    for i, c in enumerate(grid):
        line, x = canvas[2 * c.row + 1], xs[c.col] + 2
        for ch in texts[i]:
            line[x] = ch
            if display_width(ch) == 2:
                line[x + 1] = ''  # the second column of a wide character
                x += 1
            x += 1
    return [''.join(line) for line in canvas]


def baseline_page(report: Report) -> str:
    """The report page written by hand: same title, headings (numbers typed), paragraphs,
    tables and signature as the plugin's page. The signature ends section 六 (reST cannot
    return to the title's level after a section; the plugin puts it after 六, a layout
    difference only)."""
    out: list[str] = rst_heading(report.title, 0)

    def points(items, level: int) -> None:
        for p in items:
            out.extend([rst_text(p.number + p.text), ''])
            points(p.points, level + 1)

    def blocks(items, level: int) -> None:
        for b in items:
            if isinstance(b, Paragraph):
                out.extend([rst_text(b.text), ''])
            elif isinstance(b, Heading):
                out.extend(rst_heading(b.number + b.title, level))
                blocks(b.content, level + 1)
            elif isinstance(b, Points):
                points(b.items, level)
            elif isinstance(b, BulletList):
                out.extend([f'- {rst_text(t)}' for t in b.items] + [''])

    blocks(report.preamble, 1)
    for section in report.form.sections:
        out.extend(rst_heading(section.title, 1))
        blocks(report.sections.get(section.id, ()), 2)
        if section.table:
            table = report.form.tables[section.table]
            out.extend([f'.. table:: {rst_text(table.caption)}', ''])
            out.extend('   ' + line for line in grid_table(table, report.table_cells(table.id)))
            out.append('')
    out.extend(['.. container:: disclosure-signature', '', f'   {rst_text(report.agency)}', ''])
    if report.published is not None:
        d = report.published
        out.extend([f'   {numbering.date_text(d.year, d.month, d.day)}', ''])
    return '\n'.join(out)


# --------------------------------------------------------------------------------------------
# the two sites

CONF = """\
# Generated by benchmarks/build.py ({which} site).
project = '测试县政府信息公开'
author = '测试县人民政府'
copyright = '测试县人民政府'
language = 'zh_CN'
html_theme = 'alabaster'
exclude_patterns = ['_build']
extensions = {extensions!r}
"""


#: conf.py of the baseline site with the garbage-collector freeze at fork that the extension
#: makes in parallel builds (sphinx_disclosure/parallel.py), for comparison
GC_FREEZE_CONF = """\
# Generated by benchmarks/build.py: the baseline's conf.py, plus a freeze of the garbage
# collector at each fork (as sphinx_disclosure does in parallel builds).
import gc
import os

exec(compile(open({conf!r}, encoding='utf-8').read(), {conf!r}, 'exec'))
os.register_at_fork(before=gc.freeze, after_in_parent=gc.unfreeze)
"""


def index_page(n: int, agencies: list[Agency]) -> str:
    title = '测试县政府信息公开工作年度报告'
    return '\n'.join(
        [
            *rst_heading(title, 0),
            f'本站发布测试县{len(agencies)}个部门的政府信息公开工作年度报告，共{n}份。',
            '',
            '.. toctree::',
            '   :maxdepth: 1',
            '   :glob:',
            '',
            '   agencies/*/index',
            '',
        ]
    )


def agency_page(agency: Agency) -> str:
    return '\n'.join(
        [
            *rst_heading(agency.name, 0),
            '.. toctree::',
            '   :maxdepth: 1',
            '',
            *(f'   {y}' for y in agency.years),
            '',
        ]
    )


@dataclass
class Sites:
    root: Path
    n: int
    agencies: list[Agency]
    plugin: Path
    baseline: Path
    edit_yaml: Path
    edit_page: Path
    edit_expected: list[str]
    sample_pages: list[str]  # one page per format, for the HTML comparison
    reports_with_previous: int
    yaml_files: list[Path] = field(default_factory=list)


def write_sites(root: Path, n: int, sidebars: bool, seed: str) -> Sites:
    agencies = plan(n)
    plugin, baseline = root / 'plugin', root / 'baseline'
    for site, extensions in ((plugin, ['sphinx_disclosure']), (baseline, [])):
        site.mkdir(parents=True)
        conf = CONF.format(which=site.name, extensions=extensions)
        if not sidebars:
            conf += "html_sidebars = {'**': []}\n"
        (site / 'conf.py').write_text(conf, encoding='utf-8')
        (site / 'index.rst').write_text(index_page(n, agencies), encoding='utf-8')
    yaml_files = []
    samples: dict[str, str] = {}
    for agency in agencies:
        for site in (plugin, baseline):
            folder = site / agency.folder
            folder.mkdir(parents=True)
            (folder / 'index.rst').write_text(agency_page(agency), encoding='utf-8')
        (plugin / agency.folder / 'reports').mkdir()
        prev = None
        for year in agency.years:
            rng = random.Random(f'{seed}-{agency.number}-{year}')
            data = report_data(agency, year, prev, rng)
            path = plugin / agency.folder / 'reports' / f'{year}.yaml'
            path.write_text(report_yaml(data), encoding='utf-8')
            yaml_files.append(path)
            (plugin / agency.folder / f'{year}.rst').write_text(
                f'.. disclosure-report:: reports/{year}.yaml\n', encoding='utf-8'
            )
            result = load_report(path)
            if result.report is None or result.errors:
                problems = '; '.join(p.format('en') for p in result.problems[:5])
                raise SystemExit(f'generated report {path.name} does not load: {problems}')
            (baseline / agency.folder / f'{year}.rst').write_text(
                baseline_page(result.report), encoding='utf-8'
            )
            samples.setdefault(data['_form'], f'{agency.folder}/{year}')
            prev = data
    agency, year = edit_target(agencies)
    expected = [f'{agency.folder}/{year}']
    if year + 1 in agency.years:
        # the next year's page reads the edited file for its cross-year checks
        expected.append(f'{agency.folder}/{year + 1}')
    return Sites(
        root=root,
        n=n,
        agencies=agencies,
        plugin=plugin,
        baseline=baseline,
        edit_yaml=plugin / agency.folder / 'reports' / f'{year}.yaml',
        edit_page=baseline / agency.folder / f'{year}.rst',
        edit_expected=sorted(expected),
        sample_pages=[samples[k] for k in sorted(samples)],
        reports_with_previous=sum(len(a.years) - 1 for a in agencies),
        yaml_files=yaml_files,
    )


# --------------------------------------------------------------------------------------------
# running and measuring child processes


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    returncode: int
    stdout: str
    stderr: str


#: environment of the child processes (see :func:`child_environment`)
CHILD_ENV: dict[str, str] = {}


def child_environment(workdir: Path) -> None:
    """Sphinx's own messages in English (they are parsed), and a bytecode cache for every
    module the children import, kept in the work directory: an environment that forbids writing
    bytecode (``PYTHONDONTWRITEBYTECODE``) would otherwise make each child compile the extension
    anew, a cost no real site pays."""
    env = dict(os.environ, LC_ALL='C.UTF-8', LANG='C.UTF-8')
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    env['PYTHONPYCACHEPREFIX'] = str(workdir / 'pycache')
    CHILD_ENV.clear()
    CHILD_ENV.update(env)


def run(cmd: list[str], cwd: Path, logs: Path, name: str) -> Run:
    """Run ``cmd`` as a child process: wall time, CPU time and peak RSS of the child and its
    own children (``os.wait4``; Linux reports ru_maxrss in KiB)."""
    logs.mkdir(parents=True, exist_ok=True)
    out_path, err_path = logs / f'{name}.out', logs / f'{name}.err'
    env = CHILD_ENV or dict(os.environ, LC_ALL='C.UTF-8', LANG='C.UTF-8')
    with open(out_path, 'wb') as out, open(err_path, 'wb') as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mib=usage.ru_maxrss / 1024,
        returncode=child.returncode,
        stdout=out_path.read_text(encoding='utf-8', errors='replace'),
        stderr=err_path.read_text(encoding='utf-8', errors='replace'),
    )


_UPDATING = re.compile(
    r'updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed, (\d+) removed'
)
_READING = re.compile(r'^reading sources\.\.\. \[\s*\d+%\] (\S+)', re.M)
_WRITING = re.compile(r'^writing output\.\.\. \[\s*\d+%\] (\S+)', re.M)
_WARNING = re.compile(r'^.*\b(?:WARNING|ERROR|CRITICAL|SEVERE):', re.M)


def sphinx_build(
    site: Path,
    out: Path,
    logs: Path,
    name: str,
    *,
    quiet: bool,
    jobs: int = 1,
    options: tuple[str, ...] = (),
):
    cmd = [sys.executable, '-m', 'sphinx', '-b', 'html']
    if quiet:
        cmd.append('-q')
    if jobs > 1:
        cmd += ['-j', str(jobs)]
    cmd += [*options, str(site), str(out)]
    result = run(cmd, site, logs, name)
    if result.returncode != 0:
        tail = '\n'.join(result.stderr.splitlines()[-20:])
        raise SystemExit(f'sphinx-build failed ({name}), exit {result.returncode}:\n{tail}')
    return result


def build_facts(result: Run) -> dict:
    """What a non-quiet build says it did: docs re-read and written, warnings."""
    facts: dict = {'warnings': len(_WARNING.findall(result.stderr))}
    m = _UPDATING.search(result.stdout)
    if m:
        facts['added'], facts['changed'], facts['removed'] = (int(g) for g in m.groups())
    facts['read'] = _READING.findall(result.stdout)
    facts['written'] = _WRITING.findall(result.stdout)
    return facts


# --------------------------------------------------------------------------------------------
# comparing the HTML of one page of each site


class PageText(HTMLParser):
    """Headings, paragraphs and tables of the main body of a Sphinx HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # nesting of <div> inside div.body; 0 = outside
        self.skip = 0  # inside a headerlink
        self.capture: list[str] | None = None
        self.headings: list[str] = []
        self.paragraphs: list[str] = []
        self.tables: list[dict] = []
        self.table: dict | None = None
        self.thead = False
        self.cell: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get('class') or '').split()
        if tag == 'div':
            if self.depth:
                self.depth += 1
            elif 'body' in classes:
                self.depth = 1
            return
        if not self.depth:
            return
        if tag == 'a' and 'headerlink' in classes:
            self.skip += 1
        elif tag in ('h1', 'h2', 'h3', 'h4', 'h5', 'h6'):
            self.capture = []
        elif tag == 'table':
            self.table = {'caption': '', 'cells': [], 'th': 0, 'td': 0}
        elif tag == 'caption' and self.table is not None:
            self.capture = []
        elif tag == 'thead':
            self.thead = True
        elif tag in ('th', 'td') and self.table is not None:
            self.table[tag] += 1
            self.cell = {
                'head': self.thead,
                'rowspan': int(a.get('rowspan') or 1),
                'colspan': int(a.get('colspan') or 1),
                'text': [],
            }
        elif tag == 'p' and self.table is None:
            self.capture = []

    def handle_endtag(self, tag):
        if tag == 'div' and self.depth:
            self.depth -= 1
            return
        if not self.depth:
            return
        if tag == 'a' and self.skip:
            self.skip -= 1
        elif tag in ('h1', 'h2', 'h3', 'h4', 'h5', 'h6') and self.capture is not None:
            self.headings.append(_norm(self.capture))
            self.capture = None
        elif tag == 'caption' and self.table is not None and self.capture is not None:
            self.table['caption'] = _norm(self.capture)
            self.capture = None
        elif tag == 'thead':
            self.thead = False
        elif tag in ('th', 'td') and self.cell is not None:
            self.cell['text'] = _norm(self.cell['text'])
            self.table['cells'].append(self.cell)
            self.cell = None
        elif tag == 'table' and self.table is not None:
            self.tables.append(self.table)
            self.table = None
        elif tag == 'p' and self.table is None and self.capture is not None:
            self.paragraphs.append(_norm(self.capture))
            self.capture = None

    def handle_data(self, data):
        if not self.depth or self.skip:
            return
        if self.cell is not None:
            self.cell['text'].append(data)
        elif self.capture is not None:
            self.capture.append(data)


def _norm(parts: list[str]) -> str:
    return ' '.join(''.join(parts).split())


def page_text(path: Path) -> PageText:
    parser = PageText()
    parser.feed(path.read_text(encoding='utf-8'))
    parser.close()
    return parser


def compare_pages(plugin_html: Path, baseline_html: Path) -> tuple[list[str], dict]:
    """Differences between the two renderings of a page (empty: the same headings, paragraphs,
    and tables with the same cells, spans and texts), and a summary of the tables."""
    p, b = page_text(plugin_html), page_text(baseline_html)
    problems = []
    if p.headings != b.headings:
        problems.append(f'headings differ: {_first_difference(p.headings, b.headings)}')
    if p.paragraphs != b.paragraphs:
        problems.append(f'paragraphs differ: {_first_difference(p.paragraphs, b.paragraphs)}')
    if len(p.tables) != len(b.tables):
        problems.append(f'{len(p.tables)} tables in the plugin page, {len(b.tables)} in baseline')
    summary = []
    for i, (tp, tb) in enumerate(zip(p.tables, b.tables, strict=False)):
        label = f'table {i + 1} ({tp["caption"]})'
        if tp['caption'] != tb['caption']:
            problems.append(f'{label}: caption {tb["caption"]!r} in the baseline')
        if len(tp['cells']) != len(tb['cells']):
            problems.append(
                f'{label}: {len(tp["cells"])} cells (<td> + <th>) in the plugin page, '
                f'{len(tb["cells"])} in the baseline'
            )
        for what in ('head', 'rowspan', 'colspan', 'text'):
            sp, sb = [c[what] for c in tp['cells']], [c[what] for c in tb['cells']]
            if sp != sb:
                problems.append(f'{label}: cell {what} differ: {_first_difference(sp, sb)}')
        summary.append(
            {
                'caption': tp['caption'],
                'cells': len(tp['cells']),
                'header_cells': sum(c['head'] for c in tp['cells']),
                'merged_cells': sum(c['rowspan'] > 1 or c['colspan'] > 1 for c in tp['cells']),
                'plugin_th_td': [tp['th'], tp['td']],
                'baseline_th_td': [tb['th'], tb['td']],
            }
        )
    counts = {'headings': len(p.headings), 'paragraphs': len(p.paragraphs), 'tables': summary}
    return problems, counts


def _first_difference(a: list, b: list) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f'item {i + 1}: plugin {x!r} / baseline {y!r}'
    return f'plugin has {len(a)} items, baseline {len(b)}'


# --------------------------------------------------------------------------------------------
# the measurement


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def target(value, limit, op: str) -> dict:
    if value is None or limit is None:
        met = None
    elif op == '<=':
        met = value <= limit
    elif op == '>=':
        met = value >= limit
    else:
        met = value == limit
    return {'value': value, 'limit': limit, 'op': op, 'met': met}


class Bench:
    """The measured steps for one size: each site built by ``python -m sphinx`` in a child
    process, baseline first, then plugin, ``repeat`` times (the minimum time is kept, the
    maximum peak RSS)."""

    SITES = ('baseline', 'plugin')

    def __init__(self, sites: Sites, repeat: int, verify: bool, keep: bool) -> None:
        self.sites = sites
        self.n = sites.n
        self.repeat = repeat
        self.verify = verify
        self.keep = keep
        self.logs = sites.root / 'logs'
        self.out = sites.root / 'out'
        self.dirs = {'plugin': sites.plugin, 'baseline': sites.baseline}
        self.seconds: dict = {s: {} for s in self.SITES}
        self.cpu: dict = {s: {} for s in self.SITES}
        self.rss: dict = {s: {} for s in self.SITES}
        self.warnings: dict = {s: {} for s in self.SITES}
        self.facts: dict = {s: {} for s in self.SITES}
        self.full_out: dict[str, Path] = {}
        self.result: dict = {
            'reports': self.n,
            'agencies': len(sites.agencies),
            'pages_per_site': self.n + len(sites.agencies) + 1,
            'seconds': self.seconds,
            'cpu_seconds': self.cpu,
            'peak_rss_mib': self.rss,
        }

    def build(
        self,
        site: str,
        step: str,
        out: Path,
        k: int,
        *,
        quiet: bool,
        jobs: int = 1,
        options: tuple[str, ...] = (),
    ):
        log(f'N={self.n}: {step}, {site} ({k + 1}/{self.repeat})')
        r = sphinx_build(
            self.dirs[site],
            out,
            self.logs,
            f'{site}-{step}-{k}',
            quiet=quiet,
            jobs=jobs,
            options=options,
        )
        seconds, cpu, rss = self.seconds[site], self.cpu[site], self.rss[site]
        if step not in seconds or r.seconds < seconds[step]:
            seconds[step] = round(r.seconds, 3)
            cpu[step] = round(r.cpu_seconds, 3)
        rss[step] = round(max(rss.get(step, 0), r.peak_rss_mib), 1)
        facts = build_facts(r)
        self.warnings[site][step] = max(self.warnings[site].get(step, 0), facts['warnings'])
        return facts

    def full(self) -> None:
        for k in range(self.repeat):
            for site in self.SITES:
                out = self.out / f'{site}-full-{k}'
                self.build(site, 'full', out, k, quiet=True)
                if site in self.full_out and not self.keep:
                    shutil.rmtree(self.full_out[site])
                self.full_out[site] = out
        if self.verify:
            self.result['verify'] = verify_sites(self.sites, self.full_out)

    def noop(self) -> None:
        for k in range(self.repeat):
            for site in self.SITES:
                facts = self.build(site, 'noop', self.full_out[site], k, quiet=False)
                reread = self.facts[site].setdefault('noop_read', set())
                reread.update(facts['read'])
                self.facts[site]['noop_written'] = max(
                    self.facts[site].get('noop_written', 0), len(facts['written'])
                )
        self.result['noop_docs_reread'] = {
            s: sorted(self.facts[s]['noop_read']) for s in self.SITES
        }
        self.result['noop_docs_written'] = {s: self.facts[s]['noop_written'] for s in self.SITES}

    def edit(self) -> None:
        """One sentence changed: in the report's YAML file (plugin), in the page (baseline)."""
        sites = self.sites
        current = EDIT_MARK
        for k in range(self.repeat):
            new = EDIT_MARK.replace('。', f'（第{k + 1}次修订）。')
            for site, path in (('baseline', sites.edit_page), ('plugin', sites.edit_yaml)):
                text = path.read_text(encoding='utf-8')
                if text.count(current) != 1:
                    raise SystemExit(f'the edit mark is not in {path.name} exactly once')
                path.write_text(text.replace(current, new), encoding='utf-8')  # in place
                facts = self.build(site, 'edit', self.full_out[site], k, quiet=False)
                self.facts[site]['edit_read'] = sorted(facts['read'])
                self.facts[site]['edit_written'] = len(facts['written'])
            current = new
        reread = self.facts['plugin']['edit_read']
        self.result.update(
            {
                'edit_file': sites.edit_yaml.relative_to(sites.plugin).as_posix(),
                'edit_docs_reread': len(reread),
                'edit_expected_docs': len(sites.edit_expected),
                'edit_docs': reread,
                'edit_expected': sites.edit_expected,
                'baseline_edit_docs_reread': len(self.facts['baseline']['edit_read']),
                'edit_docs_written': {s: self.facts[s]['edit_written'] for s in self.SITES},
            }
        )

    def parallel(self) -> None:
        """``-j 2`` builds of both sites; then, to show what the extension's garbage-collector
        freeze at fork does, the plugin site without it and the baseline site with the same
        freeze (a ``conf.py`` of its own that runs the baseline's and adds the hook)."""
        freeze_conf = self.sites.root / 'baseline-gc-freeze-conf'
        freeze_conf.mkdir(exist_ok=True)
        (freeze_conf / 'conf.py').write_text(
            GC_FREEZE_CONF.format(conf=str(self.sites.baseline / 'conf.py')), encoding='utf-8'
        )
        variants = (
            ('parallel_j2', {'plugin': (), 'baseline': ()}),
            (
                'parallel_j2_gc_freeze_swapped',
                {
                    'plugin': ('-D', 'disclosure_parallel_gc_freeze=0'),
                    'baseline': ('-c', str(freeze_conf)),
                },
            ),
        )
        for k in range(self.repeat):
            for step, options in variants:
                outs = {site: self.out / f'{site}-{step}-{k}' for site in self.SITES}
                for site in self.SITES:
                    self.build(site, step, outs[site], k, quiet=True, jobs=2, options=options[site])
                if step == 'parallel_j2' and self.verify and 'verify' not in self.result:
                    self.result['verify'] = verify_sites(self.sites, outs)
                if not self.keep:
                    for out in outs.values():
                        shutil.rmtree(out)

    def check(self) -> None:
        """``sphinx-disclosure check`` over every report, against the YAML floor."""
        sites, n = self.sites, self.n
        cmd = [sys.executable, '-m', 'sphinx_disclosure', 'check']
        best = one = None
        # seconds per run: at least three runs (the minimum kept), whatever --repeat says
        repeat = max(CHECK_REPEAT, self.repeat)
        for k in range(repeat):
            log(f'N={n}: sphinx-disclosure check ({k + 1}/{repeat})')
            r = run([*cmd, str(sites.plugin / 'agencies')], sites.root, self.logs, f'check-{k}')
            if r.returncode not in (0, 1):
                tail = '\n'.join(r.stderr.splitlines()[-20:])
                raise SystemExit(f'sphinx-disclosure check crashed (exit {r.returncode}):\n{tail}')
            self.result['check_exit_status'] = r.returncode
            best = r if best is None or r.seconds < best.seconds else best
            # for scale: the same command on one report (interpreter start and imports, mostly)
            r = run([*cmd, str(sites.yaml_files[0])], sites.root, self.logs, f'check-one-{k}')
            one = r if one is None or r.seconds < one.seconds else one
        self.seconds['check'] = round(best.seconds, 3)
        self.seconds['check_one_report'] = round(one.seconds, 3)
        self.rss['check'] = round(best.peak_rss_mib, 1)
        # the floor: PyYAML's C loader over the same files, read into memory first (untimed)
        texts = [path.read_text(encoding='utf-8') for path in sites.yaml_files]
        floor = None
        for _ in range(repeat):
            start = time.perf_counter()
            for text in texts:
                yaml.load(text, Loader=yaml.CSafeLoader)
            elapsed = time.perf_counter() - start
            floor = elapsed if floor is None else min(floor, elapsed)
        self.seconds['yaml_floor'] = round(floor, 4)
        self.result['check_reports_per_second'] = round(n / best.seconds, 1)
        self.result['yaml_floor_reports_per_second'] = round(n / floor, 1)
        self.result['yaml_floor_note'] = (
            'yaml.load(text, Loader=yaml.CSafeLoader) in this process over the same files, read '
            'into memory beforehand (reading not timed); the check figure is a whole '
            'sphinx-disclosure check process (interpreter start, imports, reading, rules)'
        )
        if self.verify:
            self.result.setdefault('verify', {})['check_strict'] = verify_check(sites, self.logs)

    def figures(self, steps: set[str]) -> dict:
        """The ratios, the per-report cost and the targets."""
        result, n = self.result, self.n
        p, b = self.seconds['plugin'], self.seconds['baseline']
        result['full_build_ratio'] = ratio(p.get('full'), b.get('full'))
        result['noop_ratio'] = ratio(p.get('noop'), b.get('noop'))
        result['edit_ratio'] = ratio(p.get('edit'), b.get('edit'))
        result['parallel_speedup'] = ratio(p.get('full'), p.get('parallel_j2'))
        result['baseline_parallel_speedup'] = ratio(b.get('full'), b.get('parallel_j2'))
        # the same builds with the garbage-collector freeze swapped: off for the plugin site,
        # on for the baseline (what any Sphinx site would gain from it)
        result['parallel_speedup_without_gc_freeze'] = ratio(
            p.get('full'), p.get('parallel_j2_gc_freeze_swapped')
        )
        result['baseline_parallel_speedup_with_gc_freeze'] = ratio(
            b.get('full'), b.get('parallel_j2_gc_freeze_swapped')
        )
        if 'check_reports_per_second' in result:
            result['check_vs_yaml_floor'] = ratio(
                result['check_reports_per_second'], result['yaml_floor_reports_per_second']
            )
        rp, rb = self.rss['plugin'], self.rss['baseline']
        result['peak_rss_ratio'] = ratio(
            rp.get('full', rp.get('parallel_j2')), rb.get('full', rb.get('parallel_j2'))
        )
        result['cpu_ratios'] = {
            step: ratio(self.cpu['plugin'][step], self.cpu['baseline'][step])
            for step in ('full', 'noop', 'edit', 'parallel_j2', 'parallel_j2_gc_freeze_swapped')
            if step in self.cpu['plugin']
        }
        if 'full' in p:
            result['per_report_seconds'] = {
                'plugin': round(p['full'] / n, 5),
                'baseline': round(b['full'] / n, 5),
            }
        result['warnings'] = self.warnings

        targets = {}
        if 'full' in steps:
            targets['full_build_ratio'] = target(
                result['full_build_ratio'], LIMITS['full_build_ratio'], '<='
            )
            targets['peak_rss_ratio'] = target(
                result['peak_rss_ratio'], LIMITS['peak_rss_ratio'], '<='
            )
        if 'noop' in steps:
            targets['noop_ratio'] = target(result['noop_ratio'], LIMITS['noop_ratio'], '<=')
            targets['noop_docs_reread'] = target(len(result['noop_docs_reread']['plugin']), 0, '==')
        if 'edit' in steps:
            targets['edit_docs_reread'] = target(
                result['edit_docs_reread'], result['edit_expected_docs'], '=='
            )
            targets['edit_ratio'] = target(result['edit_ratio'], LIMITS['edit_ratio'], '<=')
        if 'parallel' in steps:
            targets['parallel_speedup'] = target(
                result['parallel_speedup'], result['baseline_parallel_speedup'], '>='
            )
        if 'check' in steps:
            targets['check_vs_yaml_floor'] = target(
                result['check_vs_yaml_floor'], LIMITS['check_vs_yaml_floor'], '>='
            )
        result['targets'] = targets
        return result


def measure(sites: Sites, steps: set[str], repeat: int, verify: bool, keep: bool) -> dict:
    bench = Bench(sites, repeat, verify, keep)
    if 'full' in steps:
        bench.full()
    if 'noop' in steps:
        bench.noop()
    if 'edit' in steps:
        bench.edit()
    if 'parallel' in steps:
        bench.parallel()
    if 'check' in steps:
        bench.check()
    return bench.figures(steps)


def verify_sites(sites: Sites, outs: dict[str, Path]) -> dict:
    """One page of each format: the plugin's HTML and the baseline's must show the same
    headings, paragraphs and tables (cells, spans, texts). Exits on a difference."""
    out: dict = {'pages': {}}
    failed = []
    for page in sites.sample_pages:
        problems, counts = compare_pages(
            outs['plugin'] / f'{page}.html', outs['baseline'] / f'{page}.html'
        )
        out['pages'][page] = counts
        failed += [f'{page}: {p}' for p in problems]
    if failed:
        for line in failed:
            print(f'error: the baseline page differs from the plugin page: {line}', file=sys.stderr)
        print('(run with --keep to look at both pages)', file=sys.stderr)
        raise SystemExit(1)
    log(f'verified: same headings, paragraphs and tables in {", ".join(sites.sample_pages)}')
    return out


def verify_check(sites: Sites, logs: Path) -> dict:
    """``check --strict --format json`` over the generated reports (untimed): no error, no
    warning, and every report that has a previous year found it."""
    cmd = [
        sys.executable,
        '-m',
        'sphinx_disclosure',
        'check',
        '--strict',
        '--format',
        'json',
        str(sites.plugin / 'agencies'),
    ]
    r = run(cmd, sites.root, logs, 'check-strict')
    data = json.loads(r.stdout)
    summary = data['summary']
    found = sum(1 for f in data['files'] if f.get('previous'))
    codes: dict[str, int] = {}
    for f in data['files']:
        for m in f['messages']:
            codes[m.get('code', '?')] = codes.get(m.get('code', '?'), 0) + 1
    out = {
        'exit_status': r.returncode,
        'summary': summary,
        'message_codes': dict(sorted(codes.items())),
        'previous_year_found': found,
        'previous_year_expected': sites.reports_with_previous,
    }
    if r.returncode != 0 or summary['error'] or summary['warning']:
        print(f'error: the generated reports fail check --strict: {out}', file=sys.stderr)
        raise SystemExit(1)
    if found != sites.reports_with_previous:
        print(f'error: cross-year lookup did not find every previous year: {out}', file=sys.stderr)
        raise SystemExit(1)
    return out


def warm_up(workdir: Path, sidebars: bool, seed: str) -> None:
    """Untimed builds of two tiny sites and one check, so that the bytecode cache holds every
    module before the first measured step."""
    root = workdir / 'warm-up'
    if root.exists():
        shutil.rmtree(root)
    log('warming up the bytecode cache (untimed)')
    sites = write_sites(root, 2, sidebars, seed)
    for site in (sites.baseline, sites.plugin):
        sphinx_build(site, root / 'out' / site.name, root / 'logs', site.name, quiet=True)
    cmd = [sys.executable, '-m', 'sphinx_disclosure', 'check', str(sites.plugin / 'agencies')]
    run(cmd, root, root / 'logs', 'check')
    shutil.rmtree(root)


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description='Benchmark a sphinx-disclosure site against the same site in plain reST.'
    )
    parser.add_argument(
        '--reports',
        type=int,
        nargs='+',
        default=[1000],
        metavar='N',
        help='number of reports (pages) per site; several sizes are measured in turn',
    )
    parser.add_argument('--workdir', help='where to generate and build (default: a temp dir)')
    parser.add_argument('--keep', action='store_true', help='keep the generated sites and output')
    parser.add_argument(
        '--repeat', type=int, default=1, help='run each timed step K times, keep the minimum'
    )
    parser.add_argument(
        '--steps', nargs='+', choices=STEPS, default=list(STEPS), help='steps to measure'
    )
    parser.add_argument(
        '--no-sidebars',
        action='store_true',
        help="html_sidebars = {'**': []} in both sites (to measure the theme sidebar cost)",
    )
    parser.add_argument(
        '--no-verify',
        action='store_true',
        help='skip the HTML comparison and the check --strict run on the generated reports',
    )
    parser.add_argument('--seed', default='1', help='seed of the generated data')
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.reports) or args.repeat < 1:
        parser.error('--reports and --repeat take positive numbers')
    if not getattr(yaml, '__with_libyaml__', False):
        parser.error('PyYAML without libyaml: the YAML floor needs yaml.CSafeLoader')

    created = args.workdir is None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix='disclosure-bench-'))
    workdir.mkdir(parents=True, exist_ok=True)
    steps = set(args.steps)
    if steps & {'noop', 'edit', 'parallel'}:
        # the rebuilds start from a full build's output; the speed-up compares with it
        steps.add('full')
    output: dict = {
        'machine': {
            'cpu_count': os.cpu_count(),
            'platform': platform.platform(),
            'python_version': platform.python_version(),
        },
        'sphinx_version': sphinx.__version__,
        'docutils_version': docutils.__version__,
        'sphinx_disclosure_version': sphinx_disclosure.__version__,
        'options': {
            'reports': args.reports,
            'repeat': args.repeat,
            'steps': [s for s in STEPS if s in steps],
            'sidebars': not args.no_sidebars,
            'seed': args.seed,
        },
        'targets_stated_for_reports': TARGETS_FOR_REPORTS,
        'runs': [],
        'per_report_seconds': {},
    }
    child_environment(workdir)
    try:
        warm_up(workdir, not args.no_sidebars, args.seed)
        for n in args.reports:
            root = workdir / f'n{n}'
            if root.exists():
                shutil.rmtree(root)
            log(f'N={n}: generating the plugin and baseline sites in {root}')
            start = time.perf_counter()
            sites = write_sites(root, n, not args.no_sidebars, args.seed)
            log(f'N={n}: generated in {time.perf_counter() - start:.1f} s')
            result = measure(sites, steps, args.repeat, not args.no_verify, args.keep)
            output['runs'].append(result)
            if 'per_report_seconds' in result:
                output['per_report_seconds'][str(n)] = result['per_report_seconds']
            if not args.keep:
                shutil.rmtree(root)
    finally:
        if created and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif args.keep:
            log(f'kept: {workdir}')
    json.dump(output, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == '__main__':
    sys.exit(main())
