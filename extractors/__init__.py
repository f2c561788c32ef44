"""vinex extractors: one module per fact kind, registered in one explicit table.

Each module exposes ``NAME``, ``VERSION`` (e.g. ``officials.v1``) and ``extract(doc)``.
The order of the table is the order of the output; what runs is visible here.
"""
from __future__ import annotations

from types import ModuleType

from schemas.records import FACT_KINDS, Facts

from . import awards, congresses, localities, officials, targets
from .doc import Doc, Resources, load_resources
from .text import nfc

REGISTRY: dict[str, ModuleType] = {
    "localities": localities,
    "congresses": congresses,
    "officials": officials,
    "targets": targets,
    "awards": awards,
}
assert tuple(REGISTRY) == FACT_KINDS


def versions() -> dict[str, str]:
    return {kind: mod.VERSION for kind, mod in REGISTRY.items()}


def extract_facts(text: str, source: str, resources: Resources) -> Facts:
    """Run every registered extractor over one (NFC) text."""
    return extract_doc(Doc(nfc(text), resources), source)


def extract_doc(doc: Doc, source: str) -> Facts:
    """Run every registered extractor over a prepared :class:`Doc` (sentences split once)."""
    found = {kind: mod.extract(doc) for kind, mod in REGISTRY.items()}
    return Facts(source=source, versions=versions(), **found)


__all__ = ["REGISTRY", "Doc", "Resources", "extract_doc", "extract_facts", "load_resources", "versions"]
