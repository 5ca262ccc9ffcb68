"""Customer HTML may show only the email's own images (cid:): a remote, data: or script source is
dropped, and an image left without a source goes with it."""

import pytest

from dispatchdesk.common.sanitize import clean_html


def test_an_inline_image_of_the_email_is_kept_with_its_alt_text() -> None:
    assert clean_html('<img src="cid:image001.png@01DB" alt="Screenshot" onerror="x()">') == (
        '<img src="cid:image001.png@01DB" alt="Screenshot">'
    )


@pytest.mark.parametrize(
    "source",
    ["https://tracker.example/pixel.gif", "//tracker.example/p.gif", "data:image/png;base64,AAAA", "javascript:x()"],
)
def test_any_other_image_source_is_dropped_with_its_image(source: str) -> None:
    assert clean_html(f'<p>Hi<img src="{source}" alt="x"></p>') == "<p>Hi</p>"
