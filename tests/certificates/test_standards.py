"""The certificates meet the standards as other tools read them: the official Open Badges
3.0 AchievementCredential JSON Schema (1EdTech) and the VC 2.0 JSON Schema (W3C), both
vendored with their licences in schemas/, and JSON-LD expansion in safe mode (pyld, the
bundled contexts only: nothing is fetched). The employee certificate (with validUntil)
and the school certificate (without) are both checked, and the status list too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import FormatChecker
from jsonschema.validators import validator_for

from course.certificates import rdf, status

SCHEMAS = Path(__file__).resolve().parent / "schemas"


def schema_errors(doc: dict[str, Any], name: str) -> list[str]:
    schema = json.loads((SCHEMAS / name).read_text("utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(doc)]


@pytest.fixture(params=["issued", "employee"])
def certificate(request: pytest.FixtureRequest) -> dict[str, Any]:
    return request.getfixturevalue(request.param).doc


def test_valid_against_the_open_badges_3_schema(certificate: dict[str, Any]) -> None:
    assert schema_errors(certificate, "ob_v3p0_achievementcredential.json") == []


def test_valid_against_the_vc_2_schema(certificate: dict[str, Any]) -> None:
    assert schema_errors(certificate, "vc-2.0-verifiable-credential.json") == []


def test_the_schemas_do_reject(certificate: dict[str, Any]) -> None:
    """The check has teeth: a single proof object (as certificates had until issue 23) is
    refused by the OB schema, a missing issuer by both."""
    single = {**certificate, "proof": certificate["proof"][0]}
    assert any(e.startswith("proof:") for e in
               schema_errors(single, "ob_v3p0_achievementcredential.json"))
    no_issuer = {k: v for k, v in certificate.items() if k != "issuer"}
    assert schema_errors(no_issuer, "ob_v3p0_achievementcredential.json")
    assert schema_errors(no_issuer, "vc-2.0-verifiable-credential.json")


def test_expands_in_safe_mode(certificate: dict[str, Any]) -> None:
    expanded = rdf.expand(certificate)
    text = json.dumps(expanded)
    # the course's own terms are kept, under the undefined-terms vocabulary
    for term in ("verificationCode", "course", "track", "modules", "policy", "passMark"):
        assert f"https://www.w3.org/ns/credentials/undefined-term#{term}" in text, term
    assert "urn:medborgerskab-ishoej:module:forord" in text
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement" in text


@pytest.mark.parametrize("change, reason", [
    (lambda d: d["credentialSubject"]["track"].update(id="skole"), "not an absolute IRI"),
    (lambda d: d.update({"@context": d["@context"][:2]}), "not defined"),
])
def test_safe_mode_refuses_what_a_processor_would_drop(certificate: dict[str, Any], change,
                                                       reason: str) -> None:
    doc = json.loads(json.dumps(certificate))
    change(doc)
    with pytest.raises(rdf.JsonLdProblem, match=reason):
        rdf.expand(doc)


def test_the_status_list_expands_and_has_a_proof_set(issued, store) -> None:
    listed = status.local_list(store.root)
    assert listed is not None and isinstance(listed["proof"], list)
    assert schema_errors(listed, "vc-2.0-verifiable-credential.json") == []
    rdf.expand(listed)
