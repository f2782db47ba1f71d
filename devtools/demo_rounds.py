"""The three demo survey rounds: synthetic LimeSurvey exports that reproduce the seed report.

What belongs here: the hand-built answers of ``escp-4i/2018-r1``, ``escp-4i/2019-r2`` and
``escp-s3/2019-r1`` (which partnership answered, in which strand, what it ticked and wrote) and the
command that writes them to ``data/incoming``. Every number of ``report-facts.yaml`` holds on the
complete, not superseded answers, except where the report contradicts itself (see ``CONFLICTS``).
What does not: the export format (``limesurvey_export``) or random data (``random_rounds``).

The answers are fictitious. Organisations named in the report keep their names; every person is a
role placeholder ("Contact person, AdPack2"), every email address is on a reserved example domain
and every IP address is in a documentation range. Everything is deterministic (fixed seeds, fixed
dates, ``random.Random`` rather than numpy, whose streams may change between versions), so running
the command twice writes byte-identical files.

Usage: ``python -m devtools.demo_rounds [--out DIR]`` (default ``data/incoming``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pandas as pd

from escp_pipeline.contract.codebook import Codebook, load_codebook
from escp_pipeline.contract.registry import load_registry
from escp_pipeline.synthetic.limesurvey_export import METADATA_COLUMNS, write_export

_Item = TypeVar("_Item", str, tuple[str, str, str, str])

#: separator between several partnership names typed in one ``[other]`` field (G2, E2).
OTHER_NAMES_SEPARATOR = "; "

#: which side the demo data takes where the report contradicts itself (claim id -> side).
CONFLICTS: dict[str, str] = {
    "4i-agreements-table1": (
        "MobiGoIn-Action merged into one row (2 and 2), totals 21 and 46; the text's "
        "'11 partnerships, 24 new' is not reproduced (12 partnerships, 46 - 21 = 25)."
    ),
    "4i-collaborations-table2": (
        "Table 2 as printed: 37 directed links (35 distinct pairs), not the text's 36."
    ),
    "4i-sme-results": "SME business contacts and knowledge sharing tie at rank 1 (14 each).",
    "4i-r1-activities": (
        "Joint communication actions (SQ005) tie with target countries (SQ002) at rank 1; "
        "intelligence gathering (SQ006, section 6.1) is third."
    ),
    "s3-results": (
        "Exact counts kept (3 new business contacts, 2 increased skills for partners); 'None' is "
        "5 of 8 (62.5 %), not over 70 %."
    ),
}

DEMO_ROUNDS: tuple[tuple[str, str], ...] = (
    ("escp-4i", "2018-r1"),
    ("escp-4i", "2019-r2"),
    ("escp-s3", "2019-r1"),
)

S1, S2 = "S1", "S2"

# --------------------------------------------------------------------------------------------
# Who answered
# --------------------------------------------------------------------------------------------

#: ESCP-4i 2019-r2: the 19 complete, final answers (12 strand-1, 7 strand-2).
RESPONDENTS_2019: dict[str, str] = {
    "ELBE": S1,
    "FoodNet": S1,
    "GCA": S1,
    "GIVE": S1,
    "IDEEO": S1,
    "MAGIA": S1,
    "FoodPackLab": S1,
    "GEO-ENERGY EUROPE": S1,
    "PERES": S1,
    "SpaceWave": S1,
    "PIMAP Partnership": S1,
    "EU KETs4Dual-Use": S1,
    "AdPack2": S2,
    "COSMENERG-4i": S2,
    "EC2i": S2,
    "EU-TEXTILE2030": S2,
    "LASER-GO GLOBAL": S2,
    "MobiGoIn-Action": S2,
    "NF4": S2,
}
#: ESCP-4i 2018-r1: 20 complete answers (12 strand-1, 8 strand-2).
RESPONDENTS_2018: dict[str, str] = {
    "GCA": S1,
    "MAGIA": S1,
    "ELBE": S1,
    "FoodNet": S1,
    "IDEEO": S1,
    "GIVE": S1,
    "FoodPackLab": S1,
    "GEO-ENERGY EUROPE": S1,
    "PERES": S1,
    "SpaceWave": S1,
    "PIMAP Partnership": S1,
    "SENTINEL": S1,
    "EC2i": S2,
    "MobiGoIn-Action": S2,
    "LASER-GO GLOBAL": S2,
    "NF4": S2,
    "EU-TEXTILE2030": S2,
    "AdPack2": S2,
    "COSMENERG-4i": S2,
    "DIA": S2,
}
#: ESCP-S3 2019-r1: 8 complete answers; CYBER SECURE LIGHT leaves before submitting.
RESPONDENTS_S3: tuple[str, ...] = (
    "EACP-EUROSME",
    "AI4DIAG",
    "TEX4IM",
    "DIGICLUSTERS",
    "Connsensys",
    "EACN",
    "S3martMed",
    "TRACK",
)

#: Table 1: cooperation agreements (D3) per partnership, first and second survey.
AGREEMENTS: dict[str, dict[str, int]] = {
    "2018-r1": {
        "GCA": 0,
        "MAGIA": 0,
        "ELBE": 0,
        "FoodNet": 4,
        "IDEEO": 2,
        "EC2i": 4,
        "MobiGoIn-Action": 2,
        "LASER-GO GLOBAL": 2,
        "NF4": 2,
        "EU-TEXTILE2030": 0,
        "AdPack2": 0,
        "COSMENERG-4i": 5,
    },
    "2019-r2": {
        "GCA": 3,
        "MAGIA": 1,
        "ELBE": 2,
        "FoodNet": 5,
        "IDEEO": 2,
        "EC2i": 5,
        "MobiGoIn-Action": 2,
        "LASER-GO GLOBAL": 10,
        "NF4": 3,
        "EU-TEXTILE2030": 1,
        "AdPack2": 5,
        "COSMENERG-4i": 7,
    },
}

SECTORS: dict[str, str] = {
    "AdPack2": "packaging",
    "ALLIANCE": "manufacturing",
    "COSMENERG-4i": "energy",
    "Cosmetics4Wellbeing": "health",
    "DIA": "digital",
    "EC2i": "offshore",
    "ELBE": "manufacturing",
    "ESCT Go Global": "digital",
    "EU-TEXTILE2030": "textile",
    "FoodNet": "food",
    "FoodPackLab": "packaging",
    "GCA": "manufacturing",
    "GEO-ENERGY EUROPE": "energy",
    "GIVE": "digital",
    "IDEEO": "space",
    "LASER-GO GLOBAL": "photonics",
    "MAGIA": "manufacturing",
    "MobiGoIn-Action": "mobility",
    "NF4": "manufacturing",
    "PERES": "energy",
    "PIMAP Partnership": "manufacturing",
    "SENTINEL": "digital",
    "SPACE2IDGO": "space",
    "SpaceWave": "space",
    "EU KETs4Dual-Use": "manufacturing",
    "EACP-EUROSME": "manufacturing",
    "AI4DIAG": "health",
    "TEX4IM": "textile",
    "DIGICLUSTERS": "digital",
    "Connsensys": "digital",
    "EACN": "mobility",
    "S3martMed": "health",
    "TRACK": "mobility",
    "CYBER SECURE LIGHT": "digital",
}
SECTOR_WORDS: dict[str, str] = {
    "packaging": "packaging",
    "manufacturing": "advanced manufacturing",
    "energy": "renewable energy",
    "health": "health and wellbeing",
    "digital": "digital technologies",
    "offshore": "offshore and marine energy",
    "textile": "textiles and clothing",
    "food": "agri-food",
    "space": "space technologies",
    "photonics": "photonics and lasers",
    "mobility": "mobility and transport",
}

# --------------------------------------------------------------------------------------------
# What they ticked: exact counts per option, per strand (strand-1, strand-2) or for everyone
# --------------------------------------------------------------------------------------------

B1_2019 = {
    "SQ001": (10, 5),
    "SQ002": (7, 5),
    "SQ003": (9, 7),
    "SQ004": (8, 5),
    "SQ005": (7, 4),
    "SQ006": (9, 5),
    "SQ007": (7, 3),
    "SQ008": (4, 2),
    "SQ009": (11, 7),
    "SQ010": (4, 3),
    "SQ011": (2, 2),
    "SQ012": (2, 2),
    "SQ013": (1, 1),
}
C1_2019 = {
    "SQ001": (6, 1),
    "SQ002": (3, 1),
    "SQ003": (2, 4),
    "SQ004": (5, 4),
    "SQ005": (5, 3),
    "SQ006": (3, 2),
    "SQ007": (10, 6),
}
D1_2019 = {
    "SQ001": (0, 2),
    "SQ002": (0, 3),
    "SQ003": (0, 1),
    "SQ004": (0, 0),
    "SQ005": (1, 1),
    "SQ006": (0, 0),
    "SQ007": (7, 4),
    "SQ008": (0, 0),
    "SQ009": (12, 6),
    "SQ010": (10, 5),
    "SQ011": (2, 1),
    "SQ012": (1, 1),
    "SQ013": (2, 2),
}
E1_2019 = {
    "SQ001": (2, 2),
    "SQ002": (0, 1),
    "SQ003": (0, 1),
    "SQ004": (0, 0),
    "SQ005": (1, 0),
    "SQ006": (0, 0),
    "SQ007": (4, 3),
    "SQ008": (1, 0),
    "SQ009": (10, 4),
    "SQ010": (9, 5),
    "SQ011": (2, 2),
    "SQ012": (3, 1),
    "SQ013": (2, 2),
}
B1_2018 = {
    "SQ001": 14,
    "SQ002": 19,
    "SQ003": 12,
    "SQ004": 15,
    "SQ005": 19,
    "SQ006": 18,
    "SQ007": 13,
    "SQ008": 5,
    "SQ009": 17,
    "SQ010": 6,
    "SQ011": 2,
    "SQ012": 5,
    "SQ013": 1,
}
C1_2018 = {
    "SQ001": 8,
    "SQ002": 3,
    "SQ003": 6,
    "SQ004": 9,
    "SQ005": 7,
    "SQ006": 4,
    "SQ007": 14,
}
D1_2018 = {"SQ001": 1, "SQ007": 7, "SQ009": 15, "SQ010": 9, "SQ011": 2, "SQ012": 1, "SQ013": 2}
E1_2018 = {
    "SQ001": (1, 2),
    "SQ007": (3, 2),
    "SQ009": (7, 4),
    "SQ010": (6, 4),
    "SQ011": (1, 1),
    "SQ012": (1, 0),
    "SQ013": (1, 1),
}
S3_B1 = {
    "SQ001": 6,
    "SQ002": 8,
    "SQ003": 6,
    "SQ004": 4,
    "SQ005": 5,
    "SQ006": 7,
    "SQ007": 5,
    "SQ008": 1,
    "SQ009": 3,
    "SQ010": 2,
}
S3_B2 = {
    "SQ001": 5,
    "SQ002": 3,
    "SQ003": 1,
    "SQ004": 1,
    "SQ005": 2,
    "SQ007": 1,
    "SQ008": 1,
    "SQ009": 4,
    "SQ010": 6,
}
S3_B3 = {"SQ001": 6, "SQ004": 6, "SQ005": 3}
S3_C1 = {
    "SQ001": 1,
    "SQ002": 2,
    "SQ003": 7,
    "SQ004": 2,
    "SQ005": 2,
    "SQ006": 2,
    "SQ007": 1,
    "SQ008": 2,
}
S3_D1 = {"SQ001": 1, "SQ004": 1, "SQ005": 2, "SQ006": 3}

# --------------------------------------------------------------------------------------------
# What they wrote. A comment keyed (partnership, question, option) also forces the option.
# B1 free text of 2019-r2 names exactly the report's target countries (section 2.1) and no other.
# --------------------------------------------------------------------------------------------

COMMENTS_2019: dict[tuple[str, str, str], str] = {
    ("MAGIA", "B1", "SQ009"): (
        "Two fact-finding missions in third countries (China and the USA) and four study visits "
        "to help build bonds of trust. An event was jointly organised with another ESCP-4i."
    ),
    ("MAGIA", "B1", "SQ005"): "Joint marketing strategy of the partnership.",
    ("MAGIA", "B1", "SQ006"): (
        "Shared intelligence data strategy of the partner clusters regarding the targeted third "
        "countries."
    ),
    ("MAGIA", "B1", "SQ007"): (
        "Four focus groups and a survey with the cluster members of each of the four partners."
    ),
    ("EC2i", "B1", "SQ003"): (
        "Partners identified in Canada, the United States and the People's Republic of China "
        "(offshore wind, marine renewables)."
    ),
    ("EC2i", "B1", "SQ009"): (
        'Missions in 2019 with other ESCP-4i, presented as "one voice" to third-country partners.'
    ),
    ("MobiGoIn-Action", "B1", "SQ002"): (
        'Focus on the mobility market of the United States of America and its "niches".'
    ),
    ("LASER-GO GLOBAL", "B1", "SQ009"): (
        "Photonics delegation to two trade fairs in the USA and a matchmaking mission to Mexico."
        "\r\nPanel session at the EU Industry Days 2019."
    ),
    ("AdPack2", "B1", "SQ009"): "Mission to China in 2019, jointly with EC2i and NF4.",
    ("NF4", "B1", "SQ003"): "Potential partners identified in Canada, first meetings held.",
    ("COSMENERG-4i", "B1", "SQ002"): "Target countries: Canada, Egypt and Morocco.",
    ("FoodNet", "B1", "SQ003"): "Food-tech partners in Chile and Brazil, met during B2B meetings.",
    ("GCA", "B1", "SQ002"): "Chile selected as the first target market after a desk study.",
    ("GIVE", "B1", "SQ009"): "B2B events organised by companies; a mission to Mexico with 9 SMEs.",
    ("EU-TEXTILE2030", "B1", "SQ003"): "Contacts with textile associations in India.",
    ("IDEEO", "B1", "SQ002"): "Japan identified as a priority market of the partnership.",
    ("GEO-ENERGY EUROPE", "B1", "SQ002"): (
        "Geothermal markets in Kenya and Indonesia analysed with the partners."
    ),
    ("PERES", "B1", "SQ005"): "Newsletter and <b>joint website</b> of the partnership.",
    ("ELBE", "B1", "SQ004"): "Networking « cluster café » at every partner meeting.",
    ("EC2i", "D1", "SQ003"): (
        "A joint-venture business collaboration between a Swedish SME and a Chinese partner is "
        "in progress (confidential)."
    ),
    ("EC2i", "D1", "SQ002"): "Shared sales office representation in Boston for two members.",
    ("ELBE", "D1", "SQ009"): "=same as in the first survey, plus webinars and trade missions",
    ("ELBE", "E1", "SQ010"): (
        "Two networking events: 85 collaboration opportunities identified, namely 6 invitations "
        "to tenders, 32 accesses to new potential clients, 34 potential new contracts, 1 "
        "partnership agreement, 9 R&D collaborations and 3 collaboration agreements."
    ),
    ("GIVE", "E1", "SQ010"): (
        "SMEs took part in B2Bs organised by companies; around 60 B2B and B2C meetings so far."
    ),
    ("GIVE", "E1", "SQ005"): "Soft-landing package used by one SME, thanks to a partner's MoU.",
    ("EC2i", "E1", "SQ003"): "Joint venture between a Swedish SME and a Chinese partner.",
}
COMMENTS_2018: dict[tuple[str, str, str], str] = {
    ("MAGIA", "B1", "SQ002"): "China and the USA selected as target countries.",
    ("EC2i", "B1", "SQ002"): "North American and Asian offshore wind markets.",
    ("COSMENERG-4i", "B1", "SQ005"): "Common website and brochure of the partnership.",
    ("LASER-GO GLOBAL", "B1", "SQ009"): "Photonics delegation to a trade fair in the USA.",
    ("FoodNet", "B1", "SQ006"): "Market studies on Chile and Brazil shared among the partners.",
}

#: Generic comments per question and option; picked at random for other ticked options.
#: B1 texts name no country: the country count of section 2.1 comes from COMMENTS_2019 only.
POOLS_4I: dict[str, dict[str, tuple[str, ...]]] = {
    "B1": {
        "SQ001": (
            "Partner clusters in other EU regions mapped and contacted.",
            "Strategic partners in Europe selected through a call for expression of interest.",
            "Complementary clusters identified at European cluster events.",
            "Partners chosen for complementary value chains across Europe.",
            "Mapping of European clusters with a similar specialisation.",
        ),
        "SQ002": (
            "Target countries selected with a scoring of market potential.",
            "Desk study on third markets, validated by the members.",
        ),
        "SQ003": (
            "Potential partners identified through the networks of the partner clusters.",
            "Long list of partners in third countries, short list agreed by the steering group.",
            "Contacts with business associations in the target markets.",
            "Contacts made through trade promotion agencies and embassies.",
            "Partners met at international fairs, follow-up calls held.",
        ),
        "SQ004": (
            "Partnership meetings every six months, regular calls in between.",
            "Joint working groups on internationalisation, with SMEs.",
            "Kick-off and steering meetings hosted in turn by each partner.",
        ),
        "SQ005": (
            "Joint website, newsletter and social media channels.",
            "Common brochure and presentation of the partnership at fairs.",
            "Joint communication plan approved by all partners.",
        ),
        "SQ006": (
            "Market studies on the target countries shared among partners.",
            "Intelligence reports on regulations and market access.",
            "Market intelligence shared through a common online folder.",
            "Sector studies commissioned jointly by the partners.",
        ),
        "SQ007": (
            "Survey of members on their internationalisation needs.",
            "Consultation workshops in each partner region.",
        ),
        "SQ008": (
            "Coaching sessions for SMEs preparing the missions.",
            "Export-readiness mentoring for a first group of SMEs.",
        ),
        "SQ009": (
            "Two missions and a matchmaking event with third-country delegations.",
            "B2B meetings organised during a trade fair.",
            "Incoming delegation hosted by the partner clusters.",
            "Workshops, matchmaking events and working group meetings (six in total).",
            "Matchmaking mission with 12 SMEs from the partner regions.",
            "Trade mission and company visits, with a debriefing for members.",
        ),
        "SQ010": (
            "Synergies with INNOSUP and regional programmes explored.",
            "Complementary funding from regional internationalisation programmes.",
        ),
        "SQ011": (
            "Representative office shared with a partner cluster.",
            "Local representative appointed in the main target market.",
        ),
        "SQ012": ("Two collaborative projects defined with partners in the target market.",),
        "SQ013": ("A first bankable proposal is under discussion with investors.",),
    },
    "C1": {
        "SQ001": (
            "Different priorities and different levels of capabilities among the partners.",
            "Internal cohesion is limited; actions are often carried out by members alone.",
        ),
        "SQ002": (
            "Hard to find the right contact in other ESCPs.",
            "Few occasions to meet other partnerships.",
        ),
        "SQ003": (
            "Limited knowledge of the regulations of the target markets.",
            "Market information is expensive and quickly outdated.",
        ),
        "SQ004": (
            "Language barrier and lack of contacts in the third markets.",
            "Reliable partners are hard to identify without a local presence.",
            "Few contacts in the target markets at the start.",
        ),
        "SQ005": (
            "Little information on complementary funding; support from the EOCIC would help.",
            "Co-funding for the participation of SMEs in missions is hard to find.",
            "Calls of other programmes do not match our timing.",
        ),
        "SQ006": (
            "Regional policy makers show interest but little involvement.",
            "Changes in regional governments slowed down their engagement.",
        ),
        "SQ007": (
            "Cost of international networking trips for SMEs.",
            "Visa issues, and the readiness of SMEs to internationalise.",
            "SMEs lack support and counselling to join the activities.",
            "SMEs expect quick results; the benefits must be explained better.",
            "SMEs have little time for activities without direct business.",
            "Readiness of SMEs to internationalise varies a lot.",
        ),
    },
    "D1": {
        "SQ001": ("Sales derived from export/import activities through the partnership.",),
        "SQ002": ("Sales office representation shared with a partner in the target market.",),
        "SQ003": ("Confidential joint-venture business collaboration.",),
        "SQ005": ("MoU with a third-country partner for soft-landing services.",),
        "SQ007": (
            "Joint B2B networking events with the partner clusters.",
            "Common stand and matchmaking at a trade fair.",
            "Joint B2B event during the partnership meeting.",
        ),
        "SQ009": (
            "Webinars and trade missions as drivers of knowledge sharing.",
            "Regular exchange of market information among the clusters.",
            "B2B networking events were the main driver for mutual exchange.",
            "Joint webinars for the members of all partner clusters.",
            "Exchange of good practices between cluster managers.",
            "Shared market studies and monthly calls.",
        ),
        "SQ010": (
            "New contacts between members during the missions.",
            "Members of different partner clusters met at the B2B events.",
            "B2B meetings created contacts between members of different regions.",
            "Members introduced to each other during the trade missions.",
        ),
        "SQ011": ("Joint R&D proposal with members of two clusters.",),
        "SQ012": ("Technology transfer between a research centre and an SME of a partner.",),
        "SQ013": ("Two business partnership agreements between members.",),
    },
    "E1": {
        "SQ001": (
            "First export orders for two SMEs.",
            "SMEs started importing components from a new supplier.",
        ),
        "SQ002": ("An SME opened a sales office with the help of a partner.",),
        "SQ003": ("A joint venture is being negotiated.",),
        "SQ005": ("Soft-landing services used by an SME in a third country.",),
        "SQ007": ("SMEs co-organised a business event with the clusters.",),
        "SQ008": ("Short staff exchange between two SMEs.",),
        "SQ009": (
            "SMEs received market intelligence and took part in webinars.",
            "Knowledge exchange between SMEs of the partner clusters.",
            "Webinars on market access attended by SMEs of all partners.",
            "SMEs received market reports on the target countries.",
        ),
        "SQ010": (
            "SMEs met potential clients during B2B meetings.",
            "Business contacts between SMEs established during the missions.",
            "New contacts with distributors for several SMEs.",
            "SMEs of different partner regions now work together.",
        ),
        "SQ011": ("Two SMEs joined an R&D project with partners.",),
        "SQ012": ("Technology transfer from a research centre to an SME.",),
        "SQ013": ("Business partnership agreements between SMEs (number: 3).",),
    },
}
POOLS_S3: dict[str, dict[str, tuple[str, ...]]] = {
    "B1": {
        "SQ001": (
            "Partnership agreement signed by all partners.",
            "Consortium agreement defining roles and decision making.",
            "Memorandum of understanding, to become a full agreement this year.",
        ),
        "SQ002": (
            "SWOT analysis of the partner regions and their value chains.",
            "Benchmarking of the partner clusters and a value chain analysis.",
            "PESTLE analysis, still in draft.",
            "Value chain analysis with the support of an external expert.",
        ),
        "SQ003": (
            "Online survey and interviews with SMEs on their interests and barriers.",
            "Focus groups with SMEs in each partner region.",
            "SME questionnaire, 45 replies analysed.",
        ),
        "SQ004": ("Collaboration opportunities identified from the SME consultation.",),
        "SQ005": (
            "Map of collaboration opportunities and value chain linkages.",
            "First map of complementarities between the partner regions.",
        ),
        "SQ006": (
            "Implementation roadmap adopted by the steering committee.",
            "Roadmap drafted, to be validated with the regions.",
            "Roadmap with milestones until the end of the project.",
        ),
        "SQ007": (
            "Marketing plan with a common brand and website.",
            "Marketing plan and a first video of the partnership.",
        ),
        "SQ008": ("Legal advice on a possible association of the partners.",),
        "SQ009": ("Two additional partners identified in other regions.",),
        "SQ010": ("First draft of a long-term cooperation agenda.",),
    },
    "B2": {
        "SQ001": (
            "B2B matchmaking at a European cluster event.",
            "Matchmaking sessions during the partnership meeting.",
            "B2B meetings at a sector fair, 30 meetings held.",
        ),
        "SQ002": ("Cluster visit for SMEs to a partner region.",),
        "SQ003": ("Support to the definition of a pilot project.",),
        "SQ004": ("Investor event with a growth accelerator.",),
        "SQ005": ("Coaching on smart investment projects.",),
        "SQ007": ("IPR and innovation management services for members.",),
        "SQ008": ("Technology assessment of SME projects.",),
        "SQ009": (
            "Newsletter, website and presentations at events.",
            "Dissemination at regional and European events.",
            "Press releases and social media campaign.",
        ),
        "SQ010": (
            "Meetings with the Thematic Smart Specialisation Platform on Industrial Modernisation.",
            "Regular exchanges with regional policy makers.",
            "Presentation of the partnership to the managing authorities.",
        ),
    },
    "B3": {
        "SQ001": (
            "Peer learning workshops between the cluster managers.",
            "Study visits and a boot camp for members.",
        ),
        "SQ004": (
            "Contacts with other ESCP-S3 and ESCP-4i.",
            "Linkages with partnerships of the Thematic Platform.",
        ),
        "SQ005": ("Long-term cooperation agenda under preparation.",),
    },
    "C1": {
        "SQ001": ("Different expectations of the partners.",),
        "SQ002": ("Few occasions to meet other ESCPs.",),
        "SQ003": (
            "Lack of incentive for SMEs to join.",
            "Gap between the requirements of SMEs and the support the partnership offers.",
            "SMEs do not see immediate benefits.",
            "SMEs have little time for activities without direct business.",
        ),
        "SQ004": ("Partners for smart investment projects are hard to identify.",),
        "SQ005": ("Regional policy makers are not yet involved.",),
        "SQ006": (
            "Missing linkages with the Thematic Smart Specialisation Platforms.",
            "Industrial modernisation gap with the thematic platforms.",
        ),
        "SQ007": ("Little information on complementary funding.",),
        "SQ008": ("Funding for investment projects is hard to mobilise.",),
    },
    "D1": {
        "SQ001": ("Submission of an H2020 proposal including two members of the partnership.",),
        "SQ004": ("Members took part in study visits and a boot camp.",),
        "SQ005": (
            "Close collaboration and skills exchange with other ESCP-S3 partners.",
            "Study visits and boot camps organised by the partnership.",
        ),
        "SQ006": (
            "New business contacts among members at the matchmaking event.",
            "Members met during the study visits.",
        ),
    },
}
COMMENTS_S3: dict[tuple[str, str, str], str] = {
    ("S3martMed", "B1", "SQ005"): (
        "Mapping of SMEs and research centres in medical technologies, classified by field of "
        "technologies and applications. A common excel template was defined together and each "
        "cluster filled it in with its list of local players."
    ),
    ("S3martMed", "B2", "SQ009"): (
        "The map highlights specialisations by region and potential bottlenecks; in-depth "
        "analysis by each partner cluster will follow."
    ),
    ("TRACK", "C1", "SQ001"): "Partners work at a different pace; decisions take long.",
    ("TRACK", "C1", "SQ007"): "Information on complementary funding sources is scattered.",
    ("AI4DIAG", "D1", "SQ001"): (
        "Submission of an H2020 proposal including two members of the partnership."
    ),
    ("AI4DIAG", "D1", "SQ005"): "Study visits and a boot camp with the partner clusters.",
    ("S3martMed", "D1", "SQ005"): "Skills exchange with the other partners of the ESCP-S3.",
    ("S3martMed", "D1", "SQ006"): "Members met at the study visit in Montpellier.",
    ("S3martMed", "B3", "SQ004"): "Dialogue with AI4DIAG and Cosmetics4Wellbeing.",
    ("AI4DIAG", "B3", "SQ004"): "Joint workshop with S3martMed.",
    ("TEX4IM", "B3", "SQ004"): "Contacts with the textile ESCP-4i.",
    ("DIGICLUSTERS", "B3", "SQ004"): "Exchange with CYBER SECURE LIGHT on cybersecurity for SMEs.",
    ("EACN", "B3", "SQ004"): "Exchange with TRACK on mobility projects.",
    ("Connsensys", "B3", "SQ004"): "Peer learning with DIGICLUSTERS.",
}

#: Table 2: who names whom in G2, and how. ``("tick", target, purpose)`` ticks the target's code;
#: ``("text", written, purpose)`` types the name in ``G2[other]``.
COLLABORATIONS_2019: dict[str, list[tuple[str, str, str]]] = {
    "EC2i": [
        ("tick", "AdPack2", "Collaboration in China mission in 2019"),
        ("tick", "NF4", "Collaboration in China mission in 2019"),
        ("text", "SmartCity Tech", "Collaboration in US mission in 2019"),
        ("tick", "SPACE2IDGO", "Collaboration in China mission in 2019"),
    ],
    "EU-TEXTILE2030": [
        (
            "text",
            "MobiGoIn Action",
            "Innosup proposals based on common interests for new value chains",
        ),
        ("tick", "ALLIANCE", "Collaboration with partners in common"),
        (
            "tick",
            "AdPack2",
            "Participated in an Innosup proposal and be in contact for Bucharest Conference",
        ),
    ],
    "FoodPackLab": [("tick", "FoodNet", ""), ("text", "AdPack 2", "")],
    "GCA": [("tick", "MobiGoIn-Action", "")],
    "GEO-ENERGY EUROPE": [("tick", "EC2i", ""), ("text", "COSMENERG 4i", "")],
    "IDEEO": [("tick", "SPACE2IDGO", ""), ("tick", "SpaceWave", "")],
    "LASER-GO GLOBAL": [
        ("text", "SmartCity Tech", "Exchanged info and plan to jointly write proposals"),
        (
            "tick",
            "MAGIA",
            "Co-organisation of a cluster panel at EU Industry Days 2019. Development of a joint "
            "workshop, info and experience exchange",
        ),
        ("text", "C4W", "Exchange of best practices on dissemination activities"),
        (
            "text",
            "WBioXclusters",
            "Organisation of a joint panel session at the EU Industry Days. Involved a partner "
            "(Biocat) in a consortium",
        ),
    ],
    "MAGIA": [
        ("text", "BioXclusters", "Information and experience exchange"),
        ("tick", "LASER-GO GLOBAL", "Joint activities on a sharing event"),
    ],
    "MobiGoIn-Action": [
        ("tick", "AdPack2", "Explore potential collaboration in China"),
        ("tick", "COSMENERG-4i", ""),
        ("text", "Cosmetic4Wellbeing", "Knowledge exchange activities on international strategy"),
        ("tick", "EC2i", "Explore potential collaboration in China"),
        ("tick", "ESCT Go Global", "Explore collaboration in Singapore and USA"),
        ("tick", "FoodNet", ""),
        ("tick", "GIVE", "Knowledge transfer activities on international strategy"),
        ("tick", "MAGIA", "Knowledge exchange activities on international strategy"),
        ("tick", "NF4", "Explore potential collaboration in China"),
        ("tick", "SENTINEL", "Knowledge exchange activities on international strategy"),
        (
            "tick",
            "SPACE2IDGO",
            "Explore collaboration in China and planning the organisation of a mission",
        ),
    ],
    "NF4": [("text", "AdPack <sup>2</sup>", "MoU under discussion")],
    "PERES": [
        (
            "tick",
            "AdPack2",
            "Knowledge exchange activities on the formal establishment of ESCP-4i and its "
            "long-term sustainability",
        ),
        (
            "tick",
            "LASER-GO GLOBAL",
            "Knowledge exchange activities on the formal establishment of ESCP-4i and its "
            "long-term sustainability",
        ),
        (
            "tick",
            "MobiGoIn-Action",
            "Knowledge exchange activities on the formal establishment of ESCP-4i and its "
            "long-term sustainability and discussion of potential collaboration on specific "
            '"niches" on the mobility sector in the USA',
        ),
        (
            "text",
            "ECCA",
            "Knowledge exchange on the activities on formal establishment of ESCP-4i as long-term "
            "continuity",
        ),
    ],
    "SpaceWave": [
        (
            "tick",
            "IDEEO",
            "Discussed joint presentation at ESA event. Experiences shared between coordinators",
        )
    ],
}
COLLABORATIONS_2018: dict[str, list[tuple[str, str, str]]] = {
    "MobiGoIn-Action": [
        ("tick", "AdPack2", "First contacts on a joint mission"),
        ("tick", "EC2i", "Exchange on third-country strategies"),
    ],
    "LASER-GO GLOBAL": [("tick", "MAGIA", "Info and experience exchange")],
    "IDEEO": [("text", "SPACE2IDGO", "")],
    "EC2i": [("tick", "NF4", "Preparation of a joint mission")],
    "GCA": [("tick", "MobiGoIn-Action", "")],
}
#: ESCP-S3 E2/E3: S3 partnerships that started a dialogue with other ESCPs.
COLLABORATIONS_S3: dict[str, list[tuple[str, str, str]]] = {
    "S3martMed": [
        ("tick", "AI4DIAG", "Common interest in medical technologies and diagnosis"),
        ("tick", "Cosmetics4Wellbeing", "Exchange on health and wellbeing value chains"),
    ],
    "AI4DIAG": [("tick", "S3martMed", "Joint workshop on artificial intelligence in health")],
    "TEX4IM": [("text", "EU-TEXTILE 2030", "Smart textiles value chain and joint events")],
    "DIGICLUSTERS": [("tick", "CYBER SECURE LIGHT", "Cybersecurity for SMEs going digital")],
    "EACN": [("tick", "TRACK", "Exchange on sustainable mobility projects")],
    "Connsensys": [("tick", "DIGICLUSTERS", "Peer learning on SME digitalisation")],
}

#: Cooperation cases (D4) per partnership: type, organisation, country, sector, description.
#: The first survey reported the first ``AGREEMENTS["2018-r1"]`` of them.
CASES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "AdPack2": [
        (
            "T1",
            "BalticNet-PlasmaTec",
            "Germany",
            "Plasma technologies",
            "Plasma surface treatment for packaging; joint matchmaking at a packaging fair.",
        ),
        (
            "T1",
            "Nanoprogress",
            "Czech Republic",
            "Nanotechnologies",
            "Nano-coatings for packaging; a joint webinar for members is planned.",
        ),
        (
            "T1",
            "InovCluster",
            "Portugal",
            "Agri-food",
            "Packaging needs of agri-food SMEs; exchange of member lists.",
        ),
        (
            "T1",
            "Packbridge",
            "Sweden",
            "Packaging",
            "Joint participation in a packaging innovation event.",
        ),
        (
            "T1",
            "Plastiwin",
            "Belgium",
            "Plastics",
            "Recyclable plastic packaging; MoU signed, working group started.",
        ),
    ],
    "EC2i": [
        (
            "T1",
            "Marine Renewables Canada",
            "Canada",
            "Marine renewable energy",
            "MoU on offshore and tidal energy; B2B meetings during the mission.",
        ),
        (
            "T1",
            "Business Network for Offshore Wind",
            "USA",
            "Offshore wind",
            "Cooperation agreement; joint US mission in 2019.",
        ),
        (
            "T4",
            "Umore",
            "China",
            "Offshore engineering",
            "Agreement to explore joint projects; matchmaking during the China mission.",
        ),
        (
            "T1",
            "Offshore energy business network",
            "Norway",
            "Offshore energy",
            "Exchange of market intelligence and joint events.",
        ),
        (
            "T3",
            "University research group on marine energy",
            "Spain",
            "Research",
            "Testing facilities offered to SMEs of the partnership.",
        ),
    ],
    "LASER-GO GLOBAL": [
        (
            "T1",
            "Regional photonics association",
            "USA",
            "Photonics",
            "Matchmaking at trade fairs; exchange of market information.",
        ),
        (
            "T1",
            "Optics and photonics cluster",
            "Canada",
            "Photonics",
            "MoU on joint missions and soft landing.",
        ),
        (
            "T1",
            "Photonics industry network",
            "Mexico",
            "Photonics",
            "Matchmaking mission organised in 2019.",
        ),
        ("T2", "Applied optics research centre", "Japan", "Research", "Joint R&D topics explored."),
        (
            "T1",
            "Laser technology business network",
            "South Korea",
            "Lasers",
            "Exchange of delegations planned.",
        ),
        (
            "T5",
            "Trade and investment agency",
            "Singapore",
            "Public sector",
            "Support for soft landing of European SMEs.",
        ),
        ("T1", "Photonics cluster", "Brazil", "Photonics", "MoU signed at a trade fair."),
        (
            "T1",
            "Industry association for optics",
            "Chile",
            "Photonics",
            "Joint webinar on market access.",
        ),
        (
            "T3",
            "Technical university laser centre",
            "Israel",
            "Research",
            "Technology transfer opportunities.",
        ),
        (
            "-oth-",
            "Chamber of commerce",
            "Taiwan",
            "Trade",
            "Information on the local photonics market.",
        ),
    ],
    "COSMENERG-4i": [
        (
            "T1",
            "Solar energy cluster",
            "Morocco",
            "Solar energy",
            "MoU on solar energy projects; B2B meetings with SMEs.",
        ),
        (
            "T1",
            "Renewable energy association",
            "Egypt",
            "Renewable energy",
            "Joint workshop on market opportunities.",
        ),
        (
            "T1",
            "Clean energy business network",
            "Canada",
            "Clean energy",
            "Exchange of delegations and market intelligence.",
        ),
        (
            "T5",
            "National energy efficiency agency",
            "Tunisia",
            "Public sector",
            "Information on public tenders.",
        ),
        ("T3", "University energy institute", "Jordan", "Research", "Joint R&D topics."),
        (
            "T1",
            "Energy technology cluster",
            "Mexico",
            "Energy",
            "Matchmaking event planned for 2020.",
        ),
        (
            "T2",
            "Renewable energy research centre",
            "Chile",
            "Research",
            "Testing and demonstration facilities.",
        ),
    ],
    "FoodNet": [
        (
            "T1",
            "Agri-food innovation cluster",
            "Chile",
            "Agri-food",
            "Exchange of delegations; B2B meetings.",
        ),
        ("T1", "Food industry association", "Brazil", "Food", "MoU on market access for SMEs."),
        (
            "T2",
            "Food technology research centre",
            "Canada",
            "Research",
            "Joint R&D topics on food processing.",
        ),
        ("T1", "Food processing business network", "USA", "Food", "Matchmaking at a fair."),
        (
            "T5",
            "Regional development agency",
            "Argentina",
            "Public sector",
            "Support for trade missions.",
        ),
    ],
    "GCA": [
        (
            "T1",
            "Business network in the target market",
            "Chile",
            "Cross-sectoral",
            "MoU on exchange of information and joint events.",
        ),
        (
            "T1",
            "Regional cluster association",
            "Peru",
            "Cross-sectoral",
            "Incoming delegation planned.",
        ),
        ("T4", "Consultancy (confidential)", "Chile", "Services", "Market entry support for SMEs."),
    ],
    "MAGIA": [
        (
            "T1",
            "Science and technology park",
            "China",
            "Technology",
            "MoU on soft landing and matchmaking.",
        ),
    ],
    "ELBE": [
        (
            "T1",
            "Industry cluster association",
            "USA",
            "Manufacturing",
            "Networking events and B2B meetings.",
        ),
        (
            "T2",
            "Technology research institute",
            "Canada",
            "Research",
            "R&D collaborations with SMEs.",
        ),
    ],
    "IDEEO": [
        ("T1", "Space industry association", "Japan", "Space", "Exchange of delegations."),
        (
            "T5",
            "Space agency programme office",
            "Canada",
            "Public sector",
            "Information on procurement.",
        ),
    ],
    "MobiGoIn-Action": [
        (
            "T1",
            "Mobility innovation cluster",
            "USA",
            "Mobility",
            "Joint events on specific niches of the mobility sector.",
        ),
        ("T1", "Automotive cluster", "Mexico", "Automotive", "MoU on supplier matchmaking."),
    ],
    "NF4": [
        (
            "T1",
            "Manufacturing business network",
            "Canada",
            "Manufacturing",
            "Joint mission planned.",
        ),
        ("T3", "University innovation centre", "Canada", "Research", "Joint R&D topics."),
        (
            "T1",
            "Industry association",
            "China",
            "Manufacturing",
            "Collaboration in the China mission.",
        ),
    ],
    "EU-TEXTILE2030": [
        (
            "T1",
            "Textile manufacturers association",
            "India",
            "Textiles",
            "MoU on sustainable textiles and sourcing.",
        ),
    ],
}

#: European (H1) and beyond-Europe (H2) events per sector: name, location, month, topic.
EVENTS_EUROPE: dict[str, list[tuple[str, str, str, str]]] = {
    "packaging": [("Interpack", "Düsseldorf, Germany", "May {next}", "Packaging")],
    "food": [("SIAL", "Paris, France", "October {next}", "Food and beverages")],
    "textile": [("Techtextil", "Frankfurt, Germany", "May {year}", "Technical textiles")],
    "photonics": [("Laser World of Photonics", "Munich, Germany", "June {year}", "Photonics")],
    "energy": [("Intersolar Europe", "Munich, Germany", "June {next}", "Solar energy")],
    "offshore": [("WindEurope", "Copenhagen, Denmark", "November {year}", "Offshore wind")],
    "health": [("MEDICA", "Düsseldorf, Germany", "November {year}", "Medical technologies")],
    "space": [("Space Tech Expo Europe", "Bremen, Germany", "November {year}", "Space")],
    "mobility": [("IAA", "Frankfurt, Germany", "September {year}", "Automotive")],
    "digital": [("Mobile World Congress", "Barcelona, Spain", "February {next}", "Digital")],
    "manufacturing": [("Hannover Messe", "Hannover, Germany", "April {next}", "Industry 4.0")],
}
EVENTS_COMMON: list[tuple[str, str, str, str]] = [
    ("EU Industry Days", "Brussels, Belgium", "February {next}", "Industrial policy"),
    ("European Cluster Conference", "Bucharest, Romania", "{year}", "Cluster cooperation"),
]
EVENTS_BEYOND: dict[str, list[tuple[str, str, str, str]]] = {
    "packaging": [
        ("China International Import Expo", "Shanghai, China", "November {year}", "Trade")
    ],
    "food": [("Gulfood", "Dubai, United Arab Emirates", "February {next}", "Food")],
    "textile": [("Texworld", "New York, USA", "January {next}", "Textiles")],
    "photonics": [("Photonics West", "San Francisco, USA", "February {next}", "Photonics")],
    "energy": [("Intersolar South America", "São Paulo, Brazil", "August {year}", "Solar")],
    "offshore": [
        ("Offshore Technology Conference", "Houston, USA", "May {next}", "Offshore energy")
    ],
    "health": [("Arab Health", "Dubai, United Arab Emirates", "January {next}", "Health")],
    "space": [("Space Symposium", "Colorado Springs, USA", "April {next}", "Space")],
    "mobility": [("Detroit Auto Show", "Detroit, USA", "January {next}", "Automotive")],
    "digital": [("CES", "Las Vegas, USA", "January {next}", "Electronics")],
    "manufacturing": [("Canton Fair", "Guangzhou, China", "October {year}", "Trade")],
}

SME_EXAMPLES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "SME member (confidential)",
        ("SQ001", "SQ008"),
        "Met two distributors at the B2B meetings; samples sent, negotiations ongoing.",
    ),
    (
        "Small engineering company",
        ("SQ003", "SQ008"),
        "Took part in the exploratory visit and the matchmaking; a follow-up visit is planned.",
    ),
    (
        "Start-up member of the coordinating cluster",
        ("SQ004",),
        "Joined a collaborative RDI proposal with a partner's research centre.",
    ),
    (
        "Family-owned manufacturer",
        ("SQ001", "SQ002"),
        "First export order after the mission, more expected next year.",
    ),
    (
        "Software SME",
        ("SQ006", "SQ007"),
        "Technology transfer agreement and soft-landing support from a partner cluster.",
    ),
)


# --------------------------------------------------------------------------------------------
# Building a round
# --------------------------------------------------------------------------------------------


@dataclass
class _Answer:
    """One response: its partnership, strand and cells, and when it was started and submitted."""

    partnership: str
    strand: str | None
    cells: dict[str, str] = field(default_factory=dict)
    complete: bool = True
    lastpage: int = 0
    started: dt.datetime | None = None
    submitted: dt.datetime | None = None


class _RoundBuilder:
    """Hand-built answers of one round, turned into an export frame."""

    def __init__(
        self,
        codebook: Codebook,
        seed: int,
        opened: dt.date,
        closed: dt.date,
        pools: dict[str, dict[str, tuple[str, ...]]],
        comment_share: float = 0.6,
    ) -> None:
        self.codebook = codebook
        self.rng = random.Random(seed)
        self.opened = opened
        self.closed = closed
        self.pools = pools
        self.comment_share = comment_share
        self.registry = load_registry()
        self.answers: list[_Answer] = []
        self.pages = self._pages()
        self._decks: dict[tuple[str, str], list[str]] = {}

    # -- respondents -------------------------------------------------------------------------

    def add(self, partnership: str, strand: str | None = None) -> _Answer:
        answer = _Answer(partnership, strand)
        code = self.code(partnership)
        answer.cells["A1"] = code
        self.answers.append(answer)
        return answer

    def code(self, partnership: str) -> str:
        found = self.registry.lookup(partnership)
        if found is None:
            raise KeyError(f"{partnership} is not in the registry")
        return found.code

    def _pages(self) -> dict[str, int]:
        letters: list[str] = []
        pages = {}
        for question in self.codebook.questions:
            if question.code[0] not in letters:
                letters.append(question.code[0])
            pages[question.code] = len(letters)
        return pages

    @property
    def page_count(self) -> int:
        return max(self.pages.values())

    # -- random helpers (random.Random only: stable across Python versions) ------------------

    def sample(self, population: Sequence[_Item], k: int) -> list[_Item]:
        """``k`` items drawn without replacement, in sorted order."""
        keyed = sorted((self.rng.random(), item) for item in population)
        return sorted(item for _, item in keyed[:k])

    def pick(self, options: Sequence[str]) -> str:
        return options[int(self.rng.random() * len(options))]

    # -- multiple choice ---------------------------------------------------------------------

    def allocate(
        self,
        question: str,
        answers: list[_Answer],
        targets: dict[str, int | tuple[int, int]],
        comments: dict[tuple[str, str, str], str],
        *,
        excluded: Iterable[str] = (),
    ) -> None:
        """Tick each option for exactly its target number of answers (per strand for pairs).

        An answer with a comment in ``comments`` for the option is always among them; the others
        are drawn at random. ``excluded`` partnerships tick nothing here (they tick ``None``).
        """
        excluded = set(excluded)
        for option, target in targets.items():
            if isinstance(target, tuple):
                groups = [
                    ([a for a in answers if a.strand == strand], count)
                    for strand, count in zip((S1, S2), target, strict=True)
                ]
            else:
                groups = [(answers, target)]
            for group, count in groups:
                names = [a.partnership for a in group if a.partnership not in excluded]
                forced = [n for n in names if (n, question, option) in comments]
                if len(forced) > count:
                    raise ValueError(f"{question}[{option}]: {len(forced)} comments, {count} ticks")
                free = [n for n in names if n not in forced]
                chosen = set(forced) | set(self.sample(free, count - len(forced)))
                for answer in group:
                    if answer.partnership in chosen:
                        answer.cells[f"{question}[{option}]"] = "Y"

    def ensure_one(
        self,
        question: str,
        answers: list[_Answer],
        options: Sequence[str],
        comments: dict[tuple[str, str, str], str],
    ) -> None:
        """Every answer ticks at least one option, without changing any option's count.

        An answer with nothing takes over an option from an answer of the same strand that has
        at least two and no comment forcing it.
        """

        def ticked(answer: _Answer) -> list[str]:
            return [o for o in options if answer.cells.get(f"{question}[{o}]") == "Y"]

        for answer in answers:
            if ticked(answer):
                continue
            for option in options:
                donors = [
                    other
                    for other in answers
                    if other.strand == answer.strand
                    and len(ticked(other)) >= 2
                    and option in ticked(other)
                    and (other.partnership, question, option) not in comments
                ]
                if donors:
                    donor = donors[0]
                    del donor.cells[f"{question}[{option}]"]
                    answer.cells[f"{question}[{option}]"] = "Y"
                    break
            else:
                raise ValueError(f"{question}: cannot give {answer.partnership} an option")

    def write_comments(
        self,
        question: str,
        answers: list[_Answer],
        comments: dict[tuple[str, str, str], str],
    ) -> None:
        """A comment for ticked options: the hand-written one, else often one from the pool."""
        pool = self.pools.get(question, {})
        for answer in answers:
            for option in self.codebook.question(question).subquestions:
                if answer.cells.get(f"{question}[{option.code}]") != "Y":
                    continue
                key = (answer.partnership, question, option.code)
                column = f"{question}[{option.code}comment]"
                if key in comments:
                    answer.cells[column] = comments[key]
                elif option.code in pool and self.rng.random() < self.comment_share:
                    answer.cells[column] = self.draw((question, option.code), pool[option.code])

    def draw(self, key: tuple[str, str], pool: Sequence[str]) -> str:
        """The next text of a shuffled deck per option: no repeats until the pool is used up."""
        deck = self._decks.get(key)
        if not deck:
            deck = self._decks[key] = self.sample(pool, len(pool))
            self.rng.shuffle(deck)
        return deck.pop()

    def collaborations(
        self,
        question: str,
        answer: _Answer,
        links: list[tuple[str, str, str]],
        *,
        with_comments: bool = True,
    ) -> None:
        """Tick or type the partnerships ``answer`` names in the "other ESCPs" question."""
        typed: list[tuple[str, str]] = []
        for how, target, purpose in links:
            if how == "tick":
                code = self.code(target)
                answer.cells[f"{question}[{code}]"] = "Y"
                if purpose and with_comments:
                    answer.cells[f"{question}[{code}comment]"] = purpose
            else:
                typed.append((target, purpose))
        if typed:
            answer.cells[f"{question}[other]"] = OTHER_NAMES_SEPARATOR.join(n for n, _ in typed)
            purposes = [f"{name}: {purpose}" for name, purpose in typed if purpose]
            if purposes and with_comments:
                answer.cells[f"{question}[othercomment]"] = OTHER_NAMES_SEPARATOR.join(purposes)

    # -- metadata ----------------------------------------------------------------------------

    def _timestamp(self, earliest: dt.datetime, latest: dt.datetime) -> dt.datetime:
        span = int((latest - earliest).total_seconds())
        return earliest + dt.timedelta(seconds=int(self.rng.random() * span))

    def schedule(self) -> None:
        """Start and submit times in office hours of the round's days; ids follow start order."""
        days = (self.closed - self.opened).days
        last = dt.datetime.combine(self.closed, dt.time(17, 45))
        for answer in self.answers:
            if answer.started is None:
                day = self.opened + dt.timedelta(days=int(self.rng.random() * days))
                seconds = 8 * 3600 + int(self.rng.random() * 10 * 3600)
                answer.started = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)
            if answer.complete and answer.submitted is None:
                minutes = 12 + int(self.rng.random() ** 3 * 60 * 26)
                answer.submitted = min(answer.started + dt.timedelta(minutes=minutes), last)
        self.answers.sort(key=lambda a: a.started or last)

    def frame(self) -> pd.DataFrame:
        """The export frame: metadata columns then every codebook column, as text."""
        self.schedule()
        rows = []
        for number, answer in enumerate(self.answers, start=1):
            ip_net = "192.0.2" if number % 3 else "198.51.100"
            token = "".join(
                self.pick("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                for _ in range(15)
            )
            started = answer.started
            assert started is not None
            stamp = (
                answer.submitted
                if answer.complete
                else (started + dt.timedelta(minutes=3 + int(self.rng.random() * 40)))
            )
            row = {
                "id": str(number),
                "submitdate": _format(answer.submitted) if answer.complete else "",
                "lastpage": str(self.page_count if answer.complete else answer.lastpage),
                "startlanguage": "en",
                "seed": str(100_000_000 + int(self.rng.random() * 1_900_000_000)),
                "token": token,
                "startdate": _format(started),
                "datestamp": _format(stamp),
                "ipaddr": f"{ip_net}.{10 + int(self.rng.random() * 240)}",
                "refurl": "",
            }
            cells = answer.cells
            if not answer.complete:
                # An incomplete response holds only what was saved on the pages it got through.
                cells = {
                    column: value
                    for column, value in cells.items()
                    if self.pages[_question_code(column)] <= max(answer.lastpage, 1)
                }
            row.update(cells)
            rows.append(row)
        columns = [*METADATA_COLUMNS, *self.codebook.export_columns()]
        unknown = {c for row in rows for c in row} - set(columns)
        if unknown:
            raise ValueError(f"cells for columns the codebook does not have: {sorted(unknown)}")
        frame = pd.DataFrame(rows, columns=columns, dtype="str")
        return frame.replace("", pd.NA)


def _format(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


def _question_code(column: str) -> str:
    return column.split("[", 1)[0]


# --------------------------------------------------------------------------------------------
# Shared ESCP-4i content
# --------------------------------------------------------------------------------------------


def _identity_4i(builder: _RoundBuilder, answer: _Answer, number: int) -> None:
    name = answer.partnership
    code = builder.code(name)
    sector = SECTOR_WORDS[SECTORS[name]]
    if answer.strand:
        answer.cells["A2"] = answer.strand
    answer.cells["A3"] = builder.pick(
        (
            f"Coordinating cluster organisation of {name} ({sector})",
            f"Cluster association for {sector}, partnership coordinator",
            f"{sector.capitalize()} cluster, member of the {name} consortium",
        )
    )
    roles = ("Contact person", "Cluster manager", "Project coordinator")
    answer.cells["A4"] = f"{roles[number % 3]}, {name}"
    domain = ("example.org", "example.com", "example.net")[number % 3]
    answer.cells["A5"] = f"escp-{code.lower()}@{domain}"
    answer.cells["A6"] = "Y" if builder.rng.random() < 0.7 else "N"


def _agreements_4i(builder: _RoundBuilder, answer: _Answer, count: int | None) -> None:
    """D2, D3 and the cooperation cases D4 (one per agreement, at most ten)."""
    if count is None:
        answer.cells["D2"] = "N"
        return
    answer.cells["D2"] = "Y" if count > 0 else "N"
    answer.cells["D3"] = str(count)
    for case, (kind, name, country, sector, text) in enumerate(
        CASES.get(answer.partnership, [])[: min(count, 10)], start=1
    ):
        answer.cells[f"D4T{case}"] = kind
        if kind == "-oth-":
            answer.cells[f"D4T{case}[other]"] = "Chamber of commerce"
        answer.cells[f"D4O{case}[SQ001]"] = name
        answer.cells[f"D4O{case}[SQ002]"] = country
        answer.cells[f"D4O{case}[SQ003]"] = sector
        answer.cells[f"D4D{case}"] = text


def _later_sections_4i(builder: _RoundBuilder, answer: _Answer, year: int) -> None:
    """SME agreements and examples (E2-F3), the forum (G3-G4) and planned events (H1-H4)."""
    rng = builder.rng
    cells = answer.cells
    sme_agreements = int(rng.random() * 4)
    cells["E2"] = "Y" if sme_agreements else "N"
    if sme_agreements:
        cells["E3"] = str(sme_agreements)
    examples = int(rng.random() * 3)
    for number in range(1, examples + 1):
        name, benefits, text = SME_EXAMPLES[int(rng.random() * len(SME_EXAMPLES))]
        cells[f"F{number}N"] = name
        for benefit in benefits:
            cells[f"F{number}B[{benefit}]"] = "Y"
        cells[f"F{number}D"] = text
    cells["G3"] = "Y" if rng.random() < 0.4 else "N"
    if cells["G3"] == "Y":
        cells["G4"] = builder.pick(
            (
                "Useful to find other partnerships and share documents.",
                "Easy way to announce our events to the other ESCP-4i.",
                "Some advantages, but few partnerships post there.",
            )
        )
    sector = SECTORS[answer.partnership]
    fill = {"year": str(year), "next": str(year + 1)}
    european = EVENTS_EUROPE[sector] + builder.sample(EVENTS_COMMON, int(rng.random() * 3))
    for row, event in enumerate(european, start=1):
        for column, value in zip(("NAME", "LOC", "DATE", "TOPIC"), event, strict=True):
            cells[f"H1[SQ00{row}_{column}]"] = value.format(**fill)
    if rng.random() < 0.75:
        for column, value in zip(
            ("NAME", "LOC", "DATE", "TOPIC"), EVENTS_BEYOND[sector][0], strict=True
        ):
            cells[f"H2[SQ001_{column}]"] = value.format(**fill)
    cells["H3"] = builder.pick(("Y", "Y", "Y", "N", "NA"))
    if cells["H3"] == "Y":
        cells["H4"] = builder.pick(
            (
                "SMEs will join the missions and the B2B meetings.",
                "A call for SMEs will be published; travel costs are partly covered.",
                "SMEs are invited to the matchmaking sessions and webinars.",
            )
        )


def _fill_choices_4i(
    builder: _RoundBuilder,
    answers: list[_Answer],
    targets: dict[str, dict[str, int | tuple[int, int]]],
    comments: dict[tuple[str, str, str], str],
) -> None:
    for question, question_targets in targets.items():
        builder.allocate(question, answers, question_targets, comments)
        builder.ensure_one(question, answers, list(question_targets), comments)
        builder.write_comments(question, answers, comments)


# --------------------------------------------------------------------------------------------
# The rounds
# --------------------------------------------------------------------------------------------


def escp_4i_2019_r2() -> pd.DataFrame:
    """ESCP-4i second survey: 19 final answers, GCA's earlier superseded one, 2 incomplete."""
    codebook = load_codebook("escp-4i")
    builder = _RoundBuilder(
        codebook,
        seed=2019_2,
        opened=dt.date(2019, 5, 13),
        closed=dt.date(2019, 6, 5),
        pools=POOLS_4I,
    )
    answers = [builder.add(name, strand) for name, strand in RESPONDENTS_2019.items()]
    for number, answer in enumerate(answers):
        _identity_4i(builder, answer, number)
    _fill_choices_4i(
        builder,
        answers,
        {"B1": B1_2019, "C1": C1_2019, "D1": D1_2019, "E1": E1_2019},
        COMMENTS_2019,
    )
    by_name = {a.partnership: a for a in answers}
    by_name["PERES"].cells["B1[other]"] = "Webinars on the long-term sustainability of ESCPs"
    by_name["PERES"].cells["B1[othercomment]"] = "Three webinars, open to the other ESCP-4i."
    by_name["SpaceWave"].cells["B1[other]"] = "Joint presentation at a space industry event"
    by_name["GIVE"].cells["C1[other]"] = "Visa issues for SME delegations"
    by_name["GIVE"].cells["C1[othercomment]"] = "Visa costs and delays discourage SMEs."
    by_name["LASER-GO GLOBAL"].cells["D1[other]"] = "Joint application to an INNOSUP call"
    by_name["ELBE"].cells["E1[other]"] = "Invitations to tenders"
    by_name["ELBE"].cells["E1[othercomment]"] = "6 invitations to tenders for SME members."
    for answer in answers:
        _agreements_4i(builder, answer, AGREEMENTS["2019-r2"].get(answer.partnership))
        links = COLLABORATIONS_2019.get(answer.partnership)
        answer.cells["G1"] = "Y" if links else "N"
        if links:
            builder.collaborations("G2", answer, links)
        _later_sections_4i(builder, answer, 2019)

    # GCA answered twice: the earlier complete submission is superseded by the later one.
    gca = by_name["GCA"]
    earlier = _Answer("GCA", S1, dict(gca.cells))
    for column in [c for c in earlier.cells if c.startswith(("B1[", "D4", "G2["))]:
        del earlier.cells[column]
    earlier.cells.update(
        {
            "B1[SQ002]": "Y",
            "B1[SQ002comment]": "Chile selected as target market.",
            "B1[SQ009]": "Y",
            "D2": "Y",
            "D3": "2",
            "G2[P18]": "Y",
            "G2[P10]": "Y",
            "G2[P10comment]": "Exchange on food sector contacts",
        }
    )
    earlier.cells["D4T1"], earlier.cells["D4O1[SQ001]"] = "T1", "Business network"
    earlier.cells["D4O1[SQ002]"], earlier.cells["D4D1"] = "Chile", "MoU on joint events."
    earlier.started = dt.datetime(2019, 5, 15, 9, 12, 40)
    earlier.submitted = dt.datetime(2019, 5, 15, 10, 2, 5)
    gca.started = dt.datetime(2019, 5, 28, 14, 3, 11)
    gca.submitted = dt.datetime(2019, 5, 28, 15, 20, 47)
    builder.answers.append(earlier)

    # DIA (strand-2) left after the barriers page; ALLIANCE after the first page.
    dia = builder.add("DIA", S2)
    _identity_4i(builder, dia, 20)
    dia.complete, dia.lastpage = False, 3
    dia.cells.update(
        {
            "B1[SQ009]": "Y",
            "B1[SQ009comment]": (
                "Six events: workshops, matchmaking events and working group meetings. Three "
                "regional events with clusters, universities and SMEs, one aligned with the "
                "INNOSUP-01 project 'IoT4Industry'; three international events on digital "
                "industries."
            ),
            "B1[SQ004]": "Y",
            "B1[SQ007]": "Y",
            "C1[SQ007]": "Y",
        }
    )
    alliance = builder.add("ALLIANCE", None)
    _identity_4i(builder, alliance, 21)
    alliance.complete, alliance.lastpage = False, 1
    return builder.frame()


def escp_4i_2018_r1() -> pd.DataFrame:
    """ESCP-4i first survey: 20 complete answers and 2 incomplete ones."""
    codebook = load_codebook("escp-4i")
    builder = _RoundBuilder(
        codebook,
        seed=2018_1,
        opened=dt.date(2018, 10, 8),
        closed=dt.date(2018, 10, 31),
        pools=POOLS_4I,
        comment_share=0.45,
    )
    answers = [builder.add(name, strand) for name, strand in RESPONDENTS_2018.items()]
    for number, answer in enumerate(answers):
        _identity_4i(builder, answer, number)
    _fill_choices_4i(
        builder,
        answers,
        {"B1": B1_2018, "C1": C1_2018, "D1": D1_2018, "E1": E1_2018},
        COMMENTS_2018,
    )
    for answer in answers:
        _agreements_4i(builder, answer, AGREEMENTS["2018-r1"].get(answer.partnership))
        links = COLLABORATIONS_2018.get(answer.partnership)
        answer.cells["G1"] = "Y" if links else "N"
        if links:
            builder.collaborations("G2", answer, links)
        _later_sections_4i(builder, answer, 2018)
    for number, (name, lastpage) in enumerate(
        (("EU KETs4Dual-Use", 2), ("ESCT Go Global", 1)), start=30
    ):
        answer = builder.add(name, None)
        _identity_4i(builder, answer, number)
        answer.complete, answer.lastpage = False, lastpage
        if lastpage >= 2:
            answer.cells["B1[SQ001]"] = "Y"
            answer.cells["B1[SQ005]"] = "Y"
    return builder.frame()


def escp_s3_2019_r1() -> pd.DataFrame:
    """ESCP-S3 first survey: 8 complete answers, CYBER SECURE LIGHT incomplete."""
    codebook = load_codebook("escp-s3")
    builder = _RoundBuilder(
        codebook,
        seed=2019_31,
        opened=dt.date(2019, 5, 13),
        closed=dt.date(2019, 5, 28),
        pools=POOLS_S3,
    )
    answers = [builder.add(name) for name in RESPONDENTS_S3]
    by_name = {a.partnership: a for a in answers}
    for number, answer in enumerate(answers):
        name = answer.partnership
        sector = SECTOR_WORDS[SECTORS[name]]
        answer.cells["A2"] = builder.pick(
            (
                f"Lead cluster organisation of {name} ({sector})",
                f"Regional {sector} cluster, coordinator of {name}",
            )
        )
        answer.cells["A3"] = f"{('Contact person', 'Cluster manager')[number % 2]}, {name}"
        answer.cells["A4"] = f"escp-{builder.code(name).lower()}@example.org"
        answer.cells["A5"] = "Y" if number % 4 else "N"

    # B1: every answer has a strategic analysis, so nobody ticks None.
    builder.allocate("B1", answers, S3_B1, COMMENTS_S3)
    builder.write_comments("B1", answers, COMMENTS_S3)
    # B2, B3: one answer each has nothing yet and ticks None alone.
    for question, targets, none_code, nobody in (
        ("B2", S3_B2, "SQ011", "TRACK"),
        ("B3", S3_B3, "SQ006", "EACP-EUROSME"),
    ):
        builder.allocate(question, answers, targets, COMMENTS_S3, excluded=[nobody])
        by_name[nobody].cells[f"{question}[{none_code}]"] = "Y"
        others = [a for a in answers if a.partnership != nobody]
        builder.ensure_one(question, others, list(targets), COMMENTS_S3)
        builder.write_comments(question, answers, COMMENTS_S3)
    # C1: the one answer with cluster-collaboration and funding-information barriers is TRACK's.
    builder.allocate("C1", answers, S3_C1, COMMENTS_S3)
    builder.ensure_one("C1", answers, list(S3_C1), COMMENTS_S3)
    builder.write_comments("C1", answers, COMMENTS_S3)
    by_name["EACP-EUROSME"].cells["C1[other]"] = (
        "Financial struggles to implement the activities, engage SMEs and run the partnership"
    )
    by_name["EACP-EUROSME"].cells["C1[othercomment]"] = (
        'Travel vouchers for SMEs would help to engage more of them ("SME vouchers").'
    )
    suggestions = (
        "Providing counselling or inter-cluster mediation.",
        "Facilitating contact with other relevant European projects.",
        "Making financial and other resources available to support SMEs in joining the "
        "ESCP-S3 activities.",
        "Developing potential future business opportunities for SMEs.",
        "Promoting initiatives in favour of SMEs, advertising the opportunities identified and "
        "the upcoming events organised by the partnerships.",
        "Travel vouchers for SMEs, to engage more SMEs in the activities.",
    )
    for answer, suggestion in zip(answers[:6], suggestions, strict=True):
        answer.cells["C2"] = suggestion
    # D1: five answers have no result yet (None alone); three report results.
    achievers = ["AI4DIAG", "S3martMed", "DIGICLUSTERS"]
    builder.allocate(
        "D1",
        [a for a in answers if a.partnership in achievers],
        S3_D1,
        COMMENTS_S3,
    )
    builder.write_comments("D1", answers, COMMENTS_S3)
    for answer in answers:
        if answer.partnership not in achievers:
            answer.cells["D1[SQ009]"] = "Y"
    for name, count in (("EACP-EUROSME", 3), ("S3martMed", 1)):
        by_name[name].cells["D2"], by_name[name].cells["D3"] = "Y", str(count)
    for answer in answers:
        answer.cells.setdefault("D2", "N")
    by_name["S3martMed"].cells["D4"] = (
        "The common mapping of SMEs and research centres: one template, filled in by every "
        "cluster, already shows where each region is specialised."
    )
    by_name["AI4DIAG"].cells["D4"] = "A boot camp for members with <b>12 SMEs</b> from 4 regions."
    # E: dialogue with other ESCPs.
    for answer in answers:
        links = COLLABORATIONS_S3.get(answer.partnership)
        answer.cells["E1"] = "Y" if links else "N"
        if links:
            builder.collaborations("E2", answer, links, with_comments=False)
            for number, (_, target, purpose) in enumerate(links, start=1):
                answer.cells[f"E3[SQ00{number}]"] = f"{target}: {purpose}"
    # F: smart specialisation; G: next 12 months.
    platforms = {
        "EACP-EUROSME": ("SQ008", "SQ018"),
        "AI4DIAG": ("SQ003", "SQ011"),
        "TEX4IM": ("SQ016",),
        "DIGICLUSTERS": ("SQ018",),
        "Connsensys": ("SQ003", "SQ018"),
        "EACN": ("SQ017",),
        "S3martMed": ("SQ011", "SQ014"),
        "TRACK": (),
    }
    for answer in answers:
        name = answer.partnership
        sector = SECTOR_WORDS[SECTORS[name]]
        answer.cells["F1"] = f"Industrial modernisation in {sector}; related regional priorities."
        chosen = platforms[name]
        answer.cells["F2"] = "Y" if chosen else "N"
        for option in chosen:
            answer.cells[f"F3[{option}]"] = "Y"
        if chosen:
            answer.cells["F4"] = builder.pick(
                (
                    "Participation in the working groups of the partnership.",
                    "Joint events with the partnership and exchange of project ideas.",
                    "Members take part in the investment project pipeline of the platform.",
                )
            )
            answer.cells["F5"] = builder.pick(
                (
                    "Access to regional policy makers and investment projects.",
                    "Visibility, and partners for interregional investment projects.",
                    "Knowledge of the other regions' priorities.",
                )
            )
        answer.cells["F6"] = "Y" if name == "TRACK" else "N"
        if name == "TRACK":
            answer.cells["F7"] = "A new thematic area on rail supply chains; partners being found."
        answer.cells["G1"] = builder.pick(
            (
                "Two matchmaking events, a study visit and the first investment workshop.",
                "Boot camp for SMEs, webinars and a joint stand at a European fair.",
                "Workshops with the regions and a B2B event with SMEs.",
            )
        )
        event = EVENTS_EUROPE[SECTORS[name]][0]
        for column, value in zip(("NAME", "LOC", "DATE"), event[:3], strict=True):
            answer.cells[f"G2[SQ001_{column}]"] = value.format(year="2019", next="2020")
    incomplete = builder.add("CYBER SECURE LIGHT")
    incomplete.complete, incomplete.lastpage = False, 2
    incomplete.cells.update(
        {
            "A2": "Cybersecurity cluster, coordinator of CYBER SECURE LIGHT",
            "A3": "Contact person, CYBER SECURE LIGHT",
            "A4": "escp-p34@example.org",
            "A5": "Y",
            "B1[SQ001]": "Y",
            "B1[SQ002]": "Y",
        }
    )
    return builder.frame()


BUILDERS = {
    ("escp-4i", "2018-r1"): escp_4i_2018_r1,
    ("escp-4i", "2019-r2"): escp_4i_2019_r2,
    ("escp-s3", "2019-r1"): escp_s3_2019_r1,
}


def demo_round(survey: str, round_: str) -> pd.DataFrame:
    """The response frame of one demo round (``survey``, ``round_`` one of DEMO_ROUNDS)."""
    return BUILDERS[(survey, round_)]()


def write_demo_rounds(out_dir: Path) -> list[Path]:
    """Write the three demo rounds as LimeSurvey CSV exports under ``out_dir/<survey>/``."""
    paths = []
    for survey, round_ in DEMO_ROUNDS:
        frame = demo_round(survey, round_)
        path = Path(out_dir) / survey / f"{round_}.csv"
        paths.append(write_export(frame, load_codebook(survey), path))
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: write the demo rounds to ``--out`` (default ``data/incoming``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/incoming"))
    arguments = parser.parse_args(argv)
    for path in write_demo_rounds(arguments.out):
        print(path)


if __name__ == "__main__":
    main()
