from policies.diff import compare_bodies, text_blocks

OLDER = """
<h2 id="scope">Scope</h2>
<p>Critical vulnerabilities are fixed within 14 days.</p>
<ul><li>Code scanning every day.</li><li>Annual penetration test.</li></ul>
<aside class="note"><p>Applies to cloud services.</p></aside>
"""
NEWER = """
<h2 id="scope">Scope</h2>
<p>Critical vulnerabilities are fixed within 7 days.</p>
<ul><li>Code scanning every day.</li></ul>
<h2 id="supply-chain">Software supply chain</h2>
<p>Every dependency is tracked in a bill of materials.</p>
<aside class="note"><p>Applies to cloud services.</p></aside>
"""


def test_it_reduces_html_to_text_blocks() -> None:
    blocks = text_blocks(OLDER)
    assert [(block.tag, block.text) for block in blocks] == [
        ("h2", "Scope"),
        ("p", "Critical vulnerabilities are fixed within 14 days."),
        ("li", "Code scanning every day."),
        ("li", "Annual penetration test."),
        ("p", "Applies to cloud services."),
    ]


def test_it_marks_changed_words_inside_a_block() -> None:
    diff = compare_bodies(OLDER, NEWER)
    changed = [block for block in diff.blocks if block.status == "changed"]
    assert len(changed) == 1
    assert "<del>14</del><ins>7</ins>" in changed[0].html
    assert changed[0].html.startswith("Critical vulnerabilities are fixed within ")


def test_it_lists_added_and_removed_blocks() -> None:
    diff = compare_bodies(OLDER, NEWER)
    by_status = {
        status: [b.html for b in diff.blocks if b.status == status]
        for status in ("added", "removed", "unchanged")
    }
    assert by_status["removed"] == ["Annual penetration test."]
    assert by_status["added"] == [
        "Software supply chain",
        "Every dependency is tracked in a bill of materials.",
    ]
    assert "Applies to cloud services." in by_status["unchanged"]
    assert diff.changed_count == 4


def test_it_escapes_the_text_it_shows() -> None:
    diff = compare_bodies("<p>Use &lt;script&gt; carefully.</p>", "<p>Use &lt;b&gt; carefully.</p>")
    assert "<script>" not in "".join(block.html for block in diff.blocks)
    assert "&lt;script&gt;" in diff.blocks[0].html


def test_identical_bodies_have_no_changes() -> None:
    assert compare_bodies(OLDER, OLDER).changed_count == 0
