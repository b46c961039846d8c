"""Demo evidence: a realistic spread over the three frameworks, made through the real services.

Scan reports are real PDFs (laid out by the shared WeasyPrint pipeline), exports are CSV, the
screenshot a PNG drawn with Pillow, the restore test a Word document; some evidence is fresh, some
due soon, some expired, one rejected. Each is submitted by the engineer and reviewed by the
officer, with dates placed so that the freshness shown is the one named here.
"""

import datetime
import html
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from PIL import Image, ImageDraw

from evidence.content import EvidenceContent, FileContent, LinkContent, NoteContent
from evidence.models import Engagement, Evidence, EvidenceSource, ReviewStatus
from evidence.services import evidence_create, evidence_review
from isms.frameworks.models import Control, Framework
from isms.pdf import render_html_to_pdf
from isms.scope.models import Product

FILES_DIR = Path(__file__).resolve().parent / "evidence_files"
STATIC_DIR = Path(__file__).resolve().parent.parent.parent / "static"


@dataclass(frozen=True)
class DemoEvidence:
    title: str
    controls: tuple[str, ...]
    days_ago: tuple[int, int]  # the period, as days before today: (start, end)
    content: str  # "scan", "csv", "screenshot", "docx", "link" or "note"
    products: tuple[str, ...] = ()
    review: str = "accepted"  # "accepted", "rejected" or "" (still submitted)
    reason: str = ""
    source: str = EvidenceSource.MANUAL
    detail: dict[str, Any] = field(default_factory=dict)


CLOUD = ("payroll", "ledger", "identity")
DEMO_EVIDENCE = (
    DemoEvidence(
        "Vulnerability scan, production (last month)",
        ("iso27001-2022:A.8.8", "isae3402-cloud:CO4.1"),
        (35, 5),
        "scan",
        CLOUD,
        source=EvidenceSource.API,
        detail={"high": 0, "medium": 3, "low": 11},
    ),
    DemoEvidence(
        "Vulnerability scan, production (three months ago)",
        ("iso27001-2022:A.8.8",),
        (120, 95),
        "scan",
        CLOUD,
        source=EvidenceSource.API,
        detail={"high": 1, "medium": 5, "low": 14},
    ),
    DemoEvidence(
        "Quarterly access review, Q3",
        ("isae3402-cloud:CO1.3", "iso27001-2022:A.5.18"),
        (150, 70),
        "csv",
        CLOUD,
    ),
    DemoEvidence(
        "Backup restore test",
        ("iso27001-2022:A.8.13",),
        (60, 40),
        "docx",
        CLOUD,
    ),
    DemoEvidence(
        "Availability monitoring dashboard",
        ("isae3402-cloud:CO3.1", "iso27001-2022:A.8.16"),
        (20, 2),
        "screenshot",
        CLOUD,
    ),
    DemoEvidence(
        "Security awareness training completion",
        ("iso27001-2022:A.6.3", "iso9001-2015:7.2"),
        (200, 30),
        "csv",
    ),
    DemoEvidence(
        "Internal audit report 2026",
        ("iso9001-2015:9.2", "iso27001-2022:9.2"),
        (330, 40),
        "scan",
        detail={"high": 0, "medium": 2, "low": 4},
    ),
    DemoEvidence(
        "Management review minutes",
        ("iso9001-2015:9.3", "iso27001-2022:9.3"),
        (400, 380),
        "note",
    ),
    DemoEvidence(
        "Central log retention settings",
        ("iso27001-2022:A.8.15",),
        (40, 10),
        "link",
        CLOUD,
        review="rejected",
        reason="The link needs sign-in to the logging console; attach an export of the settings.",
    ),
    DemoEvidence(
        "Access control policy acknowledgement",
        ("iso27001-2022:A.5.15",),
        (30, 3),
        "note",
        review="",
    ),
)


def ensure_demo_evidence(*, users: dict[str, Any]) -> int:
    """Submit and review each demo evidence once; return how many were added now."""
    added = 0
    for demo in DEMO_EVIDENCE:
        if Evidence.objects.filter(title=demo.title).exists():
            continue
        evidence = _submit(demo, produced_by=users["engineer"])
        if demo.review:
            evidence_review(
                evidence=evidence,
                by=users["officer"],
                decision=ReviewStatus(demo.review),
                reason=demo.reason,
            )
        added += 1
    _ensure_engagement(users["auditor"])
    return added


def _submit(demo: DemoEvidence, *, produced_by: Any) -> Evidence:
    today = timezone.localdate()
    start, end = (today - datetime.timedelta(days=days) for days in demo.days_ago)
    return evidence_create(
        title=demo.title,
        controls=[Control.objects.get_by_address(address) for address in demo.controls],
        products=list(Product.objects.filter(slug__in=demo.products)),
        period_start=start,
        period_end=end,
        produced_by=produced_by,
        source=EvidenceSource(demo.source),
        content=_content(demo, start, end),
    )


def _content(demo: DemoEvidence, start: datetime.date, end: datetime.date) -> EvidenceContent:
    slug = "-".join(demo.title.lower().replace(",", "").replace("(", "").replace(")", "").split())
    if demo.content == "scan":
        return FileContent(io.BytesIO(_scan_report(demo, start, end)), f"{slug}.pdf")
    if demo.content == "csv":
        return FileContent(io.BytesIO(_csv_export(demo)), f"{slug}.csv")
    if demo.content == "screenshot":
        return FileContent(io.BytesIO(_screenshot()), f"{slug}.png")
    if demo.content == "docx":
        return FileContent(io.BytesIO(_word_document(demo.title)), f"{slug}.docx")
    if demo.content == "link":
        return LinkContent("https://logs.vendela.example/settings/retention")
    return NoteContent(
        f"{demo.title}: held on {end:%d %B %Y}; the minutes are kept in the board portal. "
        "Attendees: CEO, CTO, compliance officer. Decisions recorded as actions 2026-14 to 2026-19."
    )


def _scan_report(demo: DemoEvidence, start: datetime.date, end: datetime.date) -> bytes:
    rows = "".join(
        f"<tr><td>{html.escape(host)}</td><td>{findings}</td><td>{severity}</td></tr>"
        for host, findings, severity in (
            ("payroll-web-1", 2, "medium"),
            ("payroll-db-1", 0, "none"),
            ("ledger-api-1", 1, "low"),
            ("identity-idp-1", 0, "none"),
        )
    )
    counts = "".join(
        f"<div><strong>{count}</strong> {name}</div>" for name, count in demo.detail.items()
    )
    page = (
        f"<html><head><title>{html.escape(demo.title)}</title></head><body>"
        f"<h1>{html.escape(demo.title)}</h1>"
        f"<p class='meta'>Covers {start:%d %B %Y} to {end:%d %B %Y}. Generated by the CI "
        "pipeline's scanner for Vendela Cloud.</p>"
        f"<div class='summary'>{counts}</div>"
        "<table><thead><tr><th>Host</th><th>Findings</th><th>Highest severity</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></body></html>"
    )
    return render_html_to_pdf(
        html=page,
        stylesheets=[FILES_DIR / "report.css"],
        base_dir=FILES_DIR,
        roots=[FILES_DIR, STATIC_DIR],
    ).content


def _csv_export(demo: DemoEvidence) -> bytes:
    lines = ["account,system,role,reviewer,decision"]
    for n, system in enumerate(("payroll", "ledger", "identity", "payroll", "ledger"), start=1):
        decision = "removed" if n == 4 else "kept"
        lines.append(f"user{n:02d}@vendela.example,{system},operator,olivia.berg,{decision}")
    return ("\n".join(lines) + "\n").encode()


def _screenshot() -> bytes:
    image = Image.new("RGB", (960, 540), "#f4f6fa")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 960, 56), fill="#1d2433")
    draw.text((24, 20), "Availability - last 30 days", fill="#ffffff")
    for n, uptime in enumerate((99.98, 99.95, 100.0, 99.99)):
        left = 24 + n * 232
        draw.rectangle((left, 88, left + 210, 220), fill="#ffffff", outline="#c9ced8")
        draw.text((left + 16, 110), ("Payroll", "Ledger", "Identity", "API")[n], fill="#1d2433")
        draw.text((left + 16, 160), f"{uptime:.2f} %", fill="#0a7d45")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _word_document(title: str) -> bytes:
    paragraphs = (
        title,
        "Restored the payroll database from last night's backup into the recovery account.",
        "Restore took 42 minutes; row counts and checksums matched production.",
    )
    body = "".join(f"<w:p><w:r><w:t>{html.escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def _ensure_engagement(auditor: Any) -> None:
    today = timezone.localdate()
    engagement, created = Engagement.objects.get_or_create(
        name="ISO 27001 surveillance audit",
        defaults={
            "framework": Framework.objects.get(code="iso27001-2022"),
            "period_start": today - datetime.timedelta(days=365),
            "period_end": today,
            "access_ends_on": today + datetime.timedelta(days=60),
        },
    )
    if created:
        engagement.auditors.add(auditor)
        engagement.products.add(*Product.objects.filter(slug__in=CLOUD))
