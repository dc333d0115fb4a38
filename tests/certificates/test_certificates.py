"""Signed certificates: who qualifies, issuing, verifying, tampering, the PDF and the key.

More in tests/certificates/: the published test vectors, an independent verifier,
revocation and expiry, robust reading, names in every script, the /bevis page.
"""

from __future__ import annotations

import copy
import json
import os
import re
import stat
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from course.certificates import credential, keys, proof
from course.certificates.rules import claim
from course.certificates.service import NotEligible, issue, slug, verify_file
from course.cli import main
from course.content.model import Course
from progress import Learner, Store

NAME = "Søren Ærø-Åberg"
WHEN = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
SCHOOL_WHEN = WHEN  # the moment the `issued` fixture (conftest.py) issues at here
FINISHED = "2026-11-25T10:00:00+00:00"
SIGNATURE_BROKEN = "Signaturen passer ikke: dokumentet er ændret efter udstedelsen."


# --- a learner with a history ------------------------------------------------------------


def complete_module(course: Course, store: Store, learner: Learner, module_id: str,
                    percent: float = 86.7) -> None:
    """Record what a learner who went through a module in the app leaves behind: every page
    seen, a finished passed quiz attempt, a finished run of each of the track's scenarios."""
    record = store.record(learner)
    module = course.module(module_id)
    for page in range(len(module.pages)):
        record.mark_page_seen(module_id, page)
    questions = course.questions_for(module_id, learner.track)
    if questions:
        pass_mark = course.track(learner.track).pass_mark
        record.save_attempt({
            "id": f"attempt-{module_id}", "module": module_id, "started": FINISHED,
            "finished": FINISHED, "pass_mark": pass_mark, "answers": [],
            "score": len(questions) * percent / 100, "max_score": float(len(questions)),
            "percent": percent, "passed": percent >= pass_mark,
        })
    for scenario in course.scenarios_for(module_id, learner.track):
        ending = scenario.endings[0].id
        record.save_run({
            "id": f"run-{scenario.id}", "scenario": scenario.id, "module": module_id,
            "started": FINISHED, "finished": FINISHED, "ending": ending, "steps": [],
            "run": {"scenario": scenario.id, "path": [], "node": ending, "ending": ending},
        })


def qualifying_learner(course: Course, store: Store, name: str = NAME,
                       track: str = "skole") -> Learner:
    learner = store.create_learner(name, track)
    for module in course.modules_for(track):
        complete_module(course, store, learner, module.id)
    return learner


def public_key(store: Store):
    return keys.load_public_key(keys.public_key_path(store.root))


# --- eligibility -----------------------------------------------------------------------------


def test_new_learner_gets_a_danish_checklist(course: Course, store: Store) -> None:
    learner = store.create_learner("Amira", "skole")
    result = claim(course, learner.track, store.record(learner).facts())
    assert not result.eligible
    assert result.missing[0] == "Modul 1 »Forord«: Læs siderne (0 af 5 læst)"
    assert "Modul 1 »Forord«: Tag quizzen" in result.missing
    assert any(m.startswith("Modul ") and ": Gennemfør scenariet »" in m for m in result.missing)


def test_one_module_left_is_all_that_is_missing(course: Course, store: Store) -> None:
    learner = store.create_learner("Amira", "skole")
    modules = course.modules_for("skole")
    for module in modules[:-1]:
        complete_module(course, store, learner, module.id)
    result = claim(course, "skole", store.record(learner).facts())
    assert not result.eligible
    assert result.missing and all(m.startswith(f"Modul {len(modules)} »") for m in result.missing)


def test_a_failed_quiz_is_missing_with_its_score(course: Course, store: Store) -> None:
    learner = qualifying_learner(course, store)
    store.record(learner).save_attempt({"id": "attempt-forord", "module": "forord",
                                        "finished": FINISHED, "percent": 40.0, "passed": False})
    result = claim(course, "skole", store.record(learner).facts())
    assert result.missing == ["Modul 1 »Forord«: Bestå quizzen (bedste resultat: 40 %)"]


def test_claim_of_a_complete_learner(course: Course, store: Store) -> None:
    learner = qualifying_learner(course, store)
    result = claim(course, "skole", store.record(learner).facts())
    assert result.eligible and result.missing == []
    assert result.achievement == course.policy_title == "Medborgerpolitik for Ishøj Kommune"
    assert result.certificate_title == course.track("skole").certificate_title
    plain = result.to_plain()
    assert [m["id"] for m in plain["modules"]] == list(course.track("skole").modules)
    scores = [m["bestScore"] for m in plain["modules"]]
    assert all(isinstance(s, int) for s in scores) and set(scores) == {86}  # 86.7 rounded down
    json.dumps(plain, allow_nan=False)  # plain JSON values
    proof.canonical(plain)  # canonical JSON (RFC 8785)


def test_issue_refuses_a_learner_who_does_not_qualify(course: Course, store: Store,
                                                      tmp_path: Path) -> None:
    learner = store.create_learner("Amira", "skole")
    with pytest.raises(NotEligible) as caught:
        issue(course, store, learner, tmp_path / "out")
    assert caught.value.missing[0].startswith("Modul 1 »Forord«")
    assert not (tmp_path / "out").exists()
    assert store.record(learner).certificates() == []


# --- issuing and verifying -----------------------------------------------------------------


def test_issue_writes_json_and_pdf_and_records_it(issued, store: Store) -> None:
    assert issued.json_path.is_file() and issued.pdf_path.is_file()
    assert re.fullmatch(r"ISH-[0-9A-Z]{4}-[0-9A-Z]{4}", issued.code)
    assert issued.json_path.name == f"kursusbevis-soeren-aeroe-aaberg-{issued.code}.json"
    doc = json.loads(issued.json_path.read_text("utf-8"))
    assert doc == issued.doc
    learner = store.find(NAME)
    [saved] = store.record(learner).certificates()
    assert saved["id"] == doc["id"] and saved["code"] == issued.code
    assert saved["track"] == "skole" and saved["issued"] == "2026-11-26T09:30:00Z"
    assert Path(saved["json"]) == issued.json_path.resolve()
    assert Path(saved["pdf"]) == issued.pdf_path.resolve()


def test_document_shape(issued, course: Course, store: Store) -> None:
    doc = issued.doc
    assert doc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", doc["id"])
    assert doc["issuer"]["type"] == ["Profile"]
    assert doc["issuer"]["name"] == "Ishøj Kommune · Medborgerskab i Ishøj"
    assert doc["issuer"]["id"].startswith("did:key:z6Mk")
    assert doc["validFrom"] == doc["awardedDate"] == "2026-11-26T09:30:00Z"
    assert "validUntil" not in doc  # the school track has no certificate_valid_years
    assert doc["name"] == course.track("skole").certificate_title
    assert doc["verificationCode"] == issued.code
    subject = doc["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"] and subject["name"] == NAME
    assert subject["identifier"] == [{"type": "IdentityObject", "identityType": "identifier",
                                      "hashed": False, "identityHash": store.find(NAME).id}]
    assert subject["date"] == "2026-11-26"
    assert subject["track"] == {"id": "urn:medborgerskab-ishoej:track:skole",
                                "title": course.track("skole").title, "passMark": 60}
    assert subject["modules"][0] == {"id": "urn:medborgerskab-ishoej:module:forord",
                                     "title": "Forord", "bestScore": 86,
                                     "scenariosCompleted": 0, "scenariosTotal": 0}
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Medborgerpolitik for Ishøj Kommune"
    assert "mindst 60 %" in achievement["criteria"]["narrative"]
    assert achievement["policy"] == {
        "title": "Medborgerpolitik for Ishøj Kommune", "adopted": course.policy_adopted,
        "contentFingerprint": f"sha256:{course.content_fingerprint}"}
    assert re.fullmatch(r"[0-9a-f]{64}", course.content_fingerprint)
    status = doc["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    assert 0 <= int(status["statusListIndex"]) < 131072
    assert status["id"] == f"{status['statusListCredential']}#{status['statusListIndex']}"
    assert isinstance(doc["proof"], list)  # a proof set, as Open Badges 3.0 requires
    signed, rdfc = doc["proof"]
    assert signed["type"] == "DataIntegrityProof" and signed["cryptosuite"] == "eddsa-jcs-2022"
    assert signed["proofPurpose"] == "assertionMethod" and signed["created"] == doc["validFrom"]
    assert signed["verificationMethod"].startswith(doc["issuer"]["id"] + "#")
    assert signed["@context"] == doc["@context"]
    assert signed["proofValue"].startswith("z") and set(signed) == {
        "type", "cryptosuite", "created", "verificationMethod", "proofPurpose", "@context",
        "proofValue"}  # nothing unsigned besides proofValue
    assert rdfc["cryptosuite"] == "eddsa-rdfc-2022" and set(rdfc) == set(signed) - {"@context"}
    assert {k: v for k, v in rdfc.items() if k not in ("cryptosuite", "proofValue")} == \
        {k: v for k, v in signed.items() if k not in ("cryptosuite", "proofValue", "@context")}


def test_issued_certificate_verifies(issued, store: Store) -> None:
    result = verify_file(issued.json_path, data_dir=store.root)
    assert result.valid and result.reasons == []
    assert result.name == NAME and result.code == issued.code and result.date == "2026-11-26"
    assert result.summary().startswith(f"Gyldigt: {NAME} har fået »")
    assert "den 26. november 2026" in result.summary()
    assert result.key_fingerprint == keys.fingerprint(public_key(store))


def test_signature_is_over_the_canonical_form(issued, store: Store) -> None:
    """What is signed: SHA-256 of the JCS proof config, then of the JCS document."""
    import hashlib

    import rfc8785

    doc = issued.doc
    options = {k: v for k, v in doc["proof"][0].items() if k != "proofValue"}
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    message = (hashlib.sha256(rfc8785.dumps(options)).digest()
               + hashlib.sha256(rfc8785.dumps(unsecured)).digest())
    signature = keys.base58btc_decode(doc["proof"][0]["proofValue"][1:])
    public_key(store).verify(signature, message)  # raises if not
    # reformatting the file does not matter: the canonical form is what counts
    pretty = json.dumps(doc, indent=7, ensure_ascii=True)
    assert credential.verify(credential.loads(pretty), public_key(store)).valid


def _set(path: list[Any], value: Any) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _every_proof(key: str, value: Any) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        for item in doc["proof"]:
            item[key] = value
    return change


TAMPERING = {
    "name": _set(["credentialSubject", "name"], "Mallory Ærø"),
    "score": _set(["credentialSubject", "modules", 2, "bestScore"], 100),
    "verification code": _set(["verificationCode"], "ISH-AAAA-BBBB"),
    "learner identifier": _set(["credentialSubject", "identifier", 0, "identityHash"], "x"),
    "policy adopted": _set(["credentialSubject", "achievement", "policy", "adopted"], "2024"),
    "policy fingerprint": _set(["credentialSubject", "achievement", "policy",
                                "contentFingerprint"], "sha256:" + "0" * 64),
    "policy title": _set(["credentialSubject", "achievement", "policy", "title"], "Anden"),
    "policy version": _set(["credentialSubject", "achievement", "version"], "vedtaget 2030"),
    "validUntil added": _set(["validUntil"], "2099-01-01T00:00:00Z"),
    "status index": _set(["credentialStatus", "statusListIndex"], "7"),
    "status list": _set(["credentialStatus", "statusListCredential"], "https://x.example/l"),
    "status purpose": _set(["credentialStatus", "statusPurpose"], "suspension"),
    "status dropped": lambda doc: doc.pop("credentialStatus"),
    "awardedDate": _set(["awardedDate"], "2025-01-01T09:30:00Z"),
    "criteria": _set(["credentialSubject", "achievement", "criteria", "narrative"], "Intet"),
    "proof purpose": _every_proof("proofPurpose", "authentication"),
    "added proof field": _every_proof("verificationCode", "ISH-AAAA-BBBB"),
    "scenarios": _set(["credentialSubject", "modules", 2, "scenariosCompleted"], 2),
    "module dropped": lambda doc: doc["credentialSubject"]["modules"].pop(),
    "validFrom": _set(["validFrom"], "2025-01-01T09:30:00Z"),
    "date": _set(["credentialSubject", "date"], "2025-01-01"),
    "track id": _set(["credentialSubject", "track", "id"], "medarbejder"),
    "track title": _set(["credentialSubject", "track", "title"], "Ny medarbejder i Ishøj Kommune"),
    "pass mark": _set(["credentialSubject", "track", "passMark"], 80),
    "certificate title": _set(["name"], "Introduktion til Ishøj Kommunes medborgerpolitik"),
    "achievement": _set(["credentialSubject", "achievement", "name"], "Noget andet"),
    "issuer": _set(["issuer", "name"], "Nogen andre"),
    "id": _set(["id"], "urn:uuid:00000000-0000-4000-8000-000000000000"),
    "proof created": _every_proof("created", "2025-01-01T09:30:00Z"),
    "added field": _set(["credentialSubject", "note"], "med udmærkelse"),
}


@pytest.mark.parametrize("change", TAMPERING.values(), ids=TAMPERING.keys())
def test_any_change_breaks_the_signature(issued, store: Store, change) -> None:
    doc = copy.deepcopy(issued.doc)
    change(doc)
    result = credential.verify(doc, public_key(store))
    assert not result.valid
    assert result.reasons == [SIGNATURE_BROKEN]
    # both proofs break, each on its own
    assert result.proofs == (("eddsa-jcs-2022", False), ("eddsa-rdfc-2022", False))
    assert result.proof_line == ("Signaturer: eddsa-jcs-2022 (JSON) passer ikke, "
                                 "eddsa-rdfc-2022 (JSON-LD/RDF) passer ikke.")


def test_changed_file_is_invalid_through_the_cli(issued, store: Store,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    text = issued.json_path.read_text("utf-8").replace(NAME, "Søren Ærø-Åberg Jensen")
    issued.json_path.write_text(text, "utf-8")
    assert main(["--data", str(store.root), "certificate", "verify", str(issued.json_path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"Ugyldigt: {SIGNATURE_BROKEN}",
        "Signaturer: eddsa-jcs-2022 (JSON) passer ikke, eddsa-rdfc-2022 (JSON-LD/RDF) passer ikke."]


def test_changed_code_is_caught(issued, store: Store) -> None:
    doc = copy.deepcopy(issued.doc)
    doc["verificationCode"] = "ISH-AAAA-BBBB"  # signed: the code is part of the document
    result = credential.verify(doc, public_key(store))
    assert not result.valid and result.reasons == [SIGNATURE_BROKEN]
    doc["verificationCode"] = "not a code"
    assert credential.verify(doc, public_key(store)).reasons == [
        "Kursusbeviset har ingen gyldig bekræftelseskode."]


def test_changed_signature_is_caught(issued, store: Store) -> None:
    doc = copy.deepcopy(issued.doc)
    for number in (0, 1):
        changed = copy.deepcopy(doc)
        value = changed["proof"][number]["proofValue"]
        changed["proof"][number]["proofValue"] = value[:-3] + (
            "111" if value[-3:] != "111" else "222")
        result = credential.verify(changed, public_key(store))
        assert not result.valid and result.proofs[number][1] is False
        assert result.proofs[1 - number][1] is True  # the other proof still holds: says which


def test_an_older_certificate_with_one_proof_still_verifies(issued, store: Store) -> None:
    """Certificates issued before the proof set had one eddsa-jcs-2022 proof object."""
    from course.certificates import proof as proofs

    doc = {k: v for k, v in issued.doc.items() if k != "proof"}
    old = proofs.sign(doc, keys.load_or_create(store.root).private_key,
                      issued.doc["validFrom"], suites=(proofs.JCS,))
    old["proof"] = old["proof"][0]
    result = credential.verify(old, public_key(store))
    assert result.valid and result.proofs == (("eddsa-jcs-2022", True),)
    assert result.proof_line == "Signatur: eddsa-jcs-2022 (JSON) passer."


def test_another_key_is_named_as_the_reason(issued, tmp_path: Path, store: Store) -> None:
    other = keys.load_or_create(tmp_path / "other")
    result = credential.verify(issued.doc, other.public_key)
    assert not result.valid
    assert result.reasons[0].startswith("Kursusbeviset er underskrevet med en anden nøgle")
    assert other.fingerprint in result.reasons[0]


def test_resigned_by_another_key_still_fails_against_ours(issued, tmp_path: Path,
                                                          store: Store) -> None:
    """Pointing the proof at a forger's key does not help: the forger's key is not ours."""
    forger = keys.load_or_create(tmp_path / "forger")
    data = {
        "course": "Medborgerskab i Ishøj", "achievement": "Medborgerpolitik for Ishøj Kommune",
        "certificateTitle": issued.doc["name"],
        "track": issued.doc["credentialSubject"]["track"],
        "modules": issued.doc["credentialSubject"]["modules"],
    }
    forged = credential.build(data, "Mallory", forger.private_key,
                              issued.doc["issuer"]["name"], WHEN)
    assert "credentialStatus" not in forged
    assert credential.verify(forged, forger.public_key).valid
    result = credential.verify(forged, public_key(store))
    assert not result.valid and "anden nøgle" in result.reasons[0]
    # and a forger's proof claiming our key fails on the signature
    for item in forged["proof"]:
        item["verificationMethod"] = issued.doc["proof"][0]["verificationMethod"]
    assert credential.verify(forged, public_key(store)).reasons == [SIGNATURE_BROKEN]


def test_verify_with_an_exported_public_key(issued, store: Store, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "export-public", "--data", str(store.root)]) == 0
    pem = tmp_path / "udsteder.pem"
    pem.write_text(capsys.readouterr().out)
    # a verifier elsewhere, with no key of its own
    elsewhere = tmp_path / "elsewhere"
    assert main(["--data", str(elsewhere), "certificate", "verify", str(issued.json_path),
                 "--public-key", str(pem)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Gyldigt: {NAME}") and issued.code in out
    other = keys.load_or_create(tmp_path / "other")
    wrong = tmp_path / "wrong.pem"
    wrong.write_text(other.public_pem)
    assert main(["certificate", "verify", str(issued.json_path), "--public-key", str(wrong)]) == 1
    assert capsys.readouterr().out.startswith(
        "Ugyldigt: Kursusbeviset er underskrevet med en anden nøgle")


@pytest.mark.parametrize("content, reason", [
    (b"{\"hello\": 1}", "Filen er ikke et kursusbevis fra kurset."),
    (b"[1, 2]", "Filen er ikke et kursusbevis fra kurset."),
    (b"not json", "Filen er ikke et kursusbevis fra kurset. Den er ikke gyldig JSON."),
    (b"%PDF-1.7 ...", "Filen ligner en PDF, men kan ikke læses som en."),
    (b"\xff\xfe\x00", "Filen er ikke et kursusbevis fra kurset. Den er ikke tekst i UTF-8."),
])
def test_not_a_certificate(store: Store, tmp_path: Path, content: bytes, reason: str) -> None:
    keys.load_or_create(store.root)
    path = tmp_path / "x.json"
    path.write_bytes(content)
    result = verify_file(path, data_dir=store.root)
    assert not result.valid and result.reasons == [reason]


def test_unsigned_and_duplicate_keys(issued, store: Store, tmp_path: Path) -> None:
    doc = copy.deepcopy(issued.doc)
    del doc["proof"]
    assert credential.verify(doc, public_key(store)).reasons == [
        "Kursusbeviset er ikke underskrevet (det har ingen signatur)."]
    text = issued.json_path.read_text("utf-8").replace(
        f'"name": "{NAME}"', f'"name": "Mallory", "name": "{NAME}"')
    path = tmp_path / "dup.json"
    path.write_text(text, "utf-8")
    result = verify_file(path, data_dir=store.root)
    assert not result.valid and "»name« står der to gange" in result.reasons[0]


def test_missing_file_and_missing_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["certificate", "verify", str(tmp_path / "nope.json"),
                 "--data", str(tmp_path / "d")]) == 1
    assert capsys.readouterr().out.startswith("Ugyldigt: Filen findes ikke")
    path = tmp_path / "c.json"
    path.write_text("{}")
    assert main(["certificate", "verify", str(path), "--data", str(tmp_path / "d")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Der er ingen nøgle i datamappen") and "--public-key" in err
    assert not (tmp_path / "d").exists()  # verifying never makes a key


def test_canonical_form_is_rfc8785() -> None:
    """JCS, not sorted json.dumps: keys in UTF-16 order, ECMAScript numbers, safe integers."""
    assert proof.canonical({"b": 1, "a": "æ"}) == '{"a":"æ","b":1}'.encode()
    # U+FB01 sorts after U+1F600 in code points but before it in UTF-16 code units
    assert proof.canonical({"\ufb01": 1, "\U0001f600": 2}) == \
        '{"\U0001f600":2,"\ufb01":1}'.encode("utf-8")
    assert json.dumps({"\ufb01": 1, "\U0001f600": 2}, sort_keys=True).startswith('{"\\ufb01"')
    assert proof.canonical([1.0, 0.5, 1e21]) == b"[1,0.5,1e+21]"
    with pytest.raises(proof.ProofError):
        proof.canonical({"big": 2 ** 53})


# --- the CLI ---------------------------------------------------------------------------------


def test_cli_issue_and_verify(course: Course, store: Store, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    qualifying_learner(course, store)
    out_dir = tmp_path / "beviser"
    assert main(["certificate", "issue", "--learner", "søren ærø-åberg", "--out",
                 str(out_dir), "--data", str(store.root)]) == 0
    out = capsys.readouterr().out
    [json_path] = out_dir.glob("*.json")
    [pdf_path] = out_dir.glob("*.pdf")
    code = re.search(r"ISH-[0-9A-Z]{4}-[0-9A-Z]{4}", out).group(0)
    assert str(json_path) in out and str(pdf_path) in out and code in json_path.name
    assert out.startswith(f"Kursusbevis udstedt til {NAME}")
    assert main(["--data", str(store.root), "certificate", "verify", str(json_path)]) == 0
    assert capsys.readouterr().out.startswith(f"Gyldigt: {NAME}")




@pytest.mark.slow
def test_cli_issue_names_the_verify_page_when_there_is_a_public_url(
        course: Course, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    learner = qualifying_learner(course, store)
    monkeypatch.setenv("MEDBORGER_PUBLIC_URL", "https://kursus.ishoj.dk/")
    assert main(["certificate", "issue", "--learner", learner.id, "--out", str(tmp_path),
                 "--data", str(store.root)]) == 0
    out = capsys.readouterr().out
    code = re.search(r"ISH-[0-9A-Z]{4}-[0-9A-Z]{4}", out).group(0)
    assert f"Kontrol på nettet:         https://kursus.ishoj.dk/bevis?kode={code}" in out
    monkeypatch.delenv("MEDBORGER_PUBLIC_URL")
    assert main(["certificate", "issue", "--learner", learner.id, "--out", str(tmp_path),
                 "--data", str(store.root), "--public-url", "https://bevis.ishoj.dk"]) == 0
    assert "https://bevis.ishoj.dk/bevis?kode=" in capsys.readouterr().out


def test_cli_issue_uses_the_environment_data_dir(course: Course, store: Store, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    learner = qualifying_learner(course, store)
    assert main(["certificate", "issue", "--learner", learner.id, "--out", str(tmp_path)]) == 0
    assert keys.private_key_path(store.root).exists()


def test_cli_issue_not_eligible(store: Store, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    store.create_learner("Amira Ølgaard", "medarbejder")
    assert main(["--data", str(store.root), "certificate", "issue", "--learner", "Amira Ølgaard",
                 "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Amira Ølgaard kan ikke få et kursusbevis endnu. Det mangler:")
    # the installed course (its page counts change with the content)
    assert re.search(r"^  – Modul 1 »Forord«: Læs siderne \(0 af \d+ læst\)$", err, re.M)
    assert "  – Modul 10 »" in err
    assert not (tmp_path / "out").exists()


def test_cli_issue_unknown_learner(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["certificate", "issue", "--learner", "Ingen Her"]) == 1
    assert "Der er ingen deltager, der hedder »Ingen Her«." in capsys.readouterr().err


def test_cli_prints_no_escape_codes_from_names(course: Course, store: Store, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    qualifying_learner(course, store, name="Eve\x1b[2J[bold]x[/]")
    assert main(["certificate", "issue", "--learner", "Eve\x1b[2J[bold]x[/]",
                 "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Eve␛[2J[bold]x[/]" in out  # shown as the TUI shows it


# --- the PDF ---------------------------------------------------------------------------------


def pdf_text(path: Path) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_has_name_code_id_and_how_to_verify(issued, course: Course) -> None:
    pages, text = pdf_text(issued.pdf_path)
    assert pages == 1
    assert NAME in text
    assert issued.code in text and issued.doc["id"] in text
    assert course.track("skole").certificate_title in text
    assert "Dette bekræfter, at" in text
    assert "26.\u00a0november\u00a02026" in text or "26. november 2026" in text
    assert f"medborger certificate verify {issued.json_path.name}" in text
    assert keys.fingerprint(keys.public_key_from_did(issued.doc["issuer"]["id"])) in text
    assert "Fokus: Kulturelle fællesskaber" in text and "86 %" in text


@pytest.mark.parametrize("name", [
    "Maximilian Alexander Østergaard-Christiansen Møller-Haraldsen Nielsen Å",
    "Ω" * 60,
    "Jørgen " * 40,
    "Александра Ивановна",
    "Νικόλαος Παπαδόπουλος",
])
@pytest.mark.slow
def test_pdf_stays_one_page_for_any_name(issued, store: Store, tmp_path: Path, name: str) -> None:
    from course.certificates import pdf as certificate_pdf

    pair = keys.load_or_create(store.root)
    subject = issued.doc["credentialSubject"]
    data = {"course": subject["course"], "achievement": subject["achievement"]["name"],
            "certificateTitle": issued.doc["name"], "track": subject["track"],
            "modules": subject["modules"] * 3}
    doc = credential.build(data, name, pair.private_key, issued.doc["issuer"]["name"], WHEN)
    path = certificate_pdf.write(doc, tmp_path / "x.pdf", verify_url="https://x.example/bevis?kode="
                                 + doc["verificationCode"])
    pages, text = pdf_text(path)
    assert pages == 1
    if len(name) <= 80:  # a name may wrap anywhere, but all of it is there
        assert "".join(name.split()) in "".join(text.split())
    else:  # longer than the course allows: shortened with …, never off the page
        assert "…" in text
    assert doc["verificationCode"] in text


# --- file names ------------------------------------------------------------------------------


@pytest.mark.parametrize("name, expected", [
    ("Søren Ærø-Åberg", "soeren-aeroe-aaberg"),
    ("../../etc/passwd", "etc-passwd"),
    ("C:\\Users\\x", "c-users-x"),
    ("José Müller", "jose-muller"),
    ("🙂🙂", ""),
    ("Александра", ""),
    ("a" * 100, "a" * 40),
])
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_file_name_falls_back_to_the_id(course: Course, store: Store, tmp_path: Path) -> None:
    learner = qualifying_learner(course, store, name="Александра")
    result = issue(course, store, learner, tmp_path, now=WHEN)
    assert result.json_path.name == f"kursusbevis-{learner.id}-{result.code}.json"
    assert result.json_path.parent == tmp_path


# --- the key ---------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_private_key_is_private(issued, store: Store) -> None:
    private = keys.private_key_path(store.root)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(private.parent.stat().st_mode) == 0o700
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")  # PKCS8
    assert keys.public_key_path(store.root).read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert not [p for p in private.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_private_key_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        keys.load_or_create(tmp_path / "d")
    finally:
        os.umask(old)
    assert stat.S_IMODE(keys.private_key_path(tmp_path / "d").stat().st_mode) == 0o600


def test_export_public_makes_the_pair_once(store: Store,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "export-public"]) == 0
    first = capsys.readouterr()
    assert first.out.startswith("-----BEGIN PUBLIC KEY-----")
    assert first.out.rstrip().endswith("-----END PUBLIC KEY-----")
    assert re.fullmatch(r"Fingeraftryk: [0-9a-f]{4}(-[0-9a-f]{4}){3}\n", first.err)
    assert main(["--data", str(store.root), "keys", "export-public"]) == 0
    assert capsys.readouterr() == first  # the same key, not a new one


def test_two_processes_making_the_key_at_once_agree(tmp_path: Path) -> None:
    results: list[str] = []
    barrier = threading.Barrier(6)

    def make() -> None:
        barrier.wait()
        results.append(keys.load_or_create(tmp_path / "d").fingerprint)

    threads = [threading.Thread(target=make) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 6 and len(set(results)) == 1


def test_creating_never_overwrites_an_existing_key(tmp_path: Path) -> None:
    target = tmp_path / "k.pem"
    target.write_bytes(b"first")
    assert keys._write_new(target, b"second", 0o600) is False
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["k.pem"]


@pytest.mark.parametrize("damage", [b"", b"-----BEGIN PRIVATE KEY-----\nxxx\n", b"\x00" * 50])
def test_damaged_key_is_reported_and_kept(issued, store: Store, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          damage: bytes) -> None:
    private = keys.private_key_path(store.root)
    private.write_bytes(damage)
    with pytest.raises(keys.KeyProblem) as caught:
        keys.load_or_create(store.root)
    assert "kan ikke bruges" in str(caught.value) and "ikke udskiftet" in str(caught.value)
    assert private.read_bytes() == damage  # never silently replaced
    learner = store.find(NAME)
    assert main(["certificate", "issue", "--learner", learner.id, "--out", str(tmp_path)]) == 1
    assert "Nøglefilen" in capsys.readouterr().err
    assert private.read_bytes() == damage


def test_a_key_of_another_kind_is_refused(store: Store) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    keys.key_dir(store.root).mkdir(parents=True)
    keys.private_key_path(store.root).write_bytes(other)
    with pytest.raises(keys.KeyProblem, match="ikke en Ed25519-nøgle"):
        keys.load_or_create(store.root)


def test_did_key_round_trip(tmp_path: Path) -> None:
    pair = keys.load_or_create(tmp_path)
    did = keys.did_key(pair.public_key)
    assert did.startswith("did:key:z6Mk")
    back = keys.public_key_from_did(keys.verification_method(pair.public_key))
    assert keys.raw_public_bytes(back) == keys.raw_public_bytes(pair.public_key)
    assert keys.base58btc_decode(keys.base58btc(b"\0\0abc")) == b"\0\0abc"




@pytest.mark.slow
def test_pdf_says_so_when_the_font_lacks_a_name_s_letters(issued, store: Store,
                                                          tmp_path: Path) -> None:
    from course.certificates import pdf as certificate_pdf

    doc = copy.deepcopy(issued.doc)
    doc["credentialSubject"]["name"] = "Ankh \U00013000\x1b[31m"  # no font has hieroglyphs
    _, text = pdf_text(certificate_pdf.write(doc, tmp_path / "x.pdf"))
    assert "Det fulde navn står i JSON-filen." in text
    _, text = pdf_text(issued.pdf_path)
    assert "Det fulde navn" not in text


def test_font_and_its_licence_are_bundled() -> None:
    from course.certificates.pdf import FONT_DIR

    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        assert (FONT_DIR / name).stat().st_size > 100_000
    assert "Bitstream Vera" in (FONT_DIR / "LICENSE").read_text("utf-8")
