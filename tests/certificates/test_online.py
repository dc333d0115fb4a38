"""certificate verify --online: the status list is fetched over HTTPS from the issuer's
own origin, within limits (size, redirects, time), from a local HTTPS server with a
certificate made for the test. A revoked certificate is refused online and offline."""

from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import json
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from course.certificates import keys, status
from course.certificates.service import fetch_status_list, issue, revoke
from course.cli import main
from course.content.model import Course
from progress import Store
from tests.certificates.test_certificates import qualifying_learner

# OpenSSL checks the test server's TLS certificate against the real clock: the tests with
# the server (``site``) make it on the real clock too when the run is shifted
# (--shift-years), marked wall_clock


def _tls_files(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class Site:
    """An HTTPS server on 127.0.0.1 serving a folder, plus a few hostile paths."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.url = f"https://127.0.0.1:{port}"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    www = tmp_path / "www"
    (www / "bevis").mkdir(parents=True)
    cert, key = _tls_files(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the test's server is trusted here only

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(www), **kwargs)

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/bevis/ud.json":  # a redirect to another origin
                self.send_response(302)
                self.send_header("Location", "https://localhost:1/bevis/statusliste.json")
                self.end_headers()
            elif self.path.startswith("/bevis/rundt"):  # redirects without end
                self.send_response(302)
                self.send_header("Location", self.path + "x")
                self.end_headers()
            elif self.path == "/bevis/stor.json":  # bigger than any list may be
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                try:
                    for _ in range(40):
                        self.wfile.write(b" " * 65536)
                except OSError:
                    pass
            else:
                super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(www, server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def _publish(store: Store, site: Site) -> None:
    """What `medborger serve` publishes at /bevis/statusliste.json."""
    (site.root / "bevis" / "statusliste.json").write_bytes(
        status.list_path(store.root).read_bytes())


@pytest.mark.wall_clock
def test_revoked_is_refused_online_and_offline(course: Course, store: Store, site: Site,
                                              tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    learner = qualifying_learner(course, store, name="Åse Ørum", track="medarbejder")
    issued = issue(course, store, learner, tmp_path / "ud", public_url_=site.url)
    entry = issued.doc["credentialStatus"]
    assert entry["statusListCredential"] == f"{site.url}/bevis/statusliste.json"
    assert issued.doc["issuer"]["url"] == site.url
    pem = tmp_path / "udsteder.pem"
    pem.write_text(keys.load_or_create(store.root).public_pem)
    elsewhere = ["--data", str(tmp_path / "andetsteds"), "certificate", "verify",
                 str(issued.json_path), "--public-key", str(pem)]
    _publish(store, site)
    assert main([*elsewhere, "--online"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gyldigt: ") and "ikke kontrolleret" not in out
    revoke(store.root, issued.code, "Udstedt ved en fejl")
    _publish(store, site)
    assert main([*elsewhere, "--online"]) == 1
    assert capsys.readouterr().out.startswith("Tilbagekaldt: ")
    # offline, at the issuer: the data folder's own list
    assert main(["--data", str(store.root), "certificate", "verify",
                 str(issued.json_path)]) == 1
    assert capsys.readouterr().out.startswith("Tilbagekaldt: ")


@pytest.mark.wall_clock
def test_only_the_issuers_origin_and_within_limits(site: Site) -> None:
    (site.root / "bevis" / "statusliste.json").write_text(json.dumps({"type": ["x"]}))
    good = f"{site.url}/bevis/statusliste.json"
    assert fetch_status_list(good, site.url) == {"type": ["x"]}
    cases = {
        good: ("https://kursus.ishoj.dk", "ligger ikke hos udstederen"),
        good.replace("https://", "http://"): (None, "kun over https"),
        f"{site.url}/bevis/ud.json": (site.url, "ligger ikke hos udstederen"),
        f"{site.url}/bevis/rundt": (site.url, "viderestiller for mange gange"),
        f"{site.url}/bevis/stor.json": (site.url, "er for stor"),
        f"{site.url}/bevis/findes-ikke.json": (site.url, "kan ikke hentes"),
    }
    for url, (origin, reason) in cases.items():
        with pytest.raises(status.StatusProblem, match=reason):
            fetch_status_list(url, origin)


def test_a_certificate_without_a_public_url_says_what_to_do(
        employee, store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(store.root), "certificate", "verify",
                 str(employee.json_path), "--online"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Ugyldigt: ") and "--status-list" in out


def test_lists_move_to_the_public_url(course: Course, store: Store, tmp_path: Path) -> None:
    """Issued before a public URL: the old list keeps its certificates (and is still
    published); after: a new list at the URL. Both revoke and verify."""
    first = issue(course, store, qualifying_learner(course, store, name="Før"), tmp_path)
    old_id = first.doc["credentialStatus"]["statusListCredential"]
    assert old_id.startswith("urn:uuid:")
    second = issue(course, store, qualifying_learner(course, store, name="Efter"), tmp_path,
                   public_url_="https://kursus.ishoej.example")
    assert second.doc["credentialStatus"]["statusListCredential"] == \
        "https://kursus.ishoej.example/bevis/statusliste-2.json"
    assert status.published_file(store.root, "statusliste.json") is not None
    assert status.published_file(store.root, "statusliste-2.json") is not None
    assert status.published_file(store.root, "register.json") is None
    revoke(store.root, first.code, "x")
    from course.certificates.service import verify_file

    assert verify_file(first.json_path, data_dir=store.root).state == "tilbagekaldt"
    assert verify_file(second.json_path, data_dir=store.root).valid
