"""The vocabulary every published record shares: document versions, SoA versions, and the
certificates and reports to come.

- ``numbers``: ``VersionNumber``, "major.minor" compared as numbers.
- ``classification``: who may read a record (printed on its PDF).
- ``names``: the name a record freezes for a person.
- ``rules``: the next number is higher, its date not earlier, and it says what changed.
- ``models``: ``NumberedPdfRecord`` (number and PDF state) and the all-or-nothing PDF constraint.
- ``pdf``: render, store and claim a record's PDF exactly once, queued after commit.
- ``lookup``: which of our records has a given SHA-256.
- ``admin``: the read-only admin viewset a record type is listed and inspected with.

The database side of a record (triggers that refuse changes, least-privilege grants) is in
``isms.db``; the audit trail that names each record's creation is in ``isms.audit``.
"""
