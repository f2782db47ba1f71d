"""The partnership registry: the 34 partnerships both surveys list, their spellings and strands.

What belongs here: the registry model and exact lookups (code, canonical name, alias). Fuzzy
matching of free text lives with the analysis that needs it; this module only knows the facts of
``partnerships.yaml``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from escp_pipeline.contract.codebook import REFERENCE_DIR, CodebookError, read_yaml

Strand = Literal["strand-1", "strand-2"]


class Partnership(BaseModel):
    """One European Strategic Cluster Partnership of the survey lists."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^P\d{2,}$")
    name: str = Field(min_length=1)
    programme: Literal["escp-4i", "escp-s3"]
    strand: Strand | None = None
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """The canonical name first, then every alias."""
        return (self.name, *self.aliases)


class PartnershipRegistry(BaseModel):
    """Every listed partnership, and the names the report uses that are in neither list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    partnerships: tuple[Partnership, ...]
    outside_the_survey_lists: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> PartnershipRegistry:
        for attribute in ("code", "name"):
            values = [getattr(p, attribute) for p in self.partnerships]
            duplicated = sorted({v for v in values if values.count(v) > 1})
            if duplicated:
                raise ValueError(f"partnership {attribute}s appear twice: {duplicated}")
        return self

    @functools.cached_property
    def by_code(self) -> dict[str, Partnership]:
        return {p.code: p for p in self.partnerships}

    @functools.cached_property
    def _by_spelling(self) -> dict[str, Partnership]:
        index: dict[str, Partnership] = {}
        for partnership in self.partnerships:
            for spelling in (partnership.code, *partnership.spellings):
                index.setdefault(normalise_name(spelling), partnership)
        return index

    def get(self, code: str) -> Partnership | None:
        return self.by_code.get(code)

    def lookup(self, text: str) -> Partnership | None:
        """Exact match by code, canonical name or alias (case, spaces and markup ignored)."""
        return self._by_spelling.get(normalise_name(text))

    def name_of(self, code: str) -> str:
        """Canonical name of a code; raises KeyError naming the unknown code."""
        partnership = self.by_code.get(code)
        if partnership is None:
            raise KeyError(f"partnership code {code!r} is not in partnerships.yaml")
        return partnership.name


def normalise_name(text: str) -> str:
    """Fold a partnership spelling for comparison: no markup, case, spaces or dashes."""
    import re

    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[\s\-_]+", "", text).casefold()


def load_registry_file(path: Path) -> PartnershipRegistry:
    """Load and check a partnership registry file.

    Raises:
        CodebookError: the file cannot be read or is malformed; names the file and field.
    """
    try:
        data = read_yaml(path)
        return PartnershipRegistry.model_validate(data)
    except (OSError, yaml.YAMLError) as error:
        raise CodebookError(f"partnership registry {path}: cannot be read ({error})") from error
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}" for item in error.errors()[:5]
        )
        raise CodebookError(f"partnership registry {path}: {problems}") from error


@functools.cache
def load_registry() -> PartnershipRegistry:
    """The project's copy of ``partnerships.yaml``."""
    return load_registry_file(REFERENCE_DIR / "partnerships.yaml")
