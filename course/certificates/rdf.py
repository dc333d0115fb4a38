"""JSON-LD, safely: expansion that refuses what a processor would drop, and RDF Dataset
Canonicalization (RDFC-1.0) with bounded work, for the ``eddsa-rdfc-2022`` proof.

Built on ``pyld`` (Digital Bazaar's JSON-LD processor for Python). Three rules:

- **Contexts come from bundled copies only** (``contexts/``, see its README): the
  document loader answers for the URLs in :data:`CONTEXTS` and refuses every other URL.
  Nothing is fetched from the network, so a certificate cannot make a verifier wait, and
  a changed context on some server cannot change what a signature means.
- **Safe mode**: expansion fails instead of dropping anything. A property no context
  defines, an ``@id`` or ``@type`` that is not an absolute IRI (``"forord"``), a value
  that would vanish from the RDF: each is an error (``JsonLdProblem``). This is what
  jsonld.js calls ``safe: true``, and what the VC 2.0 and Data Integrity specs require
  of a document that is signed by its RDF.
- **Bounded work**: a document with more than :data:`MAX_VALUES` JSON values, more than
  :data:`MAX_TEXT` characters of text or more than :data:`MAX_BLANK_NODES` blank nodes
  is refused before it is canonicalised, and the
  canonicalisation's deep step (Hash N-Degree Quads, exponential for "poison" graphs)
  is limited to :data:`MAX_DEEP_ITERATIONS` calls, as Digital Bazaar's rdf-canonize
  limits its ``maxWorkFactor``. A certificate has about 150 values and 10 blank nodes.

URDNA2015 as pyld implements it is RDFC-1.0 (the W3C Recommendation gave the algorithm
its new name unchanged); the W3C eddsa-rdfc-2022 test vectors are reproduced in
``tests/certificates/test_vectors_rdfc.py``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"
CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://www.w3.org/ns/credentials/undefined-terms/v2": "undefined-terms-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-context-3.0.3.json",
}
MAX_VALUES = 5_000
MAX_TEXT = 256_000  # characters in all strings and keys together (a certificate: 5,000)
MAX_BLANK_NODES = 100
MAX_DEEP_ITERATIONS = 1_000

# more contexts for tests (the spec's example context): url -> file
_extra: dict[str, Path] = {}


class JsonLdProblem(ValueError):
    """The document cannot be processed safely (English, for developers)."""


def add_context(url: str, path: str | Path) -> None:
    """Let the loader answer ``url`` with the local file ``path`` (tests: the W3C example
    context of the published test vectors)."""
    _extra[url] = Path(path)
    _load.cache_clear()


@cache
def _load(url: str) -> Any:
    if url in _extra:
        path = _extra[url]
    elif url in CONTEXTS:
        path = CONTEXT_DIR / CONTEXTS[url]
    else:
        raise JsonLdProblem(f"context not bundled (never fetched): {url[:200]}")
    return json.loads(path.read_text("utf-8"))


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """pyld's document loader: bundled contexts only (a copy each time: nothing pyld does
    can change the cached context)."""
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(_load(url)),
            "contentType": "application/ld+json"}


def too_big(value: Any, max_values: int = MAX_VALUES, max_text: int = MAX_TEXT) -> bool:
    """Whether ``value`` holds more than ``max_values`` JSON values or more than
    ``max_text`` characters of strings and keys (stops early; cheap for any input)."""
    count = text = 0
    stack = [value]
    while stack:
        item = stack.pop()
        count += 1
        if count > max_values or text > max_text:
            return True
        if isinstance(item, str):
            text += len(item)
        elif isinstance(item, Mapping):
            text += sum(len(key) for key in item if isinstance(key, str))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return text > max_text


def _options() -> dict[str, Any]:
    from pyld.context_resolver import ContextResolver

    return {
        "documentLoader": document_loader,
        # a cache per call: contexts are parsed from our copies, nothing global is shared
        "contextResolver": ContextResolver({}, document_loader),
        "base": None,
        "processingMode": "json-ld-1.1",
    }


def _processor() -> Any:
    from pyld.jsonld import JsonLdProcessor

    def dropped(term: Any) -> None:
        raise JsonLdProblem(f"property not defined by any context: {str(term)[:100]}")

    return JsonLdProcessor(on_property_dropped=dropped)


def _absolute(value: str) -> bool:
    from pyld.jsonld import _is_absolute_iri

    return value.startswith("_:") or bool(_is_absolute_iri(value))


def _check_expanded(node: Any) -> None:
    """Every @id and @type in the expanded form is an absolute IRI or a blank node."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, Mapping):
            continue
        ident = item.get("@id")
        if isinstance(ident, str) and not _absolute(ident):
            raise JsonLdProblem(f"@id is not an absolute IRI: {ident[:100]}")
        types = item.get("@type")
        if "@value" not in item:
            for kind in types if isinstance(types, list) else [types] if types else []:
                if isinstance(kind, str) and not _absolute(kind):
                    raise JsonLdProblem(f"@type is not an absolute IRI: {kind[:100]}")
        for key, value in item.items():
            if key != "@value":
                stack.append(value)


def expand(doc: Mapping[str, Any]) -> list[Any]:
    """The expanded form of ``doc`` in safe mode. Raises JsonLdProblem."""
    if too_big(doc):
        raise JsonLdProblem("too large to process")
    from pyld.jsonld import JsonLdError

    try:
        expanded = _processor().expand(dict(doc), _options())
    except JsonLdError as exc:
        raise JsonLdProblem(_reason(exc)) from None
    except RecursionError:
        raise JsonLdProblem("nested too deeply") from None
    _check_expanded(expanded)
    return list(expanded)


def _reason(exc: Exception) -> str:
    """The innermost message of a pyld error chain (ours when we raised it)."""
    while exc.__cause__ is not None:
        exc = exc.__cause__  # type: ignore[assignment]
    return str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__


def _canonicaliser() -> Any:
    from pyld.canon import URDNA2015

    class Bounded(URDNA2015):  # type: ignore[misc]
        """URDNA2015 (RDFC-1.0) that gives up after MAX_DEEP_ITERATIONS deep steps."""

        deep = 0

        def hash_n_degree_quads(self, id_: Any, issuer: Any) -> Any:
            self.deep += 1
            if self.deep > MAX_DEEP_ITERATIONS:
                raise JsonLdProblem("canonicalisation needs too much work (a poison graph)")
            return super().hash_n_degree_quads(id_, issuer)

    return Bounded()


def canonize(doc: Mapping[str, Any]) -> str:
    """RDFC-1.0 canonical N-Quads of ``doc`` (safe mode, bundled contexts, bounded work).

    Raises JsonLdProblem."""
    from pyld.jsonld import JsonLdError, JsonLdProcessor

    expanded = expand(doc)
    options = _options()
    try:
        dataset = JsonLdProcessor().to_rdf(expanded, options)
    except JsonLdError as exc:
        raise JsonLdProblem(_reason(exc)) from None
    blank = set()
    for triples in dataset.values():
        for triple in triples:
            for part in ("subject", "object"):
                if triple[part]["type"] == "blank node":
                    blank.add(triple[part]["value"])
    if len(blank) > MAX_BLANK_NODES:
        raise JsonLdProblem("too many blank nodes to canonicalise")
    try:
        return str(_canonicaliser().main(dataset, {"format": "application/n-quads"}))
    except JsonLdError as exc:
        raise JsonLdProblem(_reason(exc)) from None
    except RecursionError:
        raise JsonLdProblem("nested too deeply") from None
