"""Private files: one way to store them, one way to serve them.

Every app that keeps files nobody may fetch by URL (published document PDFs, evidence, reports,
certificates) goes through this package:

- ``store.private_file_store`` streams the bytes to the private storage under a name we generate,
  hashing (SHA-256) and counting them on the way, and refuses more than a size limit. It never
  holds a whole file in memory, and a failure leaves no object behind.
- ``responses.private_file_response`` serves a stored file from a permission-checked view: as an
  attachment with an RFC 6266 file name, ``nosniff``,
  ``Content-Security-Policy: default-src 'none'; sandbox``, and an explicit cache policy (public
  and immutable only for frozen public files, ``private, no-store`` for anything gated). The
  bytes can be checked against their recorded hash before any is sent.
- ``checked.checked_file_store`` inspects and scans an upload before it stores it, and
  ``checked.checked_file`` does the same for files Wagtail keeps: its documents and images go
  through ``wagtail_forms``, the base forms of every Wagtail upload.
"""
