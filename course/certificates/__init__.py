"""Certificates (kursusbeviser): everything about them lives here.

A learner who has met their track's rules gets a signed certificate: a W3C Verifiable
Credential 2.0 shaped as an Open Badges 3.0 OpenBadgeCredential, secured with a Data
Integrity proof (``eddsa-jcs-2022``), that any verifier written from the specs accepts,
plus a one-page PDF for printing. The modules, in the order a certificate meets them:

- :mod:`.rules` — who qualifies: the track's rules over the learner's record, the
  checklist of what is left, and the plain values a certificate states (no UI, no I/O);
- :mod:`.keys` — the installation's Ed25519 key pair in ``<data dir>/keys/``, did:key
  names and fingerprints;
- :mod:`.proof` — the eddsa-jcs-2022 cryptosuite, step by step from the W3C spec
  (RFC 8785 canonical JSON, SHA-256, Ed25519);
- :mod:`.credential` — the document (learner, track, modules and scores, policy version,
  ``validFrom``/``validUntil``, verification code, status entry), reading a file safely,
  and verifying: gyldigt, ugyldigt, udløbet or tilbagekaldt;
- :mod:`.status` — revocation: a signed W3C Bitstring Status List in
  ``<data dir>/statusliste/``;
- :mod:`.pdf` — the A4 page: shaped text in every script, QR code to ``/bevis``;
- :mod:`.page` — the certificate page as data (checklist, status, issued certificates
  with their state), which the terminal, the plain mode and the web page render;
- :mod:`.service` — issue, verify (file or code) and revoke: what the CLI
  (``medborger certificate …``), the TUI's certificate screen and the web page
  (:mod:`course.web.bevis`) call.

Dependencies point one way: this package uses :mod:`course.content`,
:mod:`course.engine` and :mod:`progress`, and never a user interface (no Textual).
"""
