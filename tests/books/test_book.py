"""Criteria books: a regime written for people, the same in Markdown, reST, HTML and the Sphinx directive."""

from __future__ import annotations

import html.parser
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import docutils.core
import docutils.utils
import pytest
from hypothesis import given, settings

import itcriteria
from builders import build, leaf, parent, ratio
from itcriteria import expressions
from itcriteria.books import book as _book
from itcriteria.books import context as _context
from itcriteria.model.criteria import INDICATOR_KINDS
from itcriteria.testing import regimes

INSTALLED = [info.id for info in itcriteria.list_regimes()]
COUNT = {"kind": "count", "label": "Số cuộc họp"}
YES_NO = {"kind": "yes_no", "label": "Có kế hoạch"}
NUMBER = {"kind": "number", "label": "Băng thông"}
CHOICE = {
    "kind": "choice",
    "label": "Mức độ",
    "levels": [
        {"id": "du", "title": "Đầy đủ", "fraction": 1},
        {"id": "mot-phan", "title": "Một phần", "fraction": 0.5},
    ],
}


def walk(block: _book.Block) -> Iterator[_book.Block]:
    yield block
    if isinstance(block, _book.Section):
        for child in block.blocks:
            yield from walk(child)


def text(block: _book.Block) -> str:
    """All the text of a block and what it holds, as one string."""
    parts: list[str] = []
    for item in walk(block):
        if isinstance(item, _book.Section):
            parts.append(item.title)
        elif isinstance(item, _book.Paragraph):
            parts.append(_book._plain(item.parts))
        elif isinstance(item, _book.Items):
            parts.extend(_book._plain(line) for line in item.items)
        elif isinstance(item, _book.Callout):
            parts.append(f"{item.title} {_book._plain(item.body)}")
        else:
            parts.extend(item.header)
            parts.extend(_book._plain(cell) for row in item.rows for cell in row)
    return "\n".join(parts)


def tables(block: _book.Block, kind: str) -> list[_book.Table]:
    return [t for t in walk(block) if isinstance(t, _book.Table) and t.kind == kind]


def section(block: _book.Section, suffix: str) -> _book.Section:
    found = [s for s in walk(block) if isinstance(s, _book.Section) and s.id.endswith(suffix)]
    assert len(found) == 1, (suffix, [s.id for s in walk(block) if isinstance(s, _book.Section)])
    return found[0]


def scoring(rule: str, indicator: dict[str, Any], lang: str = "en", max_points: int = 10) -> _book.Section:
    """The criterion section of a one-leaf regime scored by ``rule``."""
    regime = build(leaf("1", max_points, indicator, rule=rule), bands=[])
    return section(_book.book(regime, lang), "-c-1")


def codes(block: _book.Block) -> list[str]:
    """The text set as code in the paragraphs of a block (where a rule is shown as written)."""
    return [
        part.text
        for item in walk(block)
        if isinstance(item, _book.Paragraph)
        for part in item.parts
        if isinstance(part, _book.Code)
    ]


def rst_problems(source: str) -> list[str]:
    """Warnings and errors docutils reports while parsing ``source``."""
    found: list[str] = []
    settings_ = {"report_level": 5, "halt_level": 5, "warning_stream": False}
    document = docutils.core.publish_doctree(source, settings_overrides=settings_)
    for message in document.findall(docutils.nodes.system_message):
        if message["level"] >= docutils.utils.Reporter.WARNING_LEVEL:
            found.append(message.astext())
    return found


class _HTMLCheck(html.parser.HTMLParser):
    """Counts tables and checks that every opened element of the body is closed in order."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tables: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(dict(attrs).get("class") or "")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def check_html(page: str) -> _HTMLCheck:
    checker = _HTMLCheck()
    checker.feed(page)
    checker.close()
    assert not checker.errors and not checker.stack, (checker.errors, checker.stack)
    return checker


# --- What a book holds ------------------------------------------------------------------------------


def test_a_book_has_every_part_in_order() -> None:
    """The book gives legal basis, dates, groups, criteria, classes, ranking and changes, in that order."""
    book = _book.installed_book("binhthuan-2019")
    parts = [block.id for block in book.blocks if isinstance(block, _book.Section)]
    suffixes = ["legal-basis", "dates", "groups", "criteria", "bands", "ranking", "changes"]
    assert parts == [f"binhthuan-2019-{suffix}" for suffix in suffixes]
    assert book.title.endswith("(binhthuan-2019)") and "Bình Thuận" in book.title


def test_a_provisional_regime_says_so_first_and_counts_what_is_not_official() -> None:
    """A provisional regime opens with a warning counting its derived and assumed criteria."""
    regime = itcriteria.get_regime("binhthuan-2019")
    criteria = list(regime.walk())
    derived = sum(c.provenance == "derived" for c in criteria)
    assumed = sum(c.provenance == "assumed" for c in criteria)
    for lang, word in (("vi", "TẠM THỜI"), ("en", "PROVISIONAL")):
        callout = _book.book(regime, lang).blocks[1]
        assert isinstance(callout, _book.Callout) and callout.kind == "warning" and word in callout.title
        assert f"({derived} " in _book._plain(callout.body) and f", {assumed} " in _book._plain(callout.body)


def test_an_official_regime_is_not_called_provisional() -> None:
    """A regime with every criterion official gets a note, and no provisional warning anywhere."""
    regime = build(leaf("1", 10, YES_NO), status="official")
    book = _book.book(regime, "en")
    assert not any(isinstance(b, _book.Callout) and b.kind == "warning" for b in walk(book))
    assert "PROVISIONAL" not in text(book) and "Official criteria set" in text(book)


def test_every_criterion_is_in_the_tree_with_id_title_max_benchmark_and_provenance() -> None:
    """The overview table has a row per criterion: id, title, max points, benchmark, groups, provenance."""
    for regime_id in INSTALLED:
        regime = itcriteria.get_regime(regime_id)
        book = _book.book(regime, "en")
        (overview,) = tables(book, "criteria")
        rows = {_book._plain(row[0]): [_book._plain(cell) for cell in row] for row in overview.rows}
        assert list(rows) == [c.id for c in regime.walk()]
        for criterion in regime.walk():
            row = rows[criterion.id]
            assert row[1] == criterion.title.get("en")
            assert row[2] == _book.number(criterion.max, "en")
            assert row[5] == criterion.provenance
            if criterion.benchmark is not None:
                assert row[3] == _context.benchmark_text(
                    _context.Context(regime, "en", _book._WORDS["en"]), criterion.benchmark
                )


def test_the_tree_links_each_id_to_its_section() -> None:
    """Each id in the overview links to the criterion's own section."""
    book = _book.installed_book("binhthuan-2019", "en")
    (overview,) = tables(book, "criteria")
    ids = {s.id for s in walk(book) if isinstance(s, _book.Section)}
    for row in overview.rows:
        (link,) = row[0]
        assert isinstance(link, _book.Link) and link.url[1:] in ids


def test_inputs_name_the_numerator_and_denominator_as_the_form_does() -> None:
    """A ratio sub-criterion lists its numerator and denominator labels and what a zero denominator means."""
    regime = itcriteria.get_regime("binhthuan-2019")
    criterion = regime.criterion("4.2")
    assert isinstance(criterion.indicator, itcriteria.Ratio)
    body = text(section(_book.book(regime, "vi"), "-c-4-2"))
    assert f"Tử số: {criterion.indicator.numerator.vi}" in body
    assert f"Mẫu số: {criterion.indicator.denominator.vi}" in body
    assert "Khi mẫu số bằng 0: không áp dụng" in body


def test_dates_deadline_and_milestones_are_shown_with_their_sources() -> None:
    """The dates section gives the period, data window, deadline with grace days, and each milestone."""
    regime = itcriteria.get_regime("binhthuan-2019")
    dates = section(_book.book(regime, "vi"), "-dates")
    body = text(dates)
    assert "15/09/2019; gửi trễ quá 5 ngày làm việc" in body and "01/09/2018 – 31/08/2019" in body
    (milestones,) = tables(dates, "milestones")
    assert [_book._plain(row[1]) for row in milestones.rows] == [
        f"{m.by:%d/%m/%Y}" for m in regime.milestones
    ]


def test_groups_show_their_maximum_and_whether_they_are_ranked() -> None:
    """Each unit group has its maximum, number of sub-criteria, and how (or whether) it is ranked."""
    regime = itcriteria.get_regime("binhthuan-2019")
    (groups,) = tables(_book.book(regime, "en"), "groups")
    rows = {_book._plain(row[0]): [_book._plain(c) for c in row] for row in groups.rows}
    assert set(rows) == {g.id for g in regime.groups}
    for group in regime.groups:
        assert rows[group.id][3] == str(len(regime.leaves(group.id)))
        assert rows[group.id][4] == ("within the group" if group.ranked else "scored, not ranked")


def test_classes_and_ranking_policy_are_described() -> None:
    """Bands are a table of ranges; the ranking section gives the registered policy's title and ties."""
    regime = itcriteria.get_regime("binhthuan-2019")
    book = _book.installed_book("binhthuan-2019", "en")
    (bands,) = tables(book, "bands")
    assert [_book._plain(row[0]) for row in bands.rows] == [b.title.en for b in regime.bands]
    assert _book._plain(bands.rows[1][1]) == "70% ≤ x < 85%"
    policy = itcriteria.get_ranking_policy(regime.ranking_policy)
    ranking = text(section(book, "-ranking"))
    assert policy.title.en in ranking and "share a rank" in ranking


# --- Rules written for people -----------------------------------------------------------------------


def test_steps_on_a_ratio_become_a_table_of_percentages() -> None:
    """``steps`` on a ratio is a table from the highest threshold down, with a last row for nothing."""
    (table,) = tables(scoring("steps(ratio, 0.5, 10, 0.2, 6, 0.05, 3)", ratio()), "steps")
    rows = [[_book._plain(c) for c in row] for row in table.rows]
    assert rows == [
        ["50% or more", "10"],
        ["20% to under 50%", "6"],
        ["5% to under 20%", "3"],
        ["under 5%", "0"],
    ]


def test_steps_on_a_count_become_whole_number_ranges() -> None:
    """Whole-number thresholds of a count read as ranges of whole numbers (3, 1 to 2, 0)."""
    (table,) = tables(scoring("steps(count, 4, 3, 3, 2, 1, 1)", COUNT, "vi", 3), "steps")
    rows = [[_book._plain(c) for c in row] for row in table.rows]
    assert rows == [["từ 4 trở lên", "3"], ["3", "2"], ["từ 1 đến 2", "1"], ["0", "0"]]
    assert table.header == ("Số cuộc họp", "Điểm")


def test_a_choice_is_a_table_of_levels_and_yes_no_a_sentence() -> None:
    """The default rule of a choice is a table of levels and points; yes/no gives the points of each."""
    (levels,) = tables(scoring("fraction * max_points", CHOICE, "vi", 6), "levels")
    assert [[_book._plain(c) for c in row] for row in levels.rows] == [
        ["Đầy đủ (du)", "100%", "6"],
        ["Một phần (mot-phan)", "50%", "3"],
    ]
    assert "Có: 4 điểm; không: 0 điểm." in text(scoring("max_points if yes else 0", YES_NO, "vi", 4))


@pytest.mark.parametrize(
    ("rule", "indicator", "expected"),
    [
        ("ratio * max_points", ratio(), "Points = ratio × 10"),
        ("per_item(count, 1, 5)", COUNT, "1 point for each of “Số cuộc họp”, at most 5 points."),
        (
            "value / best * max_points if best > 0 else 0",
            NUMBER,
            "Points = “Băng thông” ÷ the best value in the group × 10 when the best value in the group > 0; "
            "otherwise 0",
        ),
        ("min(ratio * 20, max_points)", ratio(), "Points = the smaller of (ratio × 20, 10)"),
        ("(numerator - 1) / denominator * 4", ratio(), "Points = (“Tử số” − 1) ÷ “Mẫu số” × 4"),
        ("max_points if ratio >= 0.9 else 5", ratio(), "Points = 10 when ratio ≥ 90%; otherwise 5"),
        ("0", NUMBER, "Collected, not scored (0 points)."),
        ("round_half_up(ratio * 3, 1)", ratio(), "Points = ratio × 3 rounded to 1 decimal place (half up)"),
    ],
)
def test_rules_are_phrased_in_words(rule: str, indicator: dict[str, Any], expected: str) -> None:
    """Arithmetic, comparisons, per_item and the common functions are written out with the inputs' labels."""
    book = scoring(rule, indicator)
    assert expected in text(book)
    assert not codes(book)


def test_a_rule_with_no_phrasing_is_shown_as_written() -> None:
    """A part with no phrasing (``**`` here, or a plugin's function) shows the rule itself, as code."""
    book = scoring("value ** 2 / 10", NUMBER)
    assert "rule: value ** 2 / 10" in text(book)
    assert codes(book) == ["value ** 2 / 10"]


def test_no_bundled_rule_is_shown_as_code() -> None:
    """Every rule of the bundled regimes has a phrasing: no book shows a rule as written."""
    for regime_id in INSTALLED:
        for lang in ("vi", "en"):
            shown = codes(_book.installed_book(regime_id, lang))
            assert not any("(" in code or "*" in code for code in shown), (regime_id, shown)


# --- What changed -----------------------------------------------------------------------------------


def test_the_previous_regime_is_the_provinces_last_before_it() -> None:
    """previous_regime picks the same province's regime that came into force last before this one."""
    infos = itcriteria.list_regimes()
    all_regimes = [info.regime for info in infos]
    pick = {r.id: _book.previous_regime(r, all_regimes) for r in all_regimes}
    assert pick["binhthuan-2020"] is itcriteria.get_regime("binhthuan-2019")
    assert pick["binhthuan-2019"] is itcriteria.get_regime("binhthuan-2018")
    assert pick["binhthuan-2018"] is None and pick["vn-dti-2022"] is None


def test_changes_list_what_diff_finds_with_rules_in_words() -> None:
    """Compared with 2018, the 2019 book lists criterion 2.7 as added and 2.1's new thresholds in words."""
    book = _book.installed_book("binhthuan-2019", "en")
    changes = section(book, "-changes")
    assert "Compared with binhthuan-2018" in text(changes)
    (added,) = tables(changes, "changes-added")
    assert [_book._plain(row[0]) for row in added.rows] == ["2.7"]
    (changed,) = tables(changes, "changes-changed")
    rows = [[_book._plain(c) for c in row] for row in changed.rows]
    assert ["2.1", "max points", "13", "10"] in rows
    rule = next(row for row in rows if row[:2] == ["2.1", "scoring"])
    assert rule[2].startswith("80% or more: 13; 60% to under 80%: 9") and "steps(" not in rule[3]
    diff = itcriteria.diff(itcriteria.get_regime("binhthuan-2018"), itcriteria.get_regime("binhthuan-2019"))
    assert len(rows) == sum(len(c.changes) for c in diff.changed)


def test_a_first_regime_and_an_unchanged_one_say_so() -> None:
    """Without a previous regime the book says it is the first; an identical successor shows no change."""
    regime = build(leaf("1", 10, YES_NO))
    assert "first installed criteria set of test" in text(section(_book.book(regime, "en"), "-changes"))
    same = _book.book(regime, "en", previous=regime)
    assert "No change." in text(section(same, "-changes"))


# --- Languages and numbers --------------------------------------------------------------------------


def test_vietnamese_first_with_decimal_commas_and_english_with_points() -> None:
    """The default book is Vietnamese with decimal commas and dd/mm/yyyy; English uses points and words."""
    regime = build(
        leaf("1", Decimal("4.5"), ratio(), benchmark={"ratio": Decimal("0.875")}),
        bands=[{"id": "a", "title": {"vi": "Tốt", "en": "Good"}}],
    )
    vi, en = text(_book.book(regime)), text(_book.book(regime, "en"))
    assert "Tiêu chí" in vi and "(4,5 điểm)" in vi and "87,5%" in vi and "01/01/2019" in vi
    assert "Criteria" in en and "(4.5 points)" in en and "87.5%" in en and "1 January 2019" in en
    with pytest.raises(itcriteria.ArgumentError, match="unknown language 'fr'"):
        _book.book(regime, "fr")


def test_the_province_and_unit_groups_are_named_not_shown_by_id() -> None:
    """The lead line names the province (not its id), a national set names the country, and the
    criteria table says which groups a criterion applies to by their titles."""
    vi = _book.to_markdown(_book.installed_book("binhthuan-2019"))
    assert "Tỉnh: Bình Thuận ·" in vi and "binhthuan ·" not in vi
    assert "| UBND các huyện, thị xã, thành phố | suy ra |" in vi and "| huyen |" not in vi
    assert "Country: Việt Nam ·" in text(_book.installed_book("vn-dti-2022", "en"))
    first = text(section(_book.installed_book("binhdinh-2018"), "-changes"))
    assert "bộ tiêu chí đầu tiên của tỉnh Bình Định" in first


# --- Writers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("regime_id", INSTALLED)
def test_every_installed_book_renders_cleanly_in_every_format(regime_id: str) -> None:
    """Each installed regime's book is valid reST, well-formed HTML and Markdown with even tables."""
    for lang in ("vi", "en"):
        book = _book.installed_book(regime_id, lang)
        assert rst_problems(_book.to_rst(book)) == []
        page = _book.to_html(book, lang)
        assert f'<html lang="{lang}">' in page
        assert check_html(page).tables.count("criteria-book-table criteria-book-criteria") == 1
        assert_markdown_tables_even(_book.to_markdown(book))


def assert_markdown_tables_even(markdown: str) -> None:
    """Every row of every table has as many cells as its header (escaped pipes are not separators)."""
    width = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line)) - 1
        width = cells if width is None else width
        assert cells == width, line


def test_text_with_markup_characters_is_escaped_in_every_format() -> None:
    """Titles holding ``|``, ``*``, backquotes, underscores and ``<tags>`` stay text in every format."""
    title = "A | B *not bold* `x` _y_ <b>z</b> 1.1"
    regime = build(
        parent("1", 10, leaf("1.1", 10, ratio(), title={"vi": title, "en": title}), title={"vi": title}),
        title={"vi": title, "en": title},
        notes={"vi": "**x**"},
    )
    book = _book.book(regime)
    markdown = _book.to_markdown(book)
    assert_markdown_tables_even(markdown)
    assert "\\*not bold\\*" in markdown and "\\<b>" in markdown
    assert rst_problems(_book.to_rst(book)) == []
    doctree = docutils.core.publish_doctree(_book.to_rst(book), settings_overrides={"report_level": 5})
    assert title in doctree.astext()
    page = _book.to_html(book)
    check_html(page)
    assert "<b>z</b>" not in page and "&lt;b&gt;z&lt;/b&gt;" in page


def test_criteria_differing_only_in_case_get_their_own_anchors() -> None:
    """Criteria ``1.a`` and ``1.A`` get different section anchors, also in reST where names ignore case."""
    regime = build(parent("1", 10, leaf("1.a", 5, YES_NO), leaf("1.A", 5, YES_NO)))
    book = _book.book(regime)
    ids = [s.id for s in walk(book) if isinstance(s, _book.Section)]
    assert len(ids) == len(set(ids)) and {"test-2019-c-1-a", "test-2019-c-1-_a"} <= set(ids)
    assert rst_problems(_book.to_rst(book)) == []


def test_render_knows_three_formats() -> None:
    """render() writes md, rst and html; any other format is a ValueError naming the three."""
    book = _book.book(build(leaf("1", 10, YES_NO)))
    assert _book.render(book, "md").startswith('<a id="test-2019"></a>')
    assert _book.render(book, "rst").startswith(".. _test-2019:")
    assert _book.render(book, "html").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match="use one of md, rst, html"):
        _book.render(book, "pdf")


@settings(max_examples=40, deadline=None)
@given(regimes())
def test_any_valid_regime_has_a_book(regime: itcriteria.Regime) -> None:
    """Every regime the strategy draws has a book in both languages, each leaf in it, valid in each format."""
    for lang in ("vi", "en"):
        book = _book.book(regime, lang, previous=regime)
        ids = {s.id for s in walk(book) if isinstance(s, _book.Section)}
        prefix = regime.id if lang == "vi" else f"{regime.id}-en"
        assert {f"{prefix}-c-{_context.slug(c.id)}" for c in regime.walk()} <= ids
        assert rst_problems(_book.to_rst(book)) == []
        check_html(_book.to_html(book, lang))
        assert_markdown_tables_even(_book.to_markdown(book))


# --- The rule language's tables ---------------------------------------------------------------------


def test_language_tables_list_exactly_the_allow_list() -> None:
    """The reference tables are the allow-list: every operator, function, indicator kind and limit."""
    operators = _book.language_table("operators")
    assert [_book._plain(row[0]) for row in operators.rows] == list(expressions.OPERATORS)
    functions = _book.language_table("functions")
    assert [_book._plain(row[0]) for row in functions.rows] == sorted(expressions.FUNCTIONS)
    assert all(_book._plain(row[1]).startswith(_book._plain(row[0]) + "(") for row in functions.rows)
    inputs = _book.language_table("inputs")
    assert [_book._plain(row[0]) for row in inputs.rows] == list(INDICATOR_KINDS)
    assert "numerator, denominator, ratio, max_points, best" in _book._plain(inputs.rows[0][1])
    limits = _book.language_table("limits")
    assert [_book._plain(row[1]) for row in limits.rows] == ["1000", "300", "30", "100"]
    with pytest.raises(ValueError, match="no language table 'keywords'"):
        _book.language_table("keywords")
