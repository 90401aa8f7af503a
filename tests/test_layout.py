"""Tests for bulletin_docs.layout: the profile holds layout.md's numbers and makes its decisions."""

from __future__ import annotations

import dataclasses

import pytest

from bulletin_docs.chars import (
    NO_LINE_END,
    NO_LINE_START,
    em_width,
    is_break_space,
    is_han,
    is_latin,
    is_white,
    is_word_char,
)
from bulletin_docs.copies import copies_fit
from bulletin_docs.layout import DEFAULT, mm_to_pt, pt_to_mm


def test_page_grid_is_gb_t_9704() -> None:
    assert (DEFAULT.page_width_mm, DEFAULT.page_height_mm) == (210, 297)
    assert DEFAULT.type_width_mm == pytest.approx(156)
    assert DEFAULT.type_height_mm == pytest.approx(225)
    assert (DEFAULT.lines_per_page, DEFAULT.chars_per_line) == (22, 28)
    assert DEFAULT.line_pitch_pt == pytest.approx(28.95)
    assert DEFAULT.char_pitch_pt == pytest.approx(15.79, abs=0.005)
    assert DEFAULT.char_spacing_pt == pytest.approx(-0.21, abs=0.005)
    assert DEFAULT.first_line_indent_pt == pytest.approx(2 * DEFAULT.char_pitch_pt)


def test_sizes_and_colours() -> None:
    assert DEFAULT.body_style.size_pt == 16
    assert DEFAULT.article_title_style.size_pt == 22
    assert DEFAULT.footer_style.size_pt == 14
    assert DEFAULT.title_style.color == "FF0000"
    assert DEFAULT.page_number_text(3) == "\u2014 3 \u2014"


def test_units_round_trip() -> None:
    assert pt_to_mm(mm_to_pt(37.0)) == pytest.approx(37.0)


def test_em_width_counts_cjk_as_one_and_ascii_as_half() -> None:
    assert em_width("挂职简报") == 4
    assert em_width("2020年") == 3


def test_title_size_is_chuhao_when_it_fits() -> None:
    assert DEFAULT.title_size_pt_for("挂职简报") == 42


def test_long_title_shrinks_to_fit_one_line() -> None:
    title = "吴中区年轻干部双向挂职工作简报"  # 15 characters: 15 × 42 pt is wider than 156 mm
    size = DEFAULT.title_size_pt_for(title)
    assert size < 42
    assert size * em_width(title) <= DEFAULT.type_width_pt
    assert (size + 0.5) * em_width(title) > DEFAULT.type_width_pt


def test_title_never_smaller_than_the_minimum() -> None:
    assert DEFAULT.title_size_pt_for("很" * 80) == DEFAULT.title_min_size_pt


def test_a_changed_number_changes_the_derived_values() -> None:
    wide = dataclasses.replace(DEFAULT, margin_left_mm=20.0)
    assert wide.type_width_mm == pytest.approx(164)
    assert wide.char_pitch_pt > DEFAULT.char_pitch_pt


def test_char_classes_have_one_meaning_each() -> None:
    assert is_han("中") and is_han("\U00020bb7") and not is_han("，") and not is_han("a")
    assert is_latin("a") and is_latin("7") and not is_latin("%") and not is_latin("中")
    assert is_word_char("%") and is_word_char("a") and not is_word_char(" ")
    assert not is_word_char("中")
    assert is_break_space(" ") and not is_break_space("\u3000") and is_white("\u3000")
    assert "，" in NO_LINE_START and "（" in NO_LINE_END
    assert not set(NO_LINE_START) & set(NO_LINE_END)
    assert DEFAULT.no_line_start == NO_LINE_START and DEFAULT.no_line_end == NO_LINE_END


def test_copies_fit_needs_a_character_of_gap() -> None:
    size = DEFAULT.footer_style.size_pt
    assert copies_fit(100.0, 80.0, 100.0 + size + 80.0, size)
    assert copies_fit(100.0, 80.0, 100.0 + size + 80.0 - 0.005, size)  # measured to the last char
    assert not copies_fit(100.0, 80.0, 100.0 + size + 80.0 - 0.02, size)
    assert not copies_fit(100.0, 80.0, 100.0 + 80.0, size)  # touching is not enough
