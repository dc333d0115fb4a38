"""Revocation, expiry and the issuer bound to the key, through `medborger certificate`."""

from __future__ import annotations

import copy
import http.server
import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from course.certificates import credential, keys, status
from course.certificates.service import revoke, verify_file
from course.cli import main
from course.content.model import Course
from progress import Store
from tests.certificates.test_certificates import qualifying_learner

from .conftest import WHEN


def verify(*args: str) -> list[str]:
    return ["certificate", "verify", *args]


def test_revoke_then_verify_says_tilbagekaldt(employee, store: Store,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(store.root), *verify(str(employee.json_path))]) == 0
    assert capsys.readouterr().out.startswith("Gyldigt: Åse Ørum har fået »")
    assert main(["--data", str(store.root), "certificate", "revoke", employee.code.lower(),
                 "--reason", "Udstedt  ved en fejl"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Kursusbeviset {employee.code} er tilbagekaldt: Udstedt ved en fejl")
    assert main(["--data", str(store.root), *verify(str(employee.json_path))]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Tilbagekaldt: kursusbeviset til Åse Ørum")
    assert "Begrundelse: Udstedt ved en fejl" in out
    # again: it stays revoked, and says so
    assert main(["--data", str(store.root), "certificate", "revoke", employee.code,
                 "--reason", "igen"]) == 0
    assert "var allerede tilbagekaldt" in capsys.readouterr().out
    register = json.loads(status.register_path(store.root).read_text("utf-8"))
    assert "Åse" not in json.dumps(register, ensure_ascii=False)  # no names in the register


def test_revoke_an_unknown_code(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(store.root), "certificate", "revoke", "ISH-0000-0000",
                 "--reason", "x"]) == 1
    assert "Der er intet kursusbevis med koden ISH-0000-0000" in capsys.readouterr().err
    assert main(["--data", str(store.root), "certificate", "revoke", "hej", "--reason", "x"]) == 1
    assert "er ikke en bekræftelseskode" in capsys.readouterr().err
    assert not keys.private_key_path(store.root).exists()


def test_expired_is_reported_apart_from_invalid(course: Course, store: Store, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    learner = qualifying_learner(course, store, name="Ole Old", track="medarbejder")
    from course.certificates.service import issue

    old = issue(course, store, learner, tmp_path, now=WHEN - timedelta(days=4 * 365))
    assert old.doc["validUntil"] == credential.utc_stamp(
        credential.add_years(WHEN - timedelta(days=4 * 365), 3))
    assert main(["--data", str(store.root), *verify(str(old.json_path))]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Udløbet: Ole Old fik »") and "var kun gyldigt til" in out
    assert "Ugyldigt" not in out
    result = verify_file(old.json_path, data_dir=store.root)
    assert result.state == credential.EXPIRED and not result.valid
    # revoked and expired: revoked is the stronger answer
    revoke(store.root, old.code, "Fejl")
    assert verify_file(old.json_path, data_dir=store.root).state == credential.REVOKED




@pytest.mark.slow
def test_valid_until_follows_the_track(employee, issued, course: Course) -> None:
    assert course.track("medarbejder").certificate_valid_years == 3
    assert employee.doc["validUntil"] == credential.utc_stamp(credential.add_years(WHEN, 3))
    assert "validUntil" not in issued.doc
    result = verify_file(employee.json_path)
    assert result.valid and "Gyldigt til" in result.summary()


def test_another_key_with_the_ishoej_issuer_is_ugyldigt(employee, store: Store, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """A forger keeps the Ishøj issuer id but signs with their own key, and passes their
    own key to --public-key: still invalid, for the issuer is not the signing key."""
    from course.certificates import proof

    forger = keys.load_or_create(tmp_path / "forger")
    forged = {k: v for k, v in copy.deepcopy(employee.doc).items() if k != "proof"}
    forged["credentialSubject"]["name"] = "Mallory"
    forged = proof.sign(forged, forger.private_key, forged["validFrom"])
    assert forged["issuer"]["id"] == employee.doc["issuer"]["id"]  # names the Ishøj issuer
    path = tmp_path / "forged.json"
    path.write_text(credential.dumps(forged), "utf-8")
    pem = tmp_path / "forger.pem"
    pem.write_text(forger.public_pem)
    assert main(["--data", str(store.root), *verify(str(path), "--public-key", str(pem))]) == 1
    assert capsys.readouterr().out.strip() == (
        "Ugyldigt: Udstederen i kursusbeviset er ikke den nøgle, der har underskrevet det.")
    # and with the real key: the signature is not Ishøj's
    assert main(["--data", str(store.root), *verify(str(path))]) == 1
    assert capsys.readouterr().out.startswith("Ugyldigt: ")


def test_status_list_from_a_file_elsewhere(employee, store: Store, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A verifier elsewhere has the public key and a copy of the list, no data folder."""
    pem = tmp_path / "udsteder.pem"
    pem.write_text(keys.load_or_create(store.root).public_pem)
    elsewhere = ["--data", str(tmp_path / "elsewhere")]
    assert main([*elsewhere, *verify(str(employee.json_path), "--public-key", str(pem))]) == 0
    out = capsys.readouterr().out
    assert "ikke kontrolleret, om kursusbeviset er tilbagekaldt" in out
    revoke(store.root, employee.code, "Fejl")
    copy_of_list = tmp_path / "statusliste.json"
    copy_of_list.write_bytes(status.list_path(store.root).read_bytes())
    assert main([*elsewhere, *verify(str(employee.json_path), "--public-key", str(pem),
                                     "--status-list", str(copy_of_list))]) == 1
    assert capsys.readouterr().out.startswith("Tilbagekaldt: ")


def test_a_forged_or_missing_status_list_is_not_trusted(employee, store: Store, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    other = keys.load_or_create(tmp_path / "other")
    entry = employee.doc["credentialStatus"]
    forged = status.build_list(entry["statusListCredential"], [], other.private_key, WHEN)
    path = tmp_path / "forged-list.json"
    path.write_text(json.dumps(forged))
    assert main(["--data", str(store.root), *verify(str(employee.json_path), "--status-list",
                                                    str(path))]) == 1
    assert "statuslisten er ikke udstedt af kursusbevisets udsteder" in capsys.readouterr().out
    assert main(["--data", str(store.root), *verify(str(employee.json_path), "--status-list",
                                                    str(tmp_path / "nope.json"))]) == 1
    assert "findes ikke" in capsys.readouterr().out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no noise in the test output
        pass


def test_status_list_from_a_url(employee, store: Store, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """--status-list URL: fetched over HTTP from a server on 127.0.0.1 only."""
    served = tmp_path / "www"
    served.mkdir()
    revoke(store.root, employee.code, "Fejl")
    (served / "statusliste.json").write_bytes(status.list_path(store.root).read_bytes())
    handler = lambda *a, **k: _Quiet(*a, directory=str(served), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/statusliste.json"
        assert main(["--data", str(tmp_path / "elsewhere"),
                     *verify(str(employee.json_path), "--public-key",
                             str(keys.public_key_path(store.root)), "--status-list", url)]) == 1
        assert capsys.readouterr().out.startswith("Tilbagekaldt: ")
        missing = url.replace("statusliste", "findes-ikke")
        assert main(["--data", str(store.root), *verify(str(employee.json_path),
                                                        "--status-list", missing)]) == 1
        assert "kan ikke hentes" in capsys.readouterr().out
    finally:
        server.shutdown()
        server.server_close()




@pytest.mark.slow
def test_codes_are_unique_and_typed_loosely(course: Course, store: Store, tmp_path: Path) -> None:
    from course.certificates.service import issue

    learner = qualifying_learner(course, store, name="Many", track="skole")
    codes = {issue(course, store, learner, tmp_path, now=WHEN).code for _ in range(5)}
    assert len(codes) == 5
    code = next(iter(codes))
    assert credential.normalize_code(code.lower().replace("-", " ")) == code
    assert credential.normalize_code(code.replace("0", "O").removeprefix("ISH-")) == code
    assert credential.normalize_code("ISH-UUUU-UUUU") is None  # U is not Crockford


def test_another_installation_s_own_list_is_not_used(employee, store: Store, tmp_path: Path,
                                                     course: Course,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """HR at another school, whose data folder has its own key and status list, verifies
    an Ishøj certificate with --public-key: their own list is not Ishøj's, so it is not
    used (and not held against the certificate)."""
    from course.certificates.service import issue

    school = Store(tmp_path / "school")
    issue(course, school, qualifying_learner(course, school, name="Eva"), tmp_path / "s",
          now=WHEN)
    pem = tmp_path / "ishoej.pem"
    pem.write_text(keys.load_or_create(store.root).public_pem)
    assert main(["--data", str(school.root),
                 *verify(str(employee.json_path), "--public-key", str(pem))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gyldigt: ") and "ikke kontrolleret" in out


def test_an_unreadable_verification_method(employee, store: Store) -> None:
    doc = copy.deepcopy(employee.doc)
    doc["proof"][1]["verificationMethod"] = "did:key:z6Mk0000#z6Mk0000"
    result = credential.verify(doc, keys.installation_public_key(store.root))
    assert result.reasons == ["Oplysningen om kursusbevisets nøgle kan ikke læses; den er ændret."]
    doc["proof"][1]["verificationMethod"] = employee.doc["proof"][1]["verificationMethod"]
    doc["proof"][1]["proofValue"] = "not base58"
    assert credential.verify(doc, keys.installation_public_key(store.root)).reasons == [
        credential.SIGNATURE_BROKEN]
