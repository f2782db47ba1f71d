"""The targeted third countries on a world map, one per round (the map beside the ranked list)."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from escp_pipeline.defs.publish.common import figure_asset, figure_metadata, figure_store
from escp_pipeline.publish import catalog
from escp_pipeline.publish.data import AnalystTables
from escp_pipeline.storage.resources import DataDir


@figure_asset()
def figure_target_countries_map(
    data_dir: DataDir, country_mentions: pd.DataFrame, respondents: pd.DataFrame
) -> dg.MaterializeResult:
    """Targeted third countries as a world map, each country shaded by how many named it.

    One map per ESCP-4i round (the countries named in the B1 comments, EU member states left out),
    with the ranked list beside it. The shapes ship inside the ``pygal_maps_world`` package (nothing
    is downloaded); a country the map has no shape for (Kosovo, South Sudan, Qatar, small island
    states) stays in the list, marked, and is named in a note. Files
    ``warehouse/figures/escp-4i/<round>/countries-map-B1.png`` and ``.svg``.
    """
    tables = AnalystTables(country_mentions=country_mentions, respondents=respondents)
    store = figure_store(data_dir)
    saved = [store.save(key, tables) for key in catalog.country_map_keys(tables)]
    return dg.MaterializeResult(metadata=figure_metadata(saved, "No ESCP-4i round processed yet."))
