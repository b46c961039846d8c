from django.utils.text import slugify
from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    """A section heading. Headings give the HTML page its anchors and the PDF its contents."""

    text = blocks.CharBlock(max_length=160)
    level = blocks.ChoiceBlock(
        choices=[("2", "Section"), ("3", "Subsection")], default="2", required=True
    )

    class Meta:
        icon = "title"
        template = "policies/blocks/heading.html"

    def get_context(self, value, parent_context=None):  # type: ignore[no-untyped-def]
        context = super().get_context(value, parent_context)
        context["anchor"] = slugify(value["text"])
        return context


class DocumentBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "ol", "ul", "link"], template="policies/blocks/paragraph.html"
    )
    note = blocks.RichTextBlock(
        features=["bold", "italic", "link"],
        icon="info-circle",
        template="policies/blocks/note.html",
        help_text="A highlighted note, such as a scope statement or an exception.",
    )


class DutyListBlock(blocks.StreamBlock):
    """The items of a role description's responsibilities, qualifications or authority."""

    item = blocks.CharBlock(max_length=500, label="Item")

    class Meta:
        icon = "list-ul"
