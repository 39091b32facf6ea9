"""Chinese numerals and the four numbering levels of official documents."""

from __future__ import annotations

import pytest

from sphinx_disclosure.numbering import chinese_number, date_text, existing_prefix, label


@pytest.mark.parametrize(
    'n,text',
    [
        (1, '一'),
        (2, '二'),
        (9, '九'),
        (10, '十'),
        (11, '十一'),
        (19, '十九'),
        (20, '二十'),
        (21, '二十一'),
        (99, '九十九'),
        (100, '一百'),
        (101, '一百零一'),
        (110, '一百一十'),
        (115, '一百一十五'),
        (120, '一百二十'),
        (999, '九百九十九'),
    ],
)
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_levels():
    assert [label(1, n) for n in (1, 6, 12)] == ['一、', '六、', '十二、']
    assert [label(2, n) for n in (1, 3, 10)] == ['（一）', '（三）', '（十）']
    assert [label(3, n) for n in (1, 12)] == ['1.', '12.']  # ASCII digit and full stop
    assert [label(4, n) for n in (1, 12)] == ['（1）', '（12）']
    with pytest.raises(ValueError):
        label(5, 1)


@pytest.mark.parametrize(
    'title,prefix',
    [
        ('一、总体情况', '一、'),
        ('（三）不予公开', '（三）'),
        ('(三)不予公开', '(三)'),
        ('1.属于国家秘密', '1.'),
        ('（2）其他', '（2）'),
        ('十二、附录', '十二、'),
        ('总体情况', None),
        ('2021年工作', None),
        ('一是加强领导', None),
    ],
)
def test_existing_prefix(title, prefix):
    assert existing_prefix(title) == prefix


def test_dates():
    assert date_text(2022, 1, 28) == '2022年1月28日'
    assert date_text(2022, 1, 28, 'hanzi') == '二〇二二年一月二十八日'
    assert date_text(2030, 10, 30, 'hanzi') == '二〇三〇年十月三十日'
