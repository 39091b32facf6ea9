"""The example site, built as a user builds it: ``sphinx-build -W`` must succeed, and the
published figures of seed report 004 must stand in the right rows."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT, sphinx_build

SITE = ROOT / 'example_site'


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp('example-html')
    result = subprocess.run(
        [
            sys.executable,
            '-m',
            'sphinx',
            '--no-color',
            '-W',
            '-E',
            '-b',
            'html',
            str(SITE),
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert 'WARNING' not in result.stderr
    return out


def page(out, name):
    soup = BeautifulSoup((out / f'{name}.html').read_text(encoding='utf-8'), 'html.parser')
    return soup.find(attrs={'role': 'main'})


def rows(table):
    """label of the row (its last header cell) -> the texts of its value cells"""
    out = {}
    for tr in table.find_all('tr'):
        ths = tr.find_all('th')
        tds = tr.find_all('td')
        if ths and tds:
            out[ths[-1].get_text(strip=True)] = [td.get_text(strip=True) for td in tds]
    return out


def test_2020_is_seed_004_as_published(built):
    main = page(built, 'agencies/transport/2020')
    assert main.find('h1').get_text().rstrip('¶') == '某县交通运输局2020年政府信息公开工作年度报告'
    active = rows(main.find('table', id='active'))
    assert active['规章'] == ['0', '0', '0']
    assert active['规范性文件'] == ['5', '5', '5']
    assert active['行政许可'] == ['23', '9', '14']
    assert active['其他对外管理服务事项'] == ['0', '0', '0']
    assert active['行政处罚'] == ['1086', '669', '417']
    assert active['行政强制'] == ['', '', '']  # blank as published, not 0
    assert active['行政事业性收费'] == ['', '']
    assert active['政府集中采购'] == ['', '']
    apps = rows(main.find('table', id='applications'))
    assert len(apps) == 23
    assert all(v == ['0'] * 6 + [''] for v in apps.values())  # 总计 column blank as published
    review = [td.get_text(strip=True) for td in main.find('table', id='review').find_all('td')]
    assert review == ['0'] * 15
    text = main.get_text()
    assert '（一）围绕建设法治政府，着力深化“五公开”' in text
    assert '（七）监督保障' in text
    assert '3.积极运用政务新媒体、传统媒体、政府网站资源，着力打造全媒体公开服务平台。' in text
    assert '公开的内容较多，部分内容不能及时跟进更新。' in text


def test_2021_report_in_myst(built):
    main = page(built, 'agencies/transport/2021')
    apps = rows(main.find('table', id='applications'))
    assert apps['一、本年新收政府信息公开申请数量'] == ['26', '6', '0', '1', '3', '0', '36']
    assert apps['（七）总计'] == ['25', '5', '0', '1', '3', '0', '34']
    assert apps['四、结转下年度继续办理'] == ['1', '1', '0', '0', '0', '0', '2']
    review = [td.get_text(strip=True) for td in main.find('table', id='review').find_all('td')]
    assert review == ['1', '1', '0', '0', '2', '1', '0', '0', '1', '2', '1', '0', '0', '0', '1']
    text = main.get_text()
    assert '共新收政府信息公开申请36件' in text  # a {{ }} reference in the YAML narrative
    assert main.select_one('div.disclosure-signature').get_text().split() == [
        '某县交通运输局',
        '2022年1月25日',
    ]


def test_role_page(built):
    main = page(built, 'agencies/transport/notes')
    values = [s.get_text() for s in main.select('span.disclosure-value')]
    assert values[:3] == ['0', '0', '0']  # 2020
    assert values[3:9] == ['36', '26', '6', '3', '34', '2']  # 2021
    titles = [h.get_text().rstrip('¶') for h in main.select('h2, h3')]
    assert titles[:4] == ['一、申请数量', '二、办理结果', '（一）2021年度', '（二）2020年度']
    assert main.find('table', id='applications') and main.find('table', id='applications-2')


@pytest.mark.parametrize('builder', ['latex', 'text'])
def test_other_builders(tmp_path, builder):
    result = sphinx_build(str(SITE), str(tmp_path), builder=builder)
    assert result.returncode == 0, result.stderr
