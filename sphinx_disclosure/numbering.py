"""Chinese numerals and the four levels of numbering of official documents.

GB/T 9704-2012 (党政机关公文格式) numbers the structure of a text as 一、 → （一） → 1. → （1）.
The annual report follows it: the statutory labels use 一、 for sections, （一） for outcome groups
and "1." (ASCII digit and ASCII full stop) for sub-items, as the format itself writes them.
"""

from __future__ import annotations

import re

DIGITS = '〇一二三四五六七八九'
MAX_LEVEL = 4
#: the largest number given to an item (九百九十九 at the Chinese levels; the same limit for all)
MAX_NUMBER = 999


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as used in section numbers)."""
    if n < 0:
        raise ValueError('negative numbers have no section numeral')
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return '十' + (DIGITS[n % 10] if n % 10 else '')
    if n < 100:
        return DIGITS[n // 10] + '十' + (DIGITS[n % 10] if n % 10 else '')
    if n < 1000:
        rest = n % 100
        head = DIGITS[n // 100] + '百'
        if rest == 0:
            return head
        if rest < 10:
            return head + '零' + DIGITS[rest]
        if rest < 20:
            return head + '一十' + (DIGITS[rest % 10] if rest % 10 else '')
        return head + chinese_number(rest)
    raise ValueError('section numbers above 999 are not supported')


def label(level: int, n: int) -> str:
    """The number prefix of the n-th item (1-based) at a nesting level (1-based)."""
    if level == 1:
        return f'{chinese_number(n)}、'
    if level == 2:
        return f'（{chinese_number(n)}）'
    if level == 3:
        return f'{n}.'
    if level == 4:
        return f'（{n}）'
    raise ValueError(f'numbering has {MAX_LEVEL} levels, not {level}')


_NUMERAL = '[〇一二三四五六七八九十百零]+'
_PREFIX = re.compile(
    rf'^\s*(?:{_NUMERAL}\s*[、.．]|[（(]\s*{_NUMERAL}\s*[）)]|[0-9]+\s*[.．、](?![0-9])'
    rf'|[（(]\s*[0-9]+\s*[）)])'
)


def existing_prefix(title: str) -> str | None:
    """The number an author already typed at the start of a heading, if any."""
    m = _PREFIX.match(title)
    return m.group(0).strip() if m else None


def date_text(year: int, month: int, day: int, style: str = 'arabic') -> str:
    """A date as written under the signature of an official document.

    ``arabic``: 2022年1月28日 (GB/T 9704-2012, the current rule); ``hanzi``: 二〇二二年一月二十八日
    (the pre-2012 style some agencies still use).
    """
    if style == 'hanzi':
        y = ''.join(DIGITS[int(d)] for d in str(year))
        return f'{y}年{chinese_number(month)}月{chinese_number(day)}日'
    return f'{year}年{month}月{day}日'
