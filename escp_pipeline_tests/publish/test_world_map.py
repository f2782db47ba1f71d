"""The targeted-countries world map: shapes from the installed package, shading by mentions, the
countries the map lacks kept in the list with a note, the disclaimer on borders."""

from __future__ import annotations

import pandas as pd
import pytest

from escp_pipeline.publish import world_map
from escp_pipeline.publish.data import country_name


def countries(mentions: dict[str, int]) -> pd.DataFrame:
    frame = pd.DataFrame({"country": list(mentions), "mentions": list(mentions.values())})
    frame["name"] = [country_name(code) for code in frame["country"]]
    return frame.sort_values(["mentions", "name"], ascending=[False, True]).reset_index(drop=True)


def test_shapes_come_from_the_package_keyed_by_alpha_2() -> None:
    shapes = world_map.country_shapes()
    assert len(shapes) > 150
    assert all(len(code) == 2 and code.isupper() for code in shapes)
    assert {"US", "CN", "CA", "BR", "IN", "ZA", "AU"} <= set(shapes)
    assert "AQ" not in shapes  # a continent: left off the drawing
    # the shapes are in the SVG's frame (y down): Brazil lies west of China, Canada north of it
    br, cn, ca = (shapes[c].get_extents() for c in ("BR", "CN", "CA"))
    assert br.x1 < cn.x0 and ca.y1 < br.y0
    # Kosovo and South Sudan are not in this map (and so are not drawn)
    assert not world_map.on_map("XK") and not world_map.on_map("SS")


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [
        (1, [(1, 1)]),
        (4, [(1, 1), (2, 2), (3, 3), (4, 4)]),
        (11, [(1, 3), (4, 5), (6, 7), (8, 9), (10, 11)]),
    ],
)
def test_shading_classes_cover_every_count_once(maximum: int, expected) -> None:
    classes = world_map.shading_classes(maximum)
    assert classes == expected
    covered = [n for low, high in classes for n in range(low, high + 1)]
    assert covered == list(range(1, maximum + 1))


def test_map_shades_by_mentions_and_notes_what_it_lacks() -> None:
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_hex

    frame = countries({"US": 4, "CN": 3, "SS": 1, "EG": 1})
    figure = world_map.country_map_figure(frame, "third countries")
    try:
        (collection,) = [
            c for ax in figure.axes for c in ax.collections if isinstance(c, PathCollection)
        ]
        codes = sorted(world_map.country_shapes())
        colour = {
            code: to_hex(rgba)
            for code, rgba in zip(codes, collection.get_facecolors(), strict=True)
        }
        palette = world_map.class_colours(4)
        assert colour["US"] == palette[3] and colour["CN"] == palette[2]
        assert colour["EG"] == palette[0]
        assert colour["BR"] == world_map.UNNAMED_COLOUR.lower()
        texts = " ".join(t.get_text() for t in figure.texts)
        assert "South Sudan †" in texts  # in the ranked list, marked
        assert "not on the map (no shape for it): South Sudan." in texts
        assert world_map.BORDER_DISCLAIMER in texts
        assert "1.  USA" in texts and "2.  China" in texts and "3.  Egypt" in texts
    finally:
        figure.clear()


def test_map_without_any_country_says_so() -> None:
    figure = world_map.country_map_figure(countries({}), "third countries")
    texts = " ".join(t.get_text() for ax in figure.axes for t in ax.texts)
    assert "No third country named" in texts
    figure.clear()
