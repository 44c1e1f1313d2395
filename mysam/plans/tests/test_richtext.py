"""Section text is written in a small markup and stored as sanitised HTML."""

from __future__ import annotations

from mysam.plans.richtext import html_to_markup, html_to_text, markup_to_html, sanitize_html


class TestSanitize:
    def test_it_strips_scripts_and_event_attributes(self):
        cleaned = sanitize_html('<p onclick="steal()">Hej<script>alert(1)</script></p>')
        assert cleaned == "<p>Hej</p>"

    def test_it_removes_javascript_links_but_keeps_web_and_mail_links(self):
        cleaned = sanitize_html(
            '<a href="javascript:alert(1)">x</a> <a href="https://example.se/">w</a> '
            '<a href="mailto:kansli@example.se">m</a>'
        )
        assert "javascript" not in cleaned
        assert 'href="https://example.se/"' in cleaned
        assert 'href="mailto:kansli@example.se"' in cleaned

    def test_it_keeps_only_the_allowed_tags(self):
        cleaned = sanitize_html(
            '<h1>Stor</h1><h3>Rubrik</h3><div><p style="color:red">Text <b>fet</b> '
            '<i>kursiv</i></p><img src="x" onerror="y"><iframe src="x"></iframe></div>'
        )
        assert cleaned == "Stor<h3>Rubrik</h3><p>Text <strong>fet</strong> <em>kursiv</em></p>"

    def test_pasted_html_in_the_form_is_sanitised_too(self):
        stored = markup_to_html('<p>Hej</p><script>alert(1)</script><p onmouseover="x">Då</p>')
        assert stored == "<p>Hej</p><p>Då</p>"


class TestMarkup:
    SOURCE = (
        "Mysam står för myndigheter i samverkan & mer.\n"
        "En rad till.\n\n"
        "- en punkt med **fet** text\n"
        "- en [länk](https://example.se) och *kursiv*\n\n"
        "1. första\n"
        "2. andra\n\n"
        "### Rubrik"
    )

    def test_it_turns_paragraphs_lists_links_and_headings_into_html(self):
        html = markup_to_html(self.SOURCE)
        assert html.startswith("<p>Mysam står för myndigheter i samverkan &amp; mer.<br>En rad")
        assert "<ul><li>en punkt med <strong>fet</strong> text</li>" in html
        assert '<a href="https://example.se" rel="noopener noreferrer">länk</a>' in html
        assert "<ol><li>första</li><li>andra</li></ol>" in html
        assert html.endswith("<h3>Rubrik</h3>")

    def test_typed_tags_are_text_not_markup(self):
        html = markup_to_html("Skriv <script>alert(1)</script> här")
        assert "<script>" not in html
        assert "&lt;script&gt;" in html

    def test_a_javascript_link_in_markup_loses_its_address(self):
        html = markup_to_html("[klicka](javascript:alert(1))")
        assert "javascript" not in html

    def test_the_edit_form_gets_the_markup_back(self):
        html = markup_to_html(self.SOURCE)
        assert html_to_markup(html) == self.SOURCE
        assert markup_to_html(html_to_markup(html)) == html

    def test_plain_text_for_exports(self):
        text = html_to_text(markup_to_html(self.SOURCE))
        assert "– en länk (https://example.se) och kursiv" in text
        assert "1. första\n2. andra" in text
        assert "**" not in text

    def test_empty_text_stays_empty(self):
        assert markup_to_html("  \n ") == ""
        assert html_to_text("") == ""
