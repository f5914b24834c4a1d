"""Risk scores, highlighting and the heat map SVG."""

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escalation.heatmap import count_cells, heat_map_svg
from escalation.models import Risk
from escalation.risk import Band, band, is_highlighted, score

pytestmark = pytest.mark.usefixtures("escalations_a")

SVG = "{http://www.w3.org/2000/svg}"


def test_score_is_likelihood_times_impact_and_20_or_more_is_highlighted():
    assert score(4, 5) == 20 and is_highlighted(20) and not is_highlighted(19)
    assert [band(s) for s in (1, 4, 5, 9, 10, 19, 20, 25)] == [
        Band.LOW,
        Band.LOW,
        Band.MEDIUM,
        Band.MEDIUM,
        Band.HIGH,
        Band.HIGH,
        Band.VERY_HIGH,
        Band.VERY_HIGH,
    ]
    with pytest.raises(ValueError):
        score(0, 5)


def test_the_model_stores_the_score(tree_a):
    risk = tree_a.risk
    assert (risk.score, risk.band, risk.is_highlighted) == (20, Band.VERY_HIGH, True)
    risk.likelihood = 2
    risk.save(update_fields=["likelihood"])
    assert Risk.objects.get(pk=risk.pk).score == 10


def cells_of(svg):
    root = ET.fromstring(str(svg))
    return root, {
        (int(g.get("data-likelihood")), int(g.get("data-impact"))): g
        for g in root.iter(f"{SVG}g")
        if "cell" in g.get("class", "")
    }


def test_the_heat_map_is_well_formed_with_counts_axes_and_legend():
    svg = heat_map_svg(count_cells([(4, 5), (4, 5), (1, 1), (3, 3)]), title="Open risks")
    root, cells = cells_of(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Open risks"
    assert "4 risks" in root.find(f"{SVG}desc").text and "2 score 20 or more" in root.find(f"{SVG}desc").text
    assert len(cells) == 25
    counts = {key: g.find(f"{SVG}text[@class='cell-count']") for key, g in cells.items()}
    assert counts[(4, 5)].text == "2" and counts[(1, 1)].text == "1" and counts[(3, 3)].text == "1"
    assert counts[(2, 2)] is None  # an empty cell prints no count…
    assert cells[(2, 2)].find(f"{SVG}text[@class='cell-score']").text == "4"  # …but still its score
    assert cells[(4, 5)].find(f"{SVG}title").text.endswith("2 risks")
    # colour is not the only signal: very high cells have a heavy border, and words label everything
    assert cells[(4, 5)].find(f"{SVG}rect").get("stroke-width") == "3"
    assert cells[(3, 3)].find(f"{SVG}rect").get("stroke-width") == "1"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for words in ("Likelihood", "Impact", "Almost certain 5", "Severe", "Very high (20–25), highlighted", "Low (1–4)"):
        assert words in texts, words
    assert "<script" not in svg and "style=" not in svg and "foreignObject" not in svg


def test_the_heat_map_is_deterministic_and_handles_no_risks():
    assert heat_map_svg({}) == heat_map_svg({})
    root, cells = cells_of(heat_map_svg({}))
    assert root.find(f"{SVG}desc").text == "No open risks to plot."
    assert all(g.get("data-count") == "0" for g in cells.values())


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), max_size=60))
def test_every_risk_is_counted_once(pairs):
    _, cells = cells_of(heat_map_svg(count_cells(pairs)))
    assert sum(int(g.get("data-count")) for g in cells.values()) == len(pairs)
