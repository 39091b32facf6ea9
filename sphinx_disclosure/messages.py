"""Problems found in report files, and their wording in the reader's language.

Every message an author can see is a :class:`Problem` (a stable code plus parameters, located at a
file, line and key). The wording lives in gettext catalogs under ``locale/``: the English text is
the message id, translations are in ``locale/<lang>/LC_MESSAGES/sphinx_disclosure.po``. The
catalogs are read with Babel (already a dependency of Sphinx), so no compiled ``.mo`` file has to
be kept in step with its source.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).parent / 'locale'
DOMAIN = 'sphinx_disclosure'


def N_(message: str) -> str:
    """Mark a message id for extraction without translating it yet."""
    return message


@dataclass(frozen=True)
class Msg:
    """A message id with parameters, translated only when it is formatted."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)


#: message templates by problem code (English; the message id in the catalogs)
TEMPLATES: dict[str, str] = {
    'file-not-found': N_(
        'The report data file {file} does not exist. Check the path given to the directive: '
        'it is relative to the page, or to the site root when it starts with /.'
    ),
    'file-unreadable': N_('The report data file {file} cannot be read: {reason}.'),
    'not-utf8': N_(
        'Line {line}, column {column} holds a byte (0x{byte}) that is not UTF-8 text: the file '
        'was probably saved as GBK or GB2312, as older Windows programs do. Save it again with '
        'the encoding UTF-8.'
    ),
    'outside-root': N_(
        '{path} lies outside the folder of the site, so it is not read. Report files, '
        'previous: paths and format folders must be inside the site (for sphinx-disclosure '
        'check: inside the folder given, or the one given with --root).'
    ),
    'link-outside': N_(
        '{path} is a link to a file outside the folder of the site, so it is not read. Copy '
        'the file into the site instead of linking to it.'
    ),
    'is-a-folder': N_('{path} is a folder, not a report file.'),
    'not-a-regular-file': N_(
        '{path} is not an ordinary file (it is a device, a pipe or a socket), so it is not read.'
    ),
    'file-too-large': N_(
        '{path} is {size}, more than the limit of {limit} (disclosure_max_file_size), so it is '
        'not read. A report file is normally well under 100 KiB.'
    ),
    'control-character': N_(
        'Line {line}, column {column} holds an invisible control character ({code}), which a '
        'report file cannot contain. It usually comes from text copied out of another program: '
        'delete it (retype the characters around it).'
    ),
    'empty-file': N_('The report data file is empty.'),
    'yaml-syntax': N_(
        'This is not valid YAML: {problem}. Check the indentation, the colons and the quotes '
        'on this line and the line before it.'
    ),
    'duplicate-key': N_(
        '“{name}” is written twice at the same level (first on line {first_line}). '
        'Keep only one of them.'
    ),
    'complex-key': N_('Only plain names may be used as keys.'),
    'control-escape': N_(
        'This value holds an invisible control character ({code}), written as an escape in '
        'double quotes (such as \\f, \\e or \\x07). A report cannot contain it: delete the '
        'escape.'
    ),
    'too-deep': N_(
        'The file is nested more than {limit} levels deep here; a report needs about five. '
        'Check the indentation.'
    ),
    'too-many-values': N_(
        'The file holds more than {limit} values; a report has a few hundred. It is not read '
        'any further.'
    ),
    'several-documents': N_(
        'A second YAML document starts here (a line ---). A report file holds one report: '
        'delete this line, or put the second report in a file of its own.'
    ),
    'undefined-alias': N_('The alias *{name} refers to no anchor &{name} written before it.'),
    'recursive-alias': N_('The alias *{name} is used inside the value it refers to.'),
    'alias-expansion': N_(
        'The aliases (*name) of this file repeat more than {limit} values, so it is not read. '
        'A report needs no aliases: write the values out.'
    ),
    'yaml-tag': N_(
        'The tag {tag} is not allowed in a report file: write plain text, numbers, ~ for a blank, '
        'lists and keys only.'
    ),
    'tab-indent': N_(
        'This line is indented with the Tab key, which YAML does not allow. Use spaces, not the '
        'Tab key, to indent (most editors can show and convert tabs).'
    ),
    'unclosed-quote': N_(
        'The quote {quote} opened on this line is never closed. Add the closing {quote} at the '
        'end of the text, or remove the opening one.'
    ),
    'fullwidth-colon': N_(
        'The colon after “{name}” is a full-width colon （：）, so YAML does not read a key '
        'here. Type the half-width colon : followed by a space (switch the input method to '
        'English).'
    ),
    'fullwidth-bracket': N_(
        'The value of “{name}” starts with the full-width bracket {bracket}. Groups of keys '
        'are written in half-width braces {{ }} and lists in half-width brackets [ ]: switch the '
        'input method to English to type them.'
    ),
    'number-too-large': N_(
        '{what} is {found}, a number of more than {limit} digits, which no report has. Check '
        'the value.'
    ),
    'text-too-long': N_(
        'This text has {length} characters, more than the {limit} one text may have. Divide it '
        'into paragraphs: a list of texts, each starting with “- ”.'
    ),
    'title-too-long': N_(
        'This name or heading has {length} characters; one may have at most {limit}. Put the '
        'rest into the text below it.'
    ),
    'unbreakable-run': N_(
        'This text holds a run of more than {limit} characters without a space (it starts with '
        '“{start}”), which cannot be broken into lines in print. Add spaces, or shorten it.'
    ),
    'bad-escape': N_(
        'The text in double quotes on this line holds a backslash that YAML reads as an escape '
        'it does not know. Write the text in single quotes, or write each backslash twice.'
    ),
    'empty-row': N_(
        'Nothing is written after “{name}:”, which is read as a whole row of blank cells. Write '
        '~ if the published report left the row blank, or write its cells.'
    ),
    'empty-list': N_('This list is empty; write at least one item, or delete the entry.'),
    'fullwidth-space': N_(
        'This line is indented with full-width spaces (the space of the Chinese input method), '
        'which YAML reads as text. Indent with half-width spaces: switch the input method to '
        'English.'
    ),
    'empty-value': N_(
        'Nothing is written after “{name}:”, which is read as a blank cell. Write ~ if the '
        'published report left this cell blank, or write the number.'
    ),
    'quoted-number': N_(
        '{cell} is written in quotes ({found}), so it is read as text, not as a number. Remove '
        'the quotes.'
    ),
    'format-mismatch': N_(
        'format: {found} does not match the tables of this file: their rows are those of the '
        '{matching} format ({matching_name}). Write format: {matching}, or delete format: to '
        'use the format of the report year ({default}).'
    ),
    'format-mismatch-year': N_(
        'The tables of this file are written in the {matching} format ({matching_name}), but '
        'reports for {year} use the {default} format ({default_name}). Copy the tables of the '
        '{default} format from the template, or write format: {matching} if the report was '
        'published in the older format.'
    ),
    'more-problems': N_(
        '{count} more problems are not listed. Correct the ones above first: the others are '
        'often consequences of them.'
    ),
    'more-findings': N_(
        'Rule {rule} finds {count} more places like the ones above; they are not listed.'
    ),
    'bad-value-reference': N_(
        '{text} is not a value reference. Write {{{{ key }}}} with a key of a table cell and '
        'nothing else (for example {{{{ applications.new.total }}}}); to print two braces as '
        'they are, write \\{{{{.'
    ),
    'hand-numbered': N_(
        'This text starts with its own number “{prefix}”, but numbers are added automatically, '
        'so it would be printed as “{doubled}”. Remove “{prefix}” from the text, or write '
        'numbered: false in this block to keep the numbers as typed.'
    ),
    'previous-not-a-report': N_(
        'previous: names {previous}, which is not a report file (it has no agency: and year:), '
        'so the cross-year checks are not made. Check the path: it is relative to this report '
        'file.'
    ),
    'not-checked': N_(
        'Rule {rule} was not checked at {count} of its places, because cells it needs are '
        'blank: {places}. A blank cell is not 0; if the published report has 0 there, write 0.'
    ),
    'not-a-mapping': N_(
        'A report file must be a list of keys such as agency:, year: and sections:; '
        'this file contains {found} instead.'
    ),
    'unknown-key': N_('Unknown key “{name}”.{suggestion} Allowed here: {allowed}.'),
    'missing-key': N_('“{name}” is missing here.{hint}'),
    'missing-row': N_(
        'The row “{row}” ({name}) of the table “{table}” is missing. Write its cells, '
        'or ~ to leave the whole row blank.'
    ),
    'missing-cell': N_(
        '{cell} has no value. Write a number, or ~ to leave the cell blank '
        '(a blank cell is shown empty, it is not 0).'
    ),
    'wrong-type': N_('{what} must be {expected}, but {found} is written.'),
    'decimal-count': N_(
        '{cell} counts items and takes whole numbers only, but {found} is written.'
    ),
    'negative': N_('{cell} cannot be negative, but {found} is written.'),
    'not-a-number': N_(
        '{cell} must be a number, but {found} is written. Write plain half-width digits '
        'without units or spaces (for example 12 or 0.35), or ~ for a blank cell.'
    ),
    'year-before-format': N_(
        'Report year {year} is not supported: the national format of the annual report starts '
        'with the {first} report, under the revised Regulations on the Disclosure of '
        'Government Information (State Council Decree No. 711). Earlier reports had no '
        'unified format.'
    ),
    'year-range': N_('The report year must be between {min} and {max}, but {found} is written.'),
    'unknown-format': N_('Unknown report format {found}. Known formats: {known}.'),
    'bad-date': N_(
        '{found} is not a valid date. Write the date as YYYY-MM-DD, for example 2022-01-28.'
    ),
    'empty-text': N_('This text is empty; delete the entry or write the text.'),
    'invalid-value': N_('This value is not accepted here: {detail}.'),
    'unknown-option-value': N_(
        'Unknown {option} “{found}” in the directive. Choose one of: {known}.'
    ),
    'unknown-value': N_('{found} is not one of the allowed values.{suggestion} Allowed: {known}.'),
    'bad-block': N_(
        'A piece of narrative must be a paragraph of text, or one of heading:, points: or '
        'list:; {found} is written.'
    ),
    # problems of the Sphinx layer
    'no-report-for-role': N_(
        'The disclosure role does not know which report to read. Put '
        '“.. disclosure-source:: path/to/report.yaml” earlier on the page, or use the role '
        'below a disclosure-report or disclosure-table directive.'
    ),
    'unknown-value-key': N_('“{key}” is not a cell of this report.{suggestion}'),
    'blank-value': N_('“{key}” is blank in the report, so there is no number to show.'),
    'report-invalid': N_(
        'The report in {file} has errors, so it is not shown. Correct the file as '
        'described below and build again.'
    ),
    'unused-acknowledgement': N_(
        'The report explains a break of rule {rule}, but the rule is not broken (any more). '
        'Delete the explanation, or it is published for nothing.'
    ),
    'no-previous-year': N_(
        'No report of {agency} for {year} was found next to this file, so the carry-over '
        'from the previous year is not checked. To check it, put that report in the same '
        'folder, or write previous: with its path.'
    ),
    'previous-invalid': N_(
        'The previous-year report {previous} cannot be used for the cross-year checks '
        'because it has errors of its own.'
    ),
    'previous-not-found': N_(
        'The previous-year report {previous} named by previous: does not exist. Check the path: '
        'it is relative to this report file.'
    ),
    'not-adjustable': N_(
        'Rule {rule} is checked when the file is read and cannot be switched off or made milder.'
    ),
    'previous-wrong-year': N_(
        'previous: names the {found} report {previous}, not the {year} one; '
        'the cross-year checks compare with the year before the report.'
    ),
    'previous-ambiguous': N_(
        'More than one report of {agency} for {year} lies next to this file ({files}); '
        'write previous: with the path of the right one.'
    ),
    'acknowledged': N_('Rule {rule} is broken, as the report explains: {explanation}'),
    'numbering-depth': N_(
        'This is nested {depth} levels deep; Chinese numbering has four levels '
        '(一、 （一） 1. （1）), so it is left unnumbered.'
    ),
    'numbering-range': N_(
        'This is item number {limit} plus one at its level; numbering stops at {limit}, so this '
        'item and the ones after it are not numbered. Divide the text into sections.'
    ),
    'already-numbered': N_(
        'This heading already starts with the number “{prefix}”. Numbers are added '
        'automatically on this page: remove it from the heading.'
    ),
    # --- portal: index, aggregate and hierarchy check ---
    'aggregate-units-and-files': N_(
        'Give either :units-of: or the list of report files, not both.'
    ),
    'aggregate-no-units': N_(
        '{file} lists no units (units:), so there is nothing to add up for :units-of:.'
    ),
    'aggregate-empty': N_('The aggregate lists no report: name the report files to add up.'),
    'aggregate-twice': N_(
        '{file} is listed twice: each report is added once. Remove the second line.'
    ),
    'aggregate-same-agency': N_(
        '{first} and {second} are both reports of {agency}: an agency is added once. '
        'Keep the right one.'
    ),
    'aggregate-years': N_(
        '{first} is the {first_year} report but {other} is the {other_year} one: only reports '
        'of the same year can be added up.'
    ),
    'aggregate-formats': N_(
        '{first} is written in the {first_format} format but {other} in the {other_format} '
        'one: only reports of the same format can be added up.'
    ),
    'aggregate-invalid': N_(
        'The report {file} has errors, so the sum cannot be made: correct that report first.'
    ),
    'unit-invalid': N_(
        'units: {unit} is not a usable report (see the messages about that file), so the '
        'figures cannot be compared with the sum of the units.'
    ),
    'unit-itself': N_('units: this is the report itself; list the reports of its units.'),
    'unit-twice': N_('units: {unit} is already listed (entry {first}); each unit is listed once.'),
    'unit-wrong-year': N_(
        "units: {unit} is the {found} report, not the {year} one; list the units' reports of "
        'the same year.'
    ),
    'unit-wrong-format': N_(
        'units: {unit} is written in the {found} format, not the {format} one of this report.'
    ),
    # --- portal: comparison across years and charts ---
    'compare-agencies-differ': N_(
        '{first} is a report of {first_agency} and {second} one of {second_agency}: a '
        'comparison shows one agency across years. If it is the same agency under a new name, '
        'write the same agency_id: line in both files (for example agency_id: '
        'natural-resources); if the files hold reports of several agencies, choose one with '
        ':agency:.'
    ),
    'compare-agency-ids-differ': N_(
        '{first} and {second} are both reports of {agency}, but with different agency_id '
        'values ({first_id} and {second_id}): a comparison shows one agency. Write the same '
        'agency_id in both files, or choose one of them with :agency:.'
    ),
    'compare-same-year': N_(
        '{first} and {second} are both {year} reports of {agency}: a comparison shows one '
        'report per year. Remove one of them from the files compared.'
    ),
    'compare-agency-unknown': N_(
        'No report of {agency} (:agency:) is among the files compared; they hold reports of '
        '{known}.'
    ),
    'chart-font-missing': N_(
        'The trend chart is not drawn: the font {font} is not installed (Debian package '
        '{package}), and without it the Chinese text of the chart would print as empty boxes. '
        'Install it and build again; until then the page shows what the chart would draw.'
    ),
    # --- portal: open data ---
    # --- publishing: corrections ---
    'revision-unknown-key': N_(
        '“{key}” is neither a cell of this report nor a place of its text (preamble, '
        'sections.<id>, or a block inside them, written as messages name it).{suggestion}'
    ),
    'revision-old-not-number': N_(
        '{cell} holds a number, so old: is the number first published, or ~ if the cell was '
        'blank; {found} is written.'
    ),
    'revision-key-twice': N_(
        '“{key}” is already listed in this revision (changes[{first}]): list each change once.'
    ),
    'revision-before-published': N_(
        'This correction is dated {date}, but the report was signed on {published} '
        '(published:): a correction comes after the report. Check the date.'
    ),
    'revision-order': N_(
        'This correction is dated {date}, before the one above it ({previous}): list the '
        'revisions in date order, the oldest first.'
    ),
    'reason-too-long': N_(
        'This reason has {length} characters; one may have at most {limit}. Say in a sentence '
        'or two what was wrong and what was corrected.'
    ),
    'too-many-items': N_('This list has {count} entries; at most {limit} are accepted here.'),
    'published-needed': N_(
        'This report declares corrections (revisions: lists {count}), but no published state '
        'is given, so the check that every change since publication is declared (RC.2, RC.3) '
        'is not made. Give it with disclosure_published in conf.py, or with sphinx-disclosure '
        'check --published.'
    ),
    'published-new': N_(
        'This report is not in the published state ({published}): it is new since then, so '
        'there is nothing to compare it with.'
    ),
    'published-invalid': N_(
        'The published state of this report ({published}) is not a usable report (it has '
        'errors), so the changes since publication are not checked.'
    ),
    'published-other-format': N_(
        'The published state of this report ({published}) is written in the {found} format, '
        'not the {format} one, so the changes since publication are not checked.'
    ),
    'published-unreadable': N_('The changes since publication are not checked: {reason}'),
    # --- publishing: versions ---
    # --- publishing: cms ---
    'cms-unknown-node': N_(
        'The CMS file of the page {page} is not written: its report holds a node of the type '
        '{node}, which the CMS writer does not know how to write. This is a fault of '
        'sphinx-disclosure, not of the report: please report it.'
    ),
    'opendata-name-clash': N_(
        'The data files of {file} on this page would be named {name}.json and {name}.csv, but '
        'those of {other} on the page {other_page} have these names already, so they are not '
        'written. Rename this page, or show the reports on pages of their own.'
    ),
    'opendata-duplicate': N_(
        '{file} is a second {year} report of {agency} (the first is {other}): the data of the '
        'whole site (disclosure-data.csv) holds the first only.'
    ),
}

#: wording used inside other messages
WORDS = {
    'cell': N_('the cell “{row} / {column}” of the table “{table}”'),
    'cell-no-row': N_('the cell “{column}” of the table “{table}”'),
    'cell-short': N_('“{row} / {column}”'),
    'cell-short-no-row': N_('“{column}”'),
    'part': N_('{cell} = {value} ({file}:{line})'),
    'cell-in-file': N_('{cell} in {file}'),
    'part-derived': N_('{cell} = {value} (worked out from its parts)'),
    'status-F': N_('stated by the format'),
    'status-I': N_('implied by the table design'),
    'status-H': N_('heuristic'),
    'rules-caption': N_('Consistency rules checked in every report'),
    'rules-id': N_('Rule'),
    'rules-title': N_('What is checked'),
    'rules-severity': N_('Severity'),
    'rules-status': N_('Kind'),
    'rules-basis': N_('Basis'),
    'rules-severity-enforced': N_(
        '{severity} (checked when the file is read; a report that breaks it is not shown)'
    ),
    'severity-off': N_('off'),
    'check-ok': N_('no problems'),
    'usage-no-path': N_('{path}: no such file or folder'),
    'usage-no-reports': N_('{path}: there is no report file (*.yaml, *.yml) in this folder'),
    'usage-outside-root': N_(
        '{what} {path}: outside the checked folder {root}; give a folder '
        'that holds both with --root'
    ),
    'usage-max-size': N_(
        '--max-file-size {value}: write a number of bytes, e.g. 2097152, or '
        'with a unit: 2MiB, 500KiB'
    ),
    'check-coverage': N_(
        'Rules checked in {checked} places; not checked in {unchecked} places '
        '(blank cells, or no report of the previous year).'
    ),
    'check-coverage-all': N_('Rules checked in {checked} places.'),
    'check-clean': N_('{file}: no problems. {coverage}'),
    'usage-no-folder': N_('--forms-dir {path}: no such folder'),
    'usage-no-conf': N_('--conf {path}: there is no conf.py there'),
    'usage-conf-error': N_('--conf {path}: {error}'),
    'usage-severity': N_(
        '--severity {item}: write RULE=LEVEL, with RULE one of {rules} and LEVEL one of {levels}'
    ),
    'note-title': N_('Note'),
    'check-summary': N_(
        'Files checked: {files}. Errors: {error}, warnings: {warning}, '
        'advisories: {advisory}, acknowledged: {acknowledged}. Rules not '
        'checked in {unchecked} places.'
    ),
    'severity-error': N_('error'),
    'severity-warning': N_('warning'),
    'severity-advisory': N_('advisory'),
    'severity-info': N_('info'),
    'severity-acknowledged': N_('acknowledged'),
    'did-you-mean': N_(' Did you mean “{name}”?'),
    'hint-agency': N_(' Write the full name of the agency that publishes the report.'),
    'hint-year': N_(' Write the year the report covers, for example 2021.'),
    'hint-section': N_(
        ' Write the text of this section; if there is nothing to report, write 无。'
    ),
    'hint-table': N_(' Copy the table block from the template in the documentation.'),
    'type-integer': N_('a whole number'),
    'type-number': N_('a number'),
    'type-string': N_('text'),
    'type-list': N_('a list (lines starting with “- ”)'),
    'type-mapping': N_('a group of keys'),
    'found-nothing': N_('nothing'),
    'found-list': N_('a list'),
    'found-mapping': N_('a group of keys'),
    'what-value': N_('“{name}”'),
    # --- portal: index, aggregate and hierarchy check ---
    'aggregate-incomplete-explained': N_('The report of the county explains: {explanation}'),
    'index-summary-year': N_(
        '{agencies} agencies, {first}: {expected} reports due, {published} published, {missing} '
        'not published; {errors} with errors, {warnings} with warnings.'
    ),
    'aggregate-agency-units': N_('{agency} (sum of its units)'),
    'aggregate-incomplete': N_(
        'The sum of the units of {agency} for {year} is not shown: the report of {units} is not '
        'in the site, so the sum would be incomplete.'
    ),
    'aggregate-check-agree': N_(
        ': its {count} figures were compared with the sum of its {units} units; all agree.'
    ),
    'aggregate-check-differ': N_(
        ': its {count} figures were compared with the sum of its {units} units; {differ} differ:'
    ),
    'aggregate-check-blanks': N_(
        ' {count} figures could not be compared because a unit left them blank.'
    ),
    'aggregate-check-item': N_(': published {reported}, sum of the units {expected}'),
    'findings-title': N_('This report fails {count} checks that it does not explain:'),
    'aggregate-agency': N_('the sum of {count} reports'),
    'aggregate-intro': N_(
        'The tables below are the cell-by-cell sum of the {year} reports of the {count} units '
        'listed, made by this site ({agency}); they are checked by the same rules as every '
        'report.'
    ),
    'aggregate-units-caption': N_('Reports added up'),
    'aggregate-file': N_('Data file'),
    'aggregate-blanks': N_(
        '{count} cells of the sum are left blank, because a unit left them blank in its report '
        '(a blank is not read as 0):'
    ),
    'aggregate-blank-item': N_('{cell}: left blank by {units}'),
    'aggregate-blank-more': N_('and {count} more'),
    'index-empty': N_('No report of the site matches this index.'),
    'index-former-name': N_('{year}: {name}'),
    'index-renamed': N_(
        '{agency} published earlier reports under another name ({names}); the reports are '
        'linked by agency_id.'
    ),
    'index-summary': N_(
        '{agencies} agencies, {first}–{last}: {expected} reports due, {published} published, '
        '{missing} not published; {errors} with errors, {warnings} with warnings.'
    ),
    'index-missing-item': N_('{agency} {year}'),
    'index-missing-list': N_(' Not published: {items}.'),
    'index-errors': N_('{count} errors'),
    'index-warnings': N_('{count} warnings'),
    'index-published': N_('published'),
    'index-clean': N_('checks passed'),
    'index-agency': N_('Agency'),
    'index-year': N_('Year'),
    'index-format': N_('Format'),
    'index-status': N_('Check'),
    'index-downloads': N_('Downloads'),
    'index-not-published': N_('not published'),
    'download-pdf': N_('PDF'),
    'download-json': N_('data (JSON)'),
    'download-csv': N_('data (CSV)'),
    'index-caption': N_('Annual reports'),
    'index-coverage-caption': N_('Reports published, by agency and year'),
    'index-broken': N_('{count} report pages show a report file that cannot be read:'),
    'unit-value': N_('{agency} {value} ({file}:{line})'),
    # --- portal: comparison across years and charts ---
    'compare-new': N_('Received this year'),
    'compare-from-last-year': N_('Carried over from last year'),
    'compare-concluded': N_('Concluded this year'),
    'compare-to-next-year': N_('Carried over to next year'),
    'compare-granted': N_('Disclosed'),
    'compare-partial': N_('Partly disclosed'),
    'compare-withheld': N_('Not disclosed'),
    'compare-unavailable': N_('Cannot be provided'),
    'compare-not-processed': N_('Not processed'),
    'compare-other-handling': N_('Otherwise handled'),
    'compare-item': N_('Item'),
    'compare-group': N_('Case type'),
    'compare-result': N_('Result'),
    'compare-column': N_('Figure'),
    'compare-indicator': N_('Indicator'),
    'compare-formula': N_('Formula (variant used)'),
    'compare-caption-applications': N_('{agency}: applications, {first}–{last}'),
    'compare-caption-outcomes': N_('{agency}: outcomes of the applications, {first}–{last}'),
    'compare-caption-review': N_(
        '{agency}: administrative reconsideration and litigation, {first}–{last}'
    ),
    'compare-caption-active': N_('{agency}: proactive disclosure, {first}–{last}'),
    'compare-caption-indicators': N_('{agency}: indicators, {first}–{last}'),
    'compare-year-range': N_('{first}–{last}'),
    'compare-active-format': N_('Format of {document} (reports for {years})'),
    'compare-rate-disclosure': N_('Disclosure rate'),
    'compare-formula-disclosure': N_(
        '(disclosed + partly disclosed) ÷ concluded this year (（七）总计) × 100%'
    ),
    'compare-variant-disclosure': N_(
        'Denominator: all applications concluded. Some publications divide by concluded − '
        'not processed − otherwise handled, which gives a higher rate; that variant is not '
        'used here.'
    ),
    'compare-denominator-disclosure': N_('applications concluded this year'),
    'compare-rate-review': N_('Reconsideration correction rate'),
    'compare-formula-review': N_('corrected ÷ (total − pending) × 100%'),
    'compare-variant-review': N_(
        'Denominator: the cases decided (pending cases left out). Some publications divide by '
        'the total, pending cases included, which gives a lower rate; that variant is not used '
        'here.'
    ),
    'compare-denominator-review': N_('total − pending'),
    'compare-rate-litigation': N_('Litigation correction rate'),
    'compare-formula-litigation': N_(
        'corrected ÷ (total − pending) × 100%, both kinds of litigation (direct, and after '
        'reconsideration) added together'
    ),
    'compare-variant-litigation': N_(
        'The convention of the reconsideration rate: pending cases are left out of the '
        'denominator (some publications divide by the total; not used here).'
    ),
    'compare-denominator-litigation': N_('total − pending, both kinds of litigation'),
    'compare-undefined-zero': N_(
        '{year}: {indicator} cannot be computed, because its denominator ({denominator}) is 0.'
    ),
    'compare-undefined-blank': N_(
        '{year}: {indicator} cannot be computed, because a figure it needs is blank (a blank '
        'is not read as 0).'
    ),
    'compare-note-format-row': N_(
        '※ {item}: from {year} the format defines this item differently, so it is not '
        'comparable with earlier years.'
    ),
    'compare-note-format': N_(
        '“not comparable”: from {year} the format changed; such items are defined '
        'differently and are not comparable.'
    ),
    'compare-note-blank': N_(
        'Blank: the report left this figure, or a part of it, blank (a blank is not read as '
        '0): {items}.'
    ),
    'compare-blank-item': N_('{year} {item}'),
    'compare-note-names': N_(
        'The reports of the years are matched as one agency by agency_id. {names}.'
    ),
    'compare-former-name': N_('Name in {year}: {name}'),
    'compare-chart-title': N_('{agency}: applications by year, {first}–{last}'),
    'compare-chart-xlabel': N_('Report year'),
    'compare-chart-ylabel': N_('Applications'),
    'compare-chart-alt': N_(
        'Line chart: {series} of {agency}, by year, {first}–{last}; a year without a usable '
        'report is a gap. The figures are in the table “{table}” above.'
    ),
    'compare-chart-csv': N_('Download the chart data (CSV)'),
    'compare-chart-none': N_('No trend chart: the reports hold no figures to draw.'),
    'compare-year': N_('{year}'),
    'compare-change': N_('{year} on {previous}: change (rate)'),
    'compare-change-value': N_('{difference} ({percent})'),
    'compare-change-points-header': N_('{year} on {previous}: change'),
    'compare-change-points': N_('{difference} points'),
    'compare-blank': N_('blank'),
    'compare-not-comparable': N_('not comparable'),
    'compare-invalid': N_("data with errors, see that year's report"),
    'compare-no-change': N_('No change on last year is shown: {previous} has no usable report.'),
    'compare-nothing': N_(
        'No figures to compare: none of the files holds a usable report of this agency.'
    ),
    'compare-unplaced': N_(
        'These report files have errors and could not be placed in the comparison: {files}.'
    ),
    # --- portal: open data ---
    # --- publishing: corrections ---
    'revisions-title': N_('Corrections'),
    'revision-entry': N_('Corrected on {date}: {reason}'),
    'revision-cell': N_('{cell}: {old} → {new}'),
    'revision-cell-label': N_('{table} › {row} / {column}'),
    'revision-cell-label-no-row': N_('{table} › {column}'),
    'revision-blank': N_('blank'),
    'revision-text': N_('{place}, original text: {old}'),
    'revision-no-text': N_('none (the text was added)'),
    'revision-preamble': N_('Preamble'),
    'revision-place': N_('the text {path} of “{section}”'),
    'type-old': N_('a number, a text, or ~'),
    'published-git': N_('{path} in {ref}'),
    'published-git-error': N_('git cannot read {path} in {ref}: {error}.'),
    'published-no-git': N_('git is not installed, so {ref} cannot be read.'),
    'published-outside-repo': N_('{path} is not inside a git repository.'),
    'published-bad': N_(
        '{option} {value}: write the folder that holds the published sources, or git: '
        'followed by a tag or commit (for example git:v2025.1)'
    ),
    'published-no-folder': N_('{option} {value}: no such folder'),
    'published-no-repo': N_(
        '{option} {value}: {path} is not in a git repository, so no published version can be '
        'read from git'
    ),
    'published-no-ref': N_(
        '{option} {value}: {ref} is not a tag, branch or commit of the git repository that '
        'holds {path}'
    ),
    # --- publishing: versions ---
    'versions-menu': N_('Versions of this site'),
    'versions-label': N_('Version'),
    'versions-latest': N_('Latest publication: {version}'),
    'versions-published': N_('published {date}'),
    'versions-unpublished': N_('not published'),
    'versions-not-latest': N_('not the latest'),
    'versions-pdf': N_('PDF'),
    'versions-pdf-label': N_('The whole site as a PDF: {version}'),
    'versions-unavailable': N_('The list of versions cannot be loaded here.'),
    'versions-redirect': N_('Go to {target}'),
    'versions-no-source': N_('{path}: no such folder (the folder of the site, with its conf.py)'),
    'versions-not-git': N_(
        '{path} is not in a git repository: the versions of a site are the tags of its repository.'
    ),
    'versions-unknown-ref': N_('{ref} is neither a tag nor a branch of the repository.'),
    'versions-no-site': N_(
        '{ref} has no {path}/conf.py (the site is not in it), so it is not built.'
    ),
    'versions-nothing': N_(
        'There is no version to build: the repository has no tag, and the current branch is '
        'left out (--no-current).'
    ),
    'versions-reserved': N_(
        '{ref} cannot be built into the folder {name}: “latest” is the name of the alias of the '
        'latest version, and a folder needs a letter or a digit. Rename the tag or branch.'
    ),
    'versions-name-clash': N_(
        '{first} and {second} would both be built into the folder {name}. Rename one of them.'
    ),
    'versions-latest-unknown': N_('--latest {ref} is not one of the versions built ({names}).'),
    'versions-out-not-tree': N_(
        '{path} is not empty and holds no versions.json, so it is not a tree of versions '
        'written before: give a new or empty folder.'
    ),
    'versions-no-install': N_(
        '{ref} does not say what to install to build it: it has no requirements.txt in '
        '{site} or at the top of the repository, and is no Python project (pyproject.toml). '
        'Add a requirements.txt (with a line sphinx-disclosure, pinned to the version used), '
        'or build with --same-env.'
    ),
    'versions-building': N_('{name}: checking out {ref} ({commit})'),
    'versions-installing': N_('{name}: installing what it needs into an environment of its own'),
    'versions-step-pdf': N_('{name}: building the PDFs'),
    'versions-step-html': N_('{name}: building the HTML pages'),
    'versions-failed': N_('Building {name} failed: {command}'),
    'versions-done': N_('{count} versions written to {out}; the latest is {latest}.'),
    # --- publishing: cms ---
    'cms-epilog': N_(
        'The files for a CMS are in {outdir}: one HTML file per report, listed in index.html.'
    ),
    'cms-index-title': N_("The reports, one file each, for a government website's editor"),
    'cms-index-intro': N_(
        'Each file holds one report alone, its look written on every element, with no script '
        'and no reference to anything outside the file: paste it into the editor of the '
        'website (open it in a browser, select all, copy, paste), or upload it. The PDF '
        'beside it is the attachment.'
    ),
    'cms-index-pdf': N_('PDF'),
    'cms-index-findings': N_(
        'The checks found {errors} errors and {warnings} warnings in this report: see the '
        'build log before publishing it.'
    ),
    # --- reader experience (issue 11) ---
    # the PDF metadata of a report (render/latex.py)
    'pdf-subject': N_('Annual report on government information disclosure'),
    'pdf-keywords': N_('{agency}, {year}, government information disclosure, annual report'),
    'blank-note': N_(
        '※ The cells left empty in this table were left blank in the published report; a blank '
        'is not 0.'
    ),
    # --- publishing: read the docs ---
    'pdf-per-report-rtd': N_(
        "Read the Docs' own PDF build: one document, the whole site; the reports' own PDFs are "
        'made in a step of their own (-D disclosure_pdf_per_report=1).'
    ),
    'download-label': N_('Download: '),
    'opendata-package-description': N_(
        'The figures of the annual reports on government information disclosure published on '
        'this site: every cell of their statutory tables, one row per cell.'
    ),
    'opendata-resource-description': N_(
        'Every cell of the statutory tables of every report of the site, one row per cell. '
        'UTF-8 with a byte order mark, so that Excel shows the Chinese; a text that a '
        "spreadsheet would take for a formula starts with an apostrophe (')."
    ),
    'opendata-field-agency': N_('The agency that published the report, as the report names it.'),
    'opendata-field-agency_id': N_(
        'An identifier of the agency that stays the same across years and renamings '
        '(agency_id in the report file); empty when the report gives none.'
    ),
    'opendata-field-year': N_('The year the report covers.'),
    'opendata-field-format': N_(
        'The national format of the report, named by the first year it applies to: {formats}.'
    ),
    'opendata-field-table': N_('The statutory table: {tables}.'),
    'opendata-field-table_caption': N_('The caption of the table in the national format.'),
    'opendata-field-row_key': N_(
        'The row, as the report file names it (for example withheld.state_secret).'
    ),
    'opendata-field-column_key': N_(
        'The column, as the report file names it (for example natural_person, total).'
    ),
    'opendata-field-row_label': N_(
        'The statutory labels of the row, outermost first, joined by “ › ”; empty in a table '
        'without row labels.'
    ),
    'opendata-field-column_label': N_(
        'The statutory labels of the column, outermost first, joined by “ › ”.'
    ),
    'opendata-field-value': N_(
        'The figure as the report gives it: a whole number, or a decimal with the digits '
        'written; empty when the cell is blank (a blank is not 0).'
    ),
    'opendata-field-blank': N_('true when the report leaves the cell blank.'),
    'opendata-field-status': N_(
        'given: written in the report; derived: a total the report left out, worked out from '
        'its parts (blank when one of them is blank); blank: left blank in the report.'
    ),
    'opendata-field-anchor': N_(
        "The id of the cell on the report's page: the page's address, # and this id link to "
        'the figure.'
    ),
}


def normalize_language(language: str | None) -> str:
    """Map Sphinx/POSIX language codes onto the catalogs we ship ('zh_CN' or 'en')."""
    if not language:
        return 'en'
    lang = language.replace('-', '_').split('.')[0]
    if lang.lower().startswith('zh'):
        return 'zh_CN'
    return 'en'


@functools.lru_cache(maxsize=4)
def _catalog(language: str) -> dict[str, str]:
    if language == 'en':
        return {}
    po = LOCALE_DIR / language / 'LC_MESSAGES' / f'{DOMAIN}.po'
    if not po.is_file():
        return {}
    from babel.messages.pofile import read_po

    with po.open('rb') as f:
        catalog = read_po(f, locale=language, domain=DOMAIN)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def gettext(message: str, language: str) -> str:
    return _catalog(normalize_language(language)).get(message, message)


def render(value: Any, language: str) -> str:
    """Turn a message parameter into text: translate :class:`Msg`, quote found values."""
    if isinstance(value, Msg):
        params = {k: render(v, language) for k, v in value.params.items()}
        return gettext(value.msgid, language).format(**params)
    if isinstance(value, (list, tuple)):
        sep = '、' if normalize_language(language) == 'zh_CN' else ', '
        return sep.join(render(v, language) for v in value)
    return str(value)


#: messages that are about one rule without being its finding ({rule} names it)
RULE_MESSAGES = ('not-checked', 'unused-acknowledgement', 'more-findings')


@dataclass
class Problem:
    """Something wrong (or worth knowing) about a report file, located precisely."""

    code: str
    file: str | None = None
    line: int | None = None
    key: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    severity: str = 'error'

    def template(self, language: str) -> str:
        return gettext(TEMPLATES[self.code], language)

    def values(self) -> dict[str, Any]:
        """The parameters of the message template."""
        return self.params

    def message(self, language: str = 'en') -> str:
        values = self.values()
        template = self.template(language)
        text = template.format(**{k: render(v, language) for k, v in values.items()})
        if normalize_language(language) == 'en':
            # a sentence that starts with a part ("the cell …") is capitalised; one that starts
            # with a path or a value the author wrote is left as written
            first = re.match(r'\{(\w+)\}', template)
            key = re.match(r'[a-z_]+:', template)  # a YAML key, typed as written
            if key is None and (first is None or isinstance(values.get(first.group(1)), Msg)):
                text = text[:1].upper() + text[1:]
        return printable(text)

    def as_dict(self, language: str) -> dict[str, Any]:
        """For ``check --format json``: the same keys for every kind of message."""
        # a message about a rule that is not a finding of it names the rule too
        rule = self.params.get('rule') if self.code in RULE_MESSAGES else None
        return {
            'code': self.code,
            'rule': rule,
            'severity': self.severity,
            'file': self.file,
            'line': self.line,
            'key': self.key,
            'table': None,
            'reported': None,
            'expected': None,
            'difference': None,
            'parts': [],
            'acknowledged': None,
            'message': self.message(language),
        }

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file if self.line is None else f'{self.file}:{self.line}')
        if self.key:
            parts.append(self.key)
        return printable(': '.join(parts))

    def format(self, language: str = 'en') -> str:
        loc = self.location()
        return f'{loc}: {self.message(language)}' if loc else self.message(language)


def word(which: str, **params: Any) -> Msg:
    return Msg(WORDS[which], params)


def did_you_mean(name: str, candidates: Any, cutoff: float = 0.6) -> Msg | str:
    """The " Did you mean …?" hint for the candidate closest to ``name``, or ``''`` when none
    is close. The one place that guesses what was meant: report keys, option values, rule ids,
    cells of the role. Long names get no guess (difflib's matching is quadratic)."""
    if len(name) > 80:
        return ''
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=cutoff)
    return word('did-you-mean', name=close[0]) if close else ''


def cell_words(table: Any, key: str, short: bool = False) -> Msg:
    """How a message names the cell ``key`` of a :class:`~sphinx_disclosure.forms.TableForm`:
    its table, row and column labels (``short``: row and column only)."""
    rows, cols = table.label_paths(key)
    if short:
        return (
            word('cell-short', row=rows, column=cols)
            if rows
            else word('cell-short-no-row', column=cols)
        )
    if rows:
        return word('cell', table=table.caption, row=rows, column=cols)
    return word('cell-no-row', table=table.caption, column=cols)


def severity_word(severity: str, language: str) -> str:
    return gettext(WORDS[f'severity-{severity}'], language)


#: the most characters of a file's content a message quotes: a message must not become a way
#: to publish a file that is not a report (the whole of it, quoted back as a "wrong value")
EXCERPT = 40


def excerpt(text: Any, limit: int = EXCERPT) -> str:
    """At most ``limit`` characters of something the author wrote, on one line."""
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + '…'


#: what a one-line message must not carry: line breaks (a forged line in the log or in the
#: output of check), and control characters (a terminal escape sequence, a NUL in the HTML)
_UNPRINTABLE = re.compile(
    '[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]'
)


def printable(text: str) -> str:
    """A message as one line of visible text: a line break or a tab becomes a space, any other
    control character its code (``\\x1b``). Names of files and keys come from the file system
    and the report; a message is printed to terminals, logs and pages."""
    return _UNPRINTABLE.sub(
        lambda m: (
            ' '
            if m.group() in '\t\n\r\u2028\u2029'
            else f'\\x{ord(m.group()):02x}'
            if ord(m.group()) < 0x100
            else f'\\u{ord(m.group()):04x}'
        ),
        text,
    )


def quoted(value: Any) -> str:
    """How a value the author wrote is shown back to them: in quotes, shortened to an excerpt."""
    if value is None:
        return '~'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return f'“{excerpt(value)}”'
