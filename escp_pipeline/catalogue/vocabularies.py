"""Shared vocabularies: the codes and names several tables and stages use, declared once.

No imports from the rest of the project: the contract, the validation and the analysis import these,
never the other way round.
"""

from __future__ import annotations

#: The surveys the project ships a codebook for.
SURVEYS: tuple[str, ...] = ("escp-4i", "escp-s3")
#: A survey round, ``<year>-r<n>`` (``2019-r2``), as a regular expression.
ROUND_PATTERN = r"^\d{4}-r[1-9]\d*$"
#: A survey folder's name: surveys the project does not ship have questionnaires too.
SURVEY_NAME_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
#: A partnership code of the questionnaire's partnership question (``P01``).
PARTNERSHIP_CODE_PATTERN = r"^P\d{2,}$"
#: A SHA-256 digest in lower-case hex.
SHA256_PATTERN = r"^[0-9a-f]{64}$"
#: An ISO 3166-1 alpha-2 country code's shape.
COUNTRY_CODE_PATTERN = r"^[A-Z]{2}$"

#: The ESCP-4i strands; ESCP-S3 has none.
STRANDS: tuple[str, str] = ("strand-1", "strand-2")
#: Answer code of the strand question -> strand.
STRAND_BY_CODE: dict[str, str] = {"S1": STRANDS[0], "S2": STRANDS[1]}
#: The strand value of counts over every respondent, whatever their strand.
ALL_STRANDS = "all"
#: What counts are broken down by: each strand, then ``all``.
COUNT_STRANDS: tuple[str, ...] = (*STRANDS, ALL_STRANDS)

#: The option code of a question's "Other" field.
OTHER = "other"
#: The label of the "Other" option.
OTHER_LABEL = "Other"

#: A response's status in the core table: counted, left before submitting, or answered again.
COMPLETE = "complete"
INCOMPLETE = "incomplete"
SUPERSEDED = "superseded"
RESPONSE_STATUSES: tuple[str, ...] = (COMPLETE, INCOMPLETE, SUPERSEDED)

#: A partnership's status in a round (``partnership_rounds``).
ANSWERED = "answered"
INCOMPLETE_ONLY = "incomplete_only"
NOT_ANSWERED = "not_answered"
PARTNERSHIP_STATUSES: tuple[str, ...] = (ANSWERED, INCOMPLETE_ONLY, NOT_ANSWERED)

#: What a free text of ``free_text_answers`` is.
FREE_TEXT_KINDS: tuple[str, ...] = ("comment", OTHER, "text")

#: Export metadata columns that identify a person or carry a personal link; dropped at
#: validation. The codebook marks the personal-data questions (contact person, e-mail).
PERSONAL_METADATA: tuple[str, ...] = ("token", "ipaddr", "refurl")
