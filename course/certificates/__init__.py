"""Certificates: the rules, the credential and its proof, the keys, the PDF, issue and verify."""
