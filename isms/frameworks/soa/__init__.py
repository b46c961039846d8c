"""The Statement of Applicability: rules, services, PDF and CSV, admin views.

Models live in ``isms.frameworks.models.soa``. ``services`` writes (entries, publication, PDF),
``rules`` holds the checks a publication must pass (shared by the admin form and the service),
``selectors`` the reads, ``pdf`` and ``export`` the two ways a version leaves the system.
"""
