"""Partnership names in free text: splitting, exact lookups and close spellings both sides."""

import pytest

from escp_pipeline.analysis.partnership_names import (
    FUZZY_THRESHOLD,
    resolve_name,
    resolve_names,
    split_names,
)
from escp_pipeline.contract.registry import load_registry

REGISTRY = load_registry()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("SmartCity Tech; MAGIA", ["SmartCity Tech", "MAGIA"]),
        ("GCA, ELBE and FoodNet", ["GCA", "ELBE", "FoodNet"]),
        ("IDEEO/SpaceWave\nNF4\r\nPERES", ["IDEEO", "SpaceWave", "NF4", "PERES"]),
        ("  AdPack <sup>2</sup> ", ["AdPack 2"]),
        ("ELBE<br>GCA", ["ELBE", "GCA"]),
        ("none", []),
        ("-", []),
        ("GCA; GCA", ["GCA"]),
        (None, []),
    ],
)
def test_split_names(text: str | None, names: list[str]) -> None:
    assert split_names(text) == names


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("P06", "EC2i"),  # code
        ("ec2i", "EC2i"),  # canonical name, any case
        ("C4W", "Cosmetics4Wellbeing"),  # alias
        ("MobiGoIn", "MobiGoIn-Action"),  # alias
        ("LASER GO GLOBAL", "LASER-GO GLOBAL"),  # alias
    ],
)
def test_exact_spellings_resolve(written: str, canonical: str) -> None:
    resolved = resolve_name(written, REGISTRY)
    assert (resolved.name, resolved.how, resolved.in_registry) == (canonical, "exact", True)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Cosmetic4Wellbeing", "Cosmetics4Wellbeing"),
        ("SpaceWaves", "SpaceWave"),
        ("LASER-GO GLOBEL", "LASER-GO GLOBAL"),
        ("SENTINAL", "SENTINEL"),
        ("GEO ENERGY EUROP", "GEO-ENERGY EUROPE"),
        ("MobiGoIn-Actions", "MobiGoIn-Action"),
    ],
)
def test_near_misses_inside_the_threshold_resolve(written: str, canonical: str) -> None:
    resolved = resolve_name(written, REGISTRY)
    assert (resolved.name, resolved.how) == (canonical, "fuzzy")


@pytest.mark.parametrize(
    "written",
    [
        "SmartCity Tech",
        "BioXclusters",
        "WBioXclusters",
        "Space Wave Tech",
        "Cyber Secure",
        "ECCA",  # an acronym close to EACN: exact matches only
        "DIAS",
        "FoodNet Plus",
    ],
)
def test_other_names_stay_outside_as_written(written: str) -> None:
    resolved = resolve_name(f"  {written} ", REGISTRY)
    assert (resolved.name, resolved.in_registry, resolved.how) == (written, False, "outside")


def test_threshold_is_between_slips_and_different_names() -> None:
    from rapidfuzz import fuzz

    assert fuzz.ratio("sentinal", "sentinel") >= FUZZY_THRESHOLD
    assert fuzz.ratio("spacewavetech", "spacewave") < FUZZY_THRESHOLD


def test_resolve_names_mixes_registry_and_outside() -> None:
    resolved = resolve_names("SmartCity Tech, Cosmetic4Wellbeing and P17", REGISTRY)
    assert [(r.name, r.in_registry) for r in resolved] == [
        ("SmartCity Tech", False),
        ("Cosmetics4Wellbeing", True),
        ("MAGIA", True),
    ]
