"""The code location loads fast and exposes the assets, groups and checks we promise."""

import subprocess
import sys

import dagster as dg

from escp_pipeline.definitions import defs


def _graph() -> dg.Definitions:
    return defs()


def test_definitions_load_and_promised_assets_exist() -> None:
    graph = _graph().resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"raw_survey_export", "core_responses", "respondents"} <= keys
    follow_up = {
        "partnership_rounds",
        "partnership_selections",
        "free_text_answers",
        "round_sources",
    }
    assert follow_up <= keys
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups["raw_survey_export"] == "ingest"
    assert groups["core_responses"] == "validate"
    assert groups["respondents"] == "analyse"
    assert set(groups.values()) <= {"ingest", "validate", "analyse", "publish"}
    checks = {(key.asset_key.to_user_string(), key.name) for key in graph.asset_check_keys}
    assert ("core_responses", "core_responses_match_schema") in checks
    for table in follow_up:
        assert groups[table] == "analyse"
        assert (table, f"{table}_match_schema") in checks
        check = graph.get_check_spec(dg.AssetCheckKey(dg.AssetKey(table), f"{table}_match_schema"))
        assert check.blocking


def test_every_asset_has_a_description_and_kinds() -> None:
    graph = _graph().resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description and len(node.description) > 40, key
        assert node.kinds, key


def test_blocking_schema_check_is_partitioned_like_its_asset() -> None:
    definitions = _graph()
    graph = definitions.resolve_asset_graph()
    core = graph.get(dg.AssetKey("core_responses"))
    check_key = dg.AssetCheckKey(dg.AssetKey("core_responses"), "core_responses_match_schema")
    spec = graph.get_check_spec(check_key)
    assert spec.blocking
    assert graph.get(check_key).partitions_def == core.partitions_def


def test_importing_definitions_keeps_heavy_libraries_out() -> None:
    code = (
        "import sys; from escp_pipeline.definitions import defs; defs(); "
        "print(','.join(m for m in ('matplotlib', 'great_expectations', 'pandera', 'scipy', "
        "'statsmodels') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def test_questionnaire_assets_checks_and_partitions() -> None:
    graph = _graph().resolve_asset_graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups["questionnaire"] == "ingest"
    assert groups["questionnaire_changes"] == "analyse"
    checks = {(key.asset_key.to_user_string(), key.name) for key in graph.asset_check_keys}
    assert ("questionnaire_changes", "questionnaire_changes_match_schema") in checks
    assert ("questionnaire", "partnerships_are_in_the_registry") in checks
    rounds = graph.get(dg.AssetKey("raw_survey_export")).partitions_def
    for asset in ("questionnaire", "questionnaire_changes"):
        assert graph.get(dg.AssetKey(asset)).partitions_def == rounds, asset
    schema = dg.AssetCheckKey(
        dg.AssetKey("questionnaire_changes"), "questionnaire_changes_match_schema"
    )
    assert graph.get_check_spec(schema).blocking
    registry = dg.AssetCheckKey(dg.AssetKey("questionnaire"), "partnerships_are_in_the_registry")
    assert not graph.get_check_spec(registry).blocking
    assert graph.get(registry).partitions_def == rounds


def test_figures_are_one_asset_whatever_the_codebooks_hold() -> None:
    graph = _graph().resolve_asset_graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups["figures"] == "publish"
    # no asset generated per codebook question: a new survey or question needs no new asset
    assert not [name for name in groups if name.startswith("figure_escp")]


def test_every_table_asset_has_a_catalogue_entry_and_a_blocking_schema_check() -> None:
    from escp_pipeline.catalogue.tables import TABLES

    definitions = _graph()
    graph = definitions.resolve_asset_graph()
    table_assets = {
        key.to_user_string(): assets_def
        for assets_def in graph.assets_defs
        for key in assets_def.keys
        if assets_def.get_io_manager_key_for_asset_key(key)
        in ("core_io_manager", "table_io_manager")
    }
    assert set(table_assets) == set(TABLES), "every table asset has one catalogue entry"
    for name, table in TABLES.items():
        check_key = dg.AssetCheckKey(dg.AssetKey(name), f"{name}_match_schema")
        assert check_key in graph.asset_check_keys, name
        assert graph.get_check_spec(check_key).blocking, name
        node = graph.get(dg.AssetKey(name))
        assert (node.partitions_def is not None) == table.partitioned, name
        assert (graph.get(check_key).partitions_def is not None) == table.partitioned, name
