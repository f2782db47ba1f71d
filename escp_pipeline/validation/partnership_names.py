"""Which partnership codes a round may name, and the name each counts under.

What belongs here: the partnership names of one round, from the round's questionnaire (the answers
of its partnership question) and the partnership registry. What does not: checking the registry
against the questionnaire for the data-quality section (``analysis.questionnaire_rounds``).

Codes belong to the question that shows them: a code of the round's partnership question is a
partnership even when the registry lacks it (a new partnership), and counts under its questionnaire
label. Where the label is the registry's name for the code or one of its aliases (folded: case,
spaces, dashes and markup ignored), the registry's name counts, so a partnership keeps one name
across rounds; where the questionnaire shows another label, the respondent chose what it showed, and
that label counts. A round whose questionnaire lists no partnership answers (an export read without
a questionnaire) names the registry's partnerships only.
"""

from __future__ import annotations

from escp_pipeline.contract.codebook import Codebook
from escp_pipeline.contract.markup import plain_text
from escp_pipeline.contract.registry import PartnershipRegistry, normalise_name


def partnership_names(codebook: Codebook, registry: PartnershipRegistry) -> dict[str, str]:
    """Partnership code -> the name it counts under, for every code the round may name.

    The round's partnership question's answers when it has any (registry codes the questionnaire
    does not show are not accepted), else every code of the registry.
    """
    try:
        answers = codebook.partnership_question.answers
    except KeyError:
        answers = ()
    if not answers:
        return {code: partnership.name for code, partnership in registry.by_code.items()}
    names: dict[str, str] = {}
    for option in answers:
        label = plain_text(option.label)
        known = registry.get(option.code)
        if known is not None and (
            not label or normalise_name(label) in {normalise_name(s) for s in known.spellings}
        ):
            names[option.code] = known.name
        else:
            names[option.code] = label or option.code
    return names
