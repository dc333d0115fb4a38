"""Danish numbers: a decimal comma, at most one decimal, whole per cents rounded down."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from course.engine.numbers import percent, points, share_percent, whole_percent


def test_points_have_a_comma_and_at_most_one_decimal() -> None:
    assert points(7.416666666) == "7,4"
    assert points(7.45) == "7,4"  # rounded down: never more than was earned
    assert points(6.0) == "6"
    assert points(0) == "0"
    assert points(11) == "11"
    assert points(0.1 + 0.2) == "0,3"  # 0.30000000000000004
    assert points(2.99) == "2,9"  # still below 3
    assert points(0.7 * 10) == "7"  # 7.000000000000001


def test_per_cents_are_whole_and_rounded_down() -> None:
    assert whole_percent(90.909) == 90  # 10 of 11: 90 %, not 91 %
    assert whole_percent(90.9) == 90  # as an attempt stores it
    assert whole_percent(100) == 100
    assert whole_percent(0.7 * 100) == 70  # 70.00000000000001
    assert whole_percent(0.29 * 100) == 29  # 28.999999999999996 stands for 29
    assert whole_percent(None) is None
    assert percent(66.67) == "66 %"
    assert percent(66.67, " procent") == "66 procent"
    assert percent(None) == "–"
    assert share_percent(10, 11) == 90
    assert share_percent(1, 3) == 33
    assert share_percent(1, 0) == 0


@given(st.integers(min_value=1, max_value=40), st.data())
def test_the_same_share_gives_the_same_figure_however_it_is_reached(total: int, data) -> None:
    """A score as points, as the per cent an attempt stores (one decimal) and as a share:
    one figure, never above the exact value."""
    score = data.draw(st.integers(min_value=0, max_value=total * 6)) / 6
    score = min(score, total)
    exact = 100 * score / total
    stored = round(exact, 1)
    assert whole_percent(exact) == share_percent(score, total)
    assert whole_percent(exact) <= exact + 1e-9
    assert abs(whole_percent(stored) - whole_percent(exact)) <= 1
    text = points(score)
    assert "." not in text and len(text.partition(",")[2]) <= 1
    assert float(text.replace(",", ".")) <= score + 1e-9
