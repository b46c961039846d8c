from bs4 import BeautifulSoup, Tag

from policies.diff import compare_bodies, text_blocks

OLDER = """
<h2 id="scope">Scope</h2>
<p>Critical vulnerabilities are fixed within <b>14 days</b>.</p>
<ul><li>Code scanning every day.</li><li>Annual penetration test.</li></ul>
<aside class="note"><p>Applies to cloud services.</p></aside>
<p>Staff are trained once a year by an external provider.</p>
"""
NEWER = """
<h2 id="scope">Scope</h2>
<p>Critical vulnerabilities are fixed within <b>7 days</b>.</p>
<ul><li>Code scanning every day.</li></ul>
<h2 id="supply-chain">Software supply chain</h2>
<p>Every dependency is tracked in a bill of materials.</p>
<aside class="note"><p>Applies to cloud services.</p></aside>
<p>Every engineer completes <a href="https://learn.example/">secure coding</a> training first.</p>
"""


def rendered(older: str, newer: str) -> BeautifulSoup:
    return BeautifulSoup(compare_bodies(older, newer).html, "html.parser")


def visible(tag: Tag) -> str:
    """The text a sighted reader sees: without the labels meant for screen readers."""
    copy = BeautifulSoup(str(tag), "html.parser")
    for label in copy.select(".visually-hidden"):
        label.decompose()
    return " ".join(copy.get_text().split())


def blocks_with(soup: BeautifulSoup, status: str) -> list[str]:
    return [visible(block) for block in soup.select(f".diff__block--{status}")]


def test_it_reduces_html_to_blocks_that_know_their_list() -> None:
    blocks = text_blocks(OLDER)

    assert [(block.tag, block.list_tag, block.text) for block in blocks] == [
        ("h2", "", "Scope"),
        ("p", "", "Critical vulnerabilities are fixed within 14 days ."),
        ("li", "ul", "Code scanning every day."),
        ("li", "ul", "Annual penetration test."),
        ("p", "", "Applies to cloud services."),
        ("p", "", "Staff are trained once a year by an external provider."),
    ]


def test_it_marks_changed_words_inside_a_block_that_changed_a_little() -> None:
    soup = rendered(OLDER, NEWER)

    [changed] = soup.select(".diff__block--changed")
    assert visible(changed) == "Critical vulnerabilities are fixed within 14 7 days."
    assert [visible(tag) for tag in changed.find_all("del")] == ["14"]
    assert [visible(tag) for tag in changed.find_all("ins")] == ["7"]
    # The bold of the old and the new words survives the comparison.
    assert [b.get_text() for b in changed.find_all("b")] == ["14", "7", "days"]


def test_it_shows_a_rewritten_sentence_as_the_old_block_then_the_new() -> None:
    soup = rendered(OLDER, NEWER)

    changes = [
        (block["class"][1], visible(block))
        for block in soup.select(".diff__block")
        if "diff__block--unchanged" not in block["class"]
    ]
    assert changes[-2:] == [
        ("diff__block--removed", "Staff are trained once a year by an external provider."),
        ("diff__block--added", "Every engineer completes secure coding training first."),
    ]
    removed = soup.select(".diff__block--removed")[-1]
    added = soup.select(".diff__block--added")[-1]
    assert visible(removed.find("del")) == visible(removed)
    assert visible(added.find("ins")) == visible(added)
    assert added.find("a")["href"] == "https://learn.example/"


def test_it_lists_added_and_removed_blocks_in_their_lists() -> None:
    soup = rendered(OLDER, NEWER)

    assert blocks_with(soup, "removed") == [
        "Annual penetration test.",
        "Staff are trained once a year by an external provider.",
    ]
    assert blocks_with(soup, "added")[:2] == [
        "Software supply chain",
        "Every dependency is tracked in a bill of materials.",
    ]
    [bullets] = soup.find_all("ul")
    assert [(li["class"][1], visible(li)) for li in bullets.find_all("li")] == [
        ("diff__block--unchanged", "Code scanning every day."),
        ("diff__block--removed", "Annual penetration test."),
    ]
    assert [visible(heading) for heading in soup.find_all("h2")] == [
        "Scope",
        "Software supply chain",
    ]
    assert compare_bodies(OLDER, NEWER).changed_count == 6


def test_it_labels_every_change_for_screen_readers() -> None:
    soup = rendered(OLDER, NEWER)

    labels = [label.get_text() for label in soup.select(".visually-hidden")]
    assert labels == [
        "Changed: ",
        "removed: ",
        "added: ",
        "Removed: ",
        "Added: ",
        "Added: ",
        "Removed: ",
        "Added: ",
    ]


def test_it_keeps_numbered_lists_numbered() -> None:
    soup = rendered("<ol><li>First step.</li></ol>", "<ol><li>First step.</li><li>Next.</li></ol>")

    [numbered] = soup.find_all("ol")
    assert [visible(li) for li in numbered.find_all("li")] == ["First step.", "Next."]
    assert soup.find("ul") is None


def test_it_shows_words_that_became_bold_as_changed() -> None:
    soup = rendered(
        "<p>Report incidents within one hour of discovery.</p>",
        "<p>Report incidents within <strong>one hour</strong> of discovery.</p>",
    )

    [changed] = soup.select(".diff__block--changed")
    assert [visible(tag) for tag in changed.find_all("ins")] == ["one hour"]
    assert changed.find("ins").find("strong").get_text() == "one hour"


def test_it_keeps_only_allowed_markup_and_escapes_the_text() -> None:
    soup = rendered(
        "<p>Use &lt;script&gt; carefully.</p>",
        '<p onclick="steal()">Use &lt;b&gt; <a href="javascript:alert(1)">carefully</a>.'
        "<script>alert(2)</script><img src=x onerror=alert(3)></p>",
    )

    html = str(soup)
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert soup.find("a") is None
    assert "onclick" not in html
    assert "alert" not in html
    assert "&lt;script&gt;" in html
    assert blocks_with(soup, "added") == ["Use <b> carefully."]


def test_identical_bodies_have_no_changes() -> None:
    diff = compare_bodies(OLDER, OLDER)

    assert diff.changed_count == 0
    assert BeautifulSoup(diff.html, "html.parser").find(["del", "ins"]) is None
