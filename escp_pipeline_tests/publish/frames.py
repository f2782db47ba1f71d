"""Hand-made analyst tables with the columns of OUTPUTS.md, for the publish tests.

The numbers of ``report_like_tables`` follow the seed report where it states them (and are made up,
consistently, where it does not), so figures and sentences can be compared with the report's.
"""

from __future__ import annotations

import itertools

import pandas as pd

from devtools.demo_rounds import AGREEMENTS
from escp_pipeline.analysis.respondents import RESPONDENTS_COLUMNS
from escp_pipeline.contract.codebook import load_codebook

Counts = dict[str, dict[str, tuple[int, ...]]]


def option_counts_frame(
    survey: str,
    round_: str,
    respondents: dict[str, int],
    counts: Counts,
    *,
    other: dict[str, tuple[int, ...]] | None = None,
) -> pd.DataFrame:
    """``option_counts`` rows for every multiple-choice question of the codebook.

    Args:
        survey: ``escp-4i`` (strands) or ``escp-s3`` (``all`` only).
        round_: the round.
        respondents: complete answers per strand (``strand-1``, ``strand-2``) or ``all``.
        counts: question -> option -> selected per strand (in the order of ``respondents``); options
            left out are 0.
        other: question -> selected per strand for the ``other`` row.
    """
    codebook = load_codebook(survey)
    strands = list(respondents)
    rows = []
    for question in codebook.multiple_choice_questions:
        options = [(o.code, o.label) for o in question.subquestions]
        if question.other:
            options.append(("other", "Other"))
        for code, label in options:
            if code == "other":
                values = (other or {}).get(question.code, (0,) * len(strands))
            else:
                values = counts.get(question.code, {}).get(code, (0,) * len(strands))
            per_strand = dict(zip(strands, values, strict=True))
            if strands != ["all"]:
                per_strand["all"] = sum(values)
                n_all = sum(respondents.values())
            for strand, selected in per_strand.items():
                n = respondents[strand] if strand != "all" or strands == ["all"] else n_all
                rows.append(
                    {
                        "survey": survey,
                        "round": round_,
                        "question": question.code,
                        "option": code,
                        "label": label,
                        "strand": strand,
                        "respondents": n,
                        "selected": selected,
                        "share": selected / n if n else float("nan"),
                    }
                )
    return pd.DataFrame(rows)


def round_comparison_frame(option_counts: pd.DataFrame) -> pd.DataFrame:
    """``round_comparison`` computed from ``option_counts`` the plain way (by code, next round).

    The tests are the project's (``analysis.statistics``); without core tables there is no paired
    test, so ``paired_respondents`` and ``paired_p_value`` are empty.
    """
    from escp_pipeline.analysis.statistics import SIGNIFICANCE_LEVEL, bh_qvalues, fisher_change
    from escp_pipeline.contract.drops import round_sort_key

    rows = []
    keys = ["survey", "question", "option", "strand"]
    for _, group in option_counts.groupby(keys):
        group = group.sort_values("round", key=lambda s: s.map(round_sort_key))
        records = group.to_dict("records")
        for before, after in itertools.pairwise(records):
            rows.append(
                {
                    "survey": after["survey"],
                    "question": after["question"],
                    "option": after["option"],
                    "label": after["label"],
                    "strand": after["strand"],
                    "round": after["round"],
                    "previous_round": before["round"],
                    "selected": after["selected"],
                    "previous_selected": before["selected"],
                    "share": after["share"],
                    "previous_share": before["share"],
                    "share_change": after["share"] - before["share"],
                    "p_value": fisher_change(
                        after["selected"],
                        after["respondents"],
                        before["selected"],
                        before["respondents"],
                    ),
                }
            )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    # Benjamini-Hochberg within each survey, round and strand, as the pipeline adjusts
    family = table.groupby(["survey", "round", "previous_round", "strand"])["p_value"]
    table["q_value"] = family.transform(lambda p: pd.Series(bh_qvalues(p.to_numpy()), p.index))
    significant = pd.array(table["q_value"] < SIGNIFICANCE_LEVEL, dtype="boolean")
    significant[table["q_value"].isna().to_numpy()] = pd.NA
    table["change_is_significant"] = significant
    table["paired_respondents"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table["paired_p_value"] = float("nan")
    return table


R2_4I: Counts = {
    "B1": {
        "SQ001": (9, 6),
        "SQ002": (8, 6),
        "SQ003": (10, 6),
        "SQ004": (8, 5),
        "SQ005": (9, 4),
        "SQ006": (7, 5),
        "SQ007": (6, 3),
        "SQ008": (3, 3),
        "SQ009": (11, 7),
        "SQ010": (4, 2),
        "SQ011": (2, 2),
        "SQ012": (3, 1),
        "SQ013": (1, 1),
    },
    "C1": {
        "SQ001": (6, 1),
        "SQ002": (2, 1),
        "SQ003": (2, 4),
        "SQ004": (7, 4),
        "SQ005": (6, 4),
        "SQ006": (3, 2),
        "SQ007": (10, 6),
    },
    "D1": {
        "SQ001": (0, 2),
        "SQ002": (0, 3),
        "SQ003": (0, 1),
        "SQ005": (1, 1),
        "SQ007": (7, 4),
        "SQ009": (12, 6),
        "SQ010": (10, 5),
        "SQ011": (2, 1),
        "SQ012": (2, 1),
        "SQ013": (3, 2),
    },
    "E1": {
        "SQ001": (2, 2),
        "SQ005": (1, 0),
        "SQ007": (4, 3),
        "SQ009": (10, 4),
        "SQ010": (9, 5),
        "SQ011": (3, 1),
        "SQ012": (2, 2),
        "SQ013": (2, 1),
    },
    "G2": {
        "P01": (1, 4),
        "P02": (0, 1),
        "P03": (0, 2),
        "P04": (0, 2),
        "P06": (0, 2),
        "P10": (1, 1),
        "P17": (0, 2),
        "P19": (0, 1),
        "P23": (2, 1),
        "P24": (1, 0),
        "P15": (1, 0),
        "P16": (1, 1),
        "P18": (2, 1),
        "P08": (0, 1),
        "P14": (0, 1),
        "P22": (0, 1),
    },
}
R1_4I: Counts = {
    "B1": {
        "SQ001": (8, 5),
        "SQ002": (12, 7),
        "SQ003": (9, 5),
        "SQ004": (8, 4),
        "SQ005": (11, 7),
        "SQ006": (10, 7),
        "SQ007": (5, 3),
        "SQ008": (2, 2),
        "SQ009": (11, 6),
        "SQ010": (3, 2),
        "SQ011": (1, 1),
        "SQ012": (2, 1),
        "SQ013": (1, 0),
    },
    "C1": {"SQ001": (5, 1), "SQ003": (3, 3), "SQ004": (6, 4), "SQ005": (5, 3), "SQ007": (9, 6)},
    "D1": {"SQ007": (5, 3), "SQ009": (10, 6), "SQ010": (8, 4)},
    "E1": {"SQ007": (3, 2), "SQ009": (7, 3), "SQ010": (6, 3), "SQ001": (1, 1)},
}
R1_S3: Counts = {
    "B1": {
        "SQ001": (5,),
        "SQ002": (7,),
        "SQ003": (5,),
        "SQ004": (4,),
        "SQ005": (5,),
        "SQ006": (6,),
        "SQ007": (5,),
        "SQ008": (1,),
        "SQ009": (3,),
        "SQ010": (2,),
    },
    "B2": {
        "SQ001": (5,),
        "SQ002": (2,),
        "SQ003": (1,),
        "SQ004": (1,),
        "SQ005": (2,),
        "SQ006": (2,),
        "SQ007": (1,),
        "SQ008": (1,),
        "SQ009": (4,),
        "SQ010": (6,),
    },
    "B3": {"SQ001": (6,), "SQ004": (6,), "SQ005": (3,)},
    "C1": {
        "SQ001": (1,),
        "SQ002": (2,),
        "SQ003": (7,),
        "SQ004": (2,),
        "SQ005": (2,),
        "SQ006": (2,),
        "SQ007": (1,),
        "SQ008": (2,),
    },
    "D1": {"SQ005": (2,), "SQ006": (2,), "SQ009": (6,)},
}

#: the report's Table 1, as the demo rounds carry it
TABLE1 = AGREEMENTS
STRANDS = {
    "GCA": "strand-1",
    "MAGIA": "strand-1",
    "ELBE": "strand-1",
    "FoodNet": "strand-1",
    "IDEEO": "strand-1",
    "EC2i": "strand-2",
    "MobiGoIn-Action": "strand-2",
    "LASER-GO GLOBAL": "strand-2",
    "NF4": "strand-2",
    "EU-TEXTILE2030": "strand-2",
    "AdPack2": "strand-2",
    "COSMENERG-4i": "strand-2",
}
TABLE2 = {
    "EC2i": ["AdPack2", "NF4", "SmartCity Tech", "SPACE2IDGO"],
    "EU-TEXTILE2030": ["MobiGoIn-Action", "ALLIANCE", "AdPack2"],
    "FoodPackLab": ["FoodNet", "AdPack2"],
    "GCA": ["MobiGoIn-Action"],
    "GEO-ENERGY EUROPE": ["EC2i", "COSMENERG-4i"],
    "IDEEO": ["SPACE2IDGO", "SpaceWave"],
    "LASER-GO GLOBAL": ["SmartCity Tech", "MAGIA", "Cosmetics4Wellbeing", "WBioXclusters"],
    "MAGIA": ["BioXclusters", "LASER-GO GLOBAL"],
    "MobiGoIn-Action": [
        "AdPack2",
        "COSMENERG-4i",
        "Cosmetics4Wellbeing",
        "EC2i",
        "ESCT Go Global",
        "FoodNet",
        "GIVE",
        "MAGIA",
        "NF4",
        "SENTINEL",
        "SPACE2IDGO",
    ],
    "NF4": ["AdPack2"],
    "PERES": ["AdPack2", "LASER-GO GLOBAL", "MobiGoIn-Action", "ECCA"],
    "SpaceWave": ["IDEEO"],
}
OUTSIDE = {"SmartCity Tech", "WBioXclusters", "BioXclusters", "ECCA"}


def collaborations_frame(survey: str, round_: str, table: dict[str, list[str]]) -> pd.DataFrame:
    links = {(s, t) for s, targets in table.items() for t in targets}
    rows = [
        {
            "survey": survey,
            "round": round_,
            "source": source,
            "target": target,
            "purpose": "" if i % 3 else "Collaboration in China mission in 2019",
            "reciprocal": (target, source) in links,
            "target_in_registry": target not in OUTSIDE,
        }
        for i, (source, target) in enumerate(sorted(links))
    ]
    return pd.DataFrame(rows)


def respondents_frame() -> pd.DataFrame:
    rows = []
    rid = 1
    for round_, (s1, s2) in {"2018-r1": (12, 7), "2019-r2": (12, 7)}.items():
        for strand, n in (("strand-1", s1), ("strand-2", s2)):
            for i in range(n):
                rows.append(("escp-4i", round_, rid, f"P{strand[-1]}{i:02d}", strand, "complete"))
                rid += 1
    rows.append(("escp-4i", "2019-r2", rid, "MAGIA", "strand-1", "superseded"))
    rows.append(("escp-4i", "2019-r2", rid + 1, "GIVE", "strand-2", "incomplete"))
    for i in range(8):
        rows.append(("escp-s3", "2019-r1", 100 + i, f"S3-{i}", None, "complete"))
    frame = pd.DataFrame(
        rows, columns=["survey", "round", "response_id", "partnership", "strand", "status"]
    )
    frame["partnership_code"] = "P00"
    frame["submitted_at"] = pd.Timestamp("2019-05-20")
    frame.loc[frame["status"] == "incomplete", "submitted_at"] = pd.NaT
    return frame[list(RESPONDENTS_COLUMNS)]


def report_like_tables() -> dict[str, pd.DataFrame]:
    """Every analyst table the publications read, with the seed report's numbers."""
    option_counts = pd.concat(
        [
            option_counts_frame("escp-4i", "2018-r1", {"strand-1": 12, "strand-2": 7}, R1_4I),
            option_counts_frame(
                "escp-4i",
                "2019-r2",
                {"strand-1": 12, "strand-2": 7},
                R2_4I,
                other={"B1": (1, 0)},
            ),
            option_counts_frame("escp-s3", "2019-r1", {"all": 8}, R1_S3, other={"C1": (1,)}),
        ],
        ignore_index=True,
    )
    agreements = pd.DataFrame(
        [
            {
                "survey": "escp-4i",
                "round": round_,
                "partnership": name,
                "strand": STRANDS[name],
                "agreements": value,
            }
            for round_, values in TABLE1.items()
            for name, value in values.items()
        ]
        + [
            {
                "survey": "escp-s3",
                "round": "2019-r1",
                "partnership": "S3martMed",
                "strand": None,
                "agreements": 2,
            }
        ]
    )
    country_mentions = pd.DataFrame(
        [
            {"survey": "escp-4i", "round": "2019-r2", "question": "B1", "country": c, "mentions": m}
            for c, m in {
                "US": 4,
                "CN": 3,
                "CA": 3,
                "CL": 2,
                "MX": 2,
                "EG": 1,
                "BR": 1,
                "IN": 1,
                "JP": 1,
                "MA": 1,
                "KE": 1,
                "ID": 1,
                "DE": 2,
            }.items()
        ]
        + [
            {
                "survey": "escp-4i",
                "round": "2019-r2",
                "question": "D1",
                "country": "CN",
                "mentions": 1,
            }
        ]
    )
    return {
        "option_counts": option_counts,
        "round_comparison": round_comparison_frame(option_counts),
        "cooperation_agreements": agreements,
        "escp_collaborations": collaborations_frame("escp-4i", "2019-r2", TABLE2),
        "country_mentions": country_mentions,
        "respondents": respondents_frame(),
    }
