"""A verifier written from the specs (tests/certificates/independent.py, no shared code)
accepts the course's certificates, and rejects any change to a signed field."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from course.certificates import status
from course.certificates.service import revoke
from course.content.model import Course
from progress import Store
from tests.certificates.test_certificates import qualifying_learner

from . import independent
from .conftest import WHEN

ROOT = Path(__file__).resolve().parents[2]
VECTORS = Path(__file__).resolve().parent / "vectors"


def medborger(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The `medborger` command, as a separate process."""
    return subprocess.run([sys.executable, "-m", "course.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


@pytest.mark.parametrize("vector", ["w3c-signedJCS.json", "digitalbazaar-signFixture.json",
                                    "digitalbazaar-verifyFixture.json"])
def test_the_independent_verifier_accepts_the_published_vectors(vector: str) -> None:
    verified, did = independent.verify_proof(json.loads((VECTORS / vector).read_text("utf-8")))
    assert verified and did == "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"




@pytest.mark.slow
def test_a_certificate_from_medborger_certificate_issue_is_valid(
        course: Course, store: Store, tmp_path: Path) -> None:
    """The bar: the independent check says VALID for `medborger certificate issue`."""
    qualifying_learner(course, store, name="Søren Ærø-Åberg", track="medarbejder")
    done = medborger("--data", str(store.root), "certificate", "issue", "--learner",
                     "Søren Ærø-Åberg", "--out", str(tmp_path / "ud"))
    assert done.returncode == 0, done.stderr
    [path] = (tmp_path / "ud").glob("*.json")
    document = json.loads(path.read_text("utf-8"))
    status_list = json.loads(status.list_path(store.root).read_text("utf-8"))
    assert independent.verify(document, status_list) == "VALID"
    assert independent.verify(document) == "VALID"  # the proof alone, without the list
    # the same canonical form as the course's own (rfc8785) implementation
    import rfc8785

    unsecured = {k: v for k, v in document.items() if k != "proof"}
    assert independent.jcs(unsecured).encode("utf-8") == rfc8785.dumps(unsecured)


SIGNED_FIELDS = [
    ("name", ["credentialSubject", "name"], "Mallory"),
    ("score", ["credentialSubject", "modules", 0, "bestScore"], 100),
    ("validFrom", ["validFrom"], "2025-01-01T00:00:00Z"),
    ("validUntil", ["validUntil"], "2099-11-26T09:30:00Z"),
    ("date", ["credentialSubject", "date"], "2025-01-01"),
    ("track", ["credentialSubject", "track", "id"], "skole"),
    ("policy adopted", ["credentialSubject", "achievement", "policy", "adopted"], "2030"),
    ("policy fingerprint", ["credentialSubject", "achievement", "policy", "contentFingerprint"],
     "sha256:" + "ab" * 32),
    ("status index", ["credentialStatus", "statusListIndex"], "1"),
    ("status list", ["credentialStatus", "statusListCredential"], "urn:uuid:other"),
    ("code", ["verificationCode"], "ISH-0000-0000"),
    ("issuer", ["issuer", "id"], "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"),
]


@pytest.mark.parametrize("path, value", [(p, v) for _, p, v in SIGNED_FIELDS],
                         ids=[name for name, _, _ in SIGNED_FIELDS])
def test_any_change_is_invalid_for_the_independent_verifier(employee, path, value) -> None:
    document = copy.deepcopy(employee.doc)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert independent.verify(document).startswith("INVALID")


def test_revoked_and_expired_for_the_independent_verifier(employee, store: Store) -> None:
    document = employee.doc
    later = WHEN + timedelta(days=3 * 365 + 2)
    assert independent.verify(document, now=WHEN + timedelta(days=1)) == "VALID"
    assert independent.verify(document, now=later) == "EXPIRED"
    revoke(store.root, employee.code, "Udstedt ved en fejl")
    status_list = json.loads(status.list_path(store.root).read_text("utf-8"))
    assert independent.verify(document, status_list, now=WHEN + timedelta(days=1)) == "REVOKED"


def test_the_status_list_is_the_spec_s_format(employee, store: Store) -> None:
    revoke(store.root, employee.code, "Fejl")
    status_list = json.loads(status.list_path(store.root).read_text("utf-8"))
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_list["issuer"] == employee.doc["issuer"]["id"]
    assert status_list["id"] == employee.doc["credentialStatus"]["statusListCredential"]
    subject = status_list["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    import base64
    import gzip

    encoded = subject["encodedList"]
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert encoded.startswith("u") and "=" not in encoded and len(bits) == 16384
    index = int(employee.doc["credentialStatus"]["statusListIndex"])
    assert [i for i in range(131072) if bits[i // 8] & (0x80 >> (i % 8))] == [index]
    assert independent.verify_proof(status_list)[0]


def test_an_empty_list_matches_the_spec_example_size() -> None:
    """The spec's example encodedList is an all-zero 16 KB list; ours decodes the same."""
    example = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
    assert status.decode_list(example) == bytes(16384)
    assert status.decode_list(status.encode_list(bytes(16384))) == bytes(16384)

