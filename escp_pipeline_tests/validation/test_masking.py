"""Contact data inside free text is masked; numbers that are not phone numbers stay."""

from pathlib import Path

import pandas as pd
import pytest

from escp_pipeline.contract.codebook import load_codebook
from escp_pipeline.contract.drops import SurveyRound
from escp_pipeline.contract.export_reader import read_export
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.validation.clean import build_core_table
from escp_pipeline.validation.masking import (
    EMAIL_MASK,
    PHONE_MASK,
    MaskCounts,
    mask_column,
    mask_text,
    might_hold_contact_data,
)
from escp_pipeline_tests.exports import SMALL_4I_ROUND, write_round


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to jane.doe@cluster-one.eu for details.", f"Write to {EMAIL_MASK} for details."),
        ("mailto:info@example.org", EMAIL_MASK),
        ("info (at) example.org or info[at]example.org", f"{EMAIL_MASK} or {EMAIL_MASK}"),
        ("Call +33 1 23 45 67 89 today", f"Call {PHONE_MASK} today"),
        ("+49 (0)30 1234567", PHONE_MASK),
        ("tel. 0221 1234567", f"tel. {PHONE_MASK}"),
        ("call 0044 20 7946 0958", f"call {PHONE_MASK}"),
        ("tel +32.2.123.45.67", f"tel {PHONE_MASK}"),
        ("mobile 612 345 678", f"mobile {PHONE_MASK}"),
        ("Phone: 030/1234567", f"Phone: {PHONE_MASK}"),
    ],
)
def test_contact_data_is_masked(text: str, expected: str) -> None:
    assert mask_text(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "In 2019-2020 we held 3 events.",
        "From 13 May 2019 to 5 June 2019; on 12.05.2019 and 2019/05/13; 10/12/2019 - 14/12/2019",
        "EUR 200 000 budget, 1 500 000 EUR, 1.500.000 euro, EUR 2,500,000, 20 000 000",
        "between 2018 and 2019, 150 SMEs, 3,000 B2B meetings, 17,000 EU SMEs",
        "ISBN 978-92-9202-630-1, DOI 10.2826/85396, EA-03-19-673-EN-N",
        "grant agreement 2017-3-02 number 777123, project 101037123, GA 874321",
        "calls COS-CLUSINT-2016-03-01 and H2020-INNOSUP-2018-01, Horizon 2020",
        "2018 2019 2020 2021, from 12:30-14:00",
        "missions to China (3) and the USA (4), 20190513 to 20190605",
    ],
)
def test_years_dates_amounts_and_counts_stay(text: str) -> None:
    assert mask_text(text) == (text, MaskCounts())


def test_counts_are_returned_and_missing_values_stay_missing() -> None:
    values = pd.Series(
        [
            "a@b.eu and c@d.eu, tel 0221 1234567",
            None,
            "nothing here on 2019-10-15",
            "+351 912 345 678",
            "info (at) example.org",
        ],
        dtype="str",
    )
    masked, counts = mask_column(values)
    assert counts == MaskCounts(emails=3, phones=2)
    assert masked.iloc[0] == f"{EMAIL_MASK} and {EMAIL_MASK}, tel {PHONE_MASK}"
    assert pd.isna(masked.iloc[1])
    assert masked.iloc[2] == "nothing here on 2019-10-15"
    assert masked.iloc[3] == PHONE_MASK
    assert masked.iloc[4] == EMAIL_MASK


def test_core_table_masks_free_text_and_counts(tmp_path: Path) -> None:
    columns = dict(SMALL_4I_ROUND)
    columns["B1[SQ009comment]"] = [
        "Missions, contact jane.doe@cluster-one.eu or +33 1 23 45 67 89",
        "",
        "USA in 2019-2020",
        "",
        "=1+1",
    ]
    path = write_round(tmp_path / "escp-4i" / "2019-r2.csv", columns)
    codebook = load_codebook("escp-4i")
    core = build_core_table(
        read_export(path, codebook), codebook, load_registry(), SurveyRound("escp-4i", "2019-r2")
    )
    comments = core.responses["B1[SQ009comment]"]
    assert comments.iloc[0] == f"Missions, contact {EMAIL_MASK} or {PHONE_MASK}"
    assert comments.iloc[2] == "USA in 2019-2020"
    assert core.masked == MaskCounts(emails=1, phones=1)
    text = core.responses.astype(str).to_csv()
    assert "jane.doe" not in text and "45 67 89" not in text


def test_repeated_texts_are_masked_in_every_row_and_counted_per_row() -> None:
    repeated = "write to a@b.eu or call +351 912 345 678"
    values = pd.Series([repeated, None, repeated, "no contact", repeated], dtype="str")
    masked, counts = mask_column(values)
    assert counts == MaskCounts(emails=3, phones=3)
    assert masked.tolist()[0] == masked.tolist()[2] == masked.tolist()[4]
    assert masked.iloc[0] == f"write to {EMAIL_MASK} or call {PHONE_MASK}"
    assert pd.isna(masked.iloc[1]) and masked.iloc[3] == "no contact"
    assert might_hold_contact_data(values).tolist() == [True, False, True, False, True]
