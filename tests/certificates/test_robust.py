"""Verify holds up: a byte-order mark, deep nesting, a huge file, a closed pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course.certificates import credential
from course.certificates.service import verify_file
from course.cli import main
from progress import Store

ROOT = Path(__file__).resolve().parents[2]


def test_a_byte_order_mark_is_accepted(issued, store: Store, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Notepad saves UTF-8 with a BOM (and CRLF line ends): still the same certificate."""
    path = tmp_path / "notepad.json"
    text = issued.json_path.read_text("utf-8").replace("\n", "\r\n")
    path.write_bytes("\ufeff".encode("utf-8") + text.encode("utf-8"))
    assert main(["--data", str(store.root), "certificate", "verify", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Gyldigt: ")
    assert verify_file(path, data_dir=store.root).valid


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_deep_nesting_is_a_danish_message(store: Store, tmp_path: Path, depth: int,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"a":' * depth + "1" + "}" * depth)
    assert main(["--data", str(store.root), "certificate", "verify", str(path),
                 "--public-key", str(_a_key(tmp_path))]) == 1
    out, err = capsys.readouterr()
    assert out.strip() == f"Ugyldigt: {credential.TOO_DEEP}" and "Traceback" not in out + err


def test_nesting_inside_strings_does_not_count() -> None:
    assert not credential._too_deep('{"a": "' + "[" * 1000 + '"}')


def test_a_huge_file_is_refused_without_reading_it_all(store: Store, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.write(b'{"a": "')
        handle.seek(200_000_000)  # a sparse 200 MB file
        handle.write(b'"}')
    assert main(["--data", str(store.root), "certificate", "verify", str(path),
                 "--public-key", str(_a_key(tmp_path))]) == 1
    assert capsys.readouterr().out.strip() == f"Ugyldigt: {credential.TOO_BIG}"


def test_a_folder_is_not_a_certificate(store: Store, tmp_path: Path) -> None:
    result = verify_file(tmp_path, public_key_path=_a_key(tmp_path))
    assert not result.valid and "mappe" in result.reasons[0]


def _a_key(tmp_path: Path) -> Path:
    from course.certificates import keys

    pem = tmp_path / "key.pem"
    if not pem.exists():
        pem.write_text(keys.load_or_create(tmp_path / "k").public_pem)
    return pem


@pytest.mark.skipif(os.name != "posix", reason="a shell pipe")
@pytest.mark.slow
def test_a_closed_pipe_ends_quietly(issued, store: Store) -> None:
    """`medborger certificate verify … | head -c1`: no BrokenPipeError, no traceback."""
    env = {**os.environ, "MEDBORGER_DATA": str(store.root)}
    command = (f"{sys.executable} -m course.cli certificate verify "
               f"{issued.json_path} | head -c 1")
    done = subprocess.run(["sh", "-c", command], capture_output=True, cwd=ROOT, env=env,
                          timeout=120)
    assert done.stdout == b"G"
    assert done.stderr == b"", done.stderr.decode()
    # a reader that is gone before anything is written: the write itself fails with EPIPE
    done = subprocess.run(["sh", "-c", command.replace("head -c 1", "true")],
                          capture_output=True, cwd=ROOT, env=env, timeout=120)
    assert done.stderr == b"", done.stderr.decode()


# --- bounded work: every length is checked before anything is decoded ----------------------


@pytest.mark.parametrize("number", [0, 1], ids=["jcs", "rdfc"])
@pytest.mark.parametrize("field", ["proofValue", "verificationMethod", "issuer"])
def test_a_900_kb_value_is_refused_before_it_is_decoded(issued, store: Store, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str],
                                                        field: str, number: int) -> None:
    """A 900 KB proofValue (or did:key) is refused by its length: the base58 decoder never
    sees more than the longest text it can be asked for (was: 31 s for 300 KB), and no
    canonicaliser runs over it."""
    from course.certificates import keys, proof

    seen: list[int] = []
    decode = keys.base58btc_decode

    def spy(text: str, max_chars: int = keys.MAX_BASE58) -> bytes:
        seen.append(len(text))
        return decode(text, max_chars)

    canonicalised: list[int] = []
    rdf_canonical = proof.rdf_canonical
    monkeypatch.setattr(keys, "base58btc_decode", spy)
    monkeypatch.setattr(proof, "rdf_canonical",
                        lambda doc: canonicalised.append(1) or rdf_canonical(doc))
    doc = json.loads(issued.json_path.read_text("utf-8"))
    huge = "z" + "2" * 900_000
    prf = doc["proof"][number]
    if field == "issuer":
        doc["issuer"]["id"] = "did:key:" + huge
    elif field == "verificationMethod":
        prf[field] = f"did:key:{huge}#{huge[:10]}"
    else:
        prf[field] = huge
    # the proof alone: refused by its length, nothing decoded, nothing canonicalised
    check = proof.verify_proof(doc, prf)
    assert not check.verified
    if field != "issuer":
        assert check.problem in ("proofValue is not 64 bytes",
                                 "verificationMethod is too long to be a did:key")
        assert canonicalised == []
    # the whole file, through the command
    path = tmp_path / "huge-proof.json"
    path.write_text(json.dumps(doc), "utf-8")
    assert 900_000 < path.stat().st_size <= credential.MAX_BYTES
    assert main(["--data", str(store.root), "certificate", "verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Ugyldigt: "), out
    assert all(length <= keys.MAX_BASE58 for length in seen), seen
    with pytest.raises(ValueError):
        decode("2" * (keys.MAX_BASE58 + 1))
