"""Just enough HTML reading for the dashboard tests (the standard library's parser, no extra package)."""

from html.parser import HTMLParser


class Figures(HTMLParser):
    """Collects each `data-figure` element's text and first link, and the texts and attributes asked for."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: dict[str, str] = {}
        self.href: dict[str, str] = {}
        self.by_id: dict[str, dict[str, str]] = {}
        self.nav_links: list[str] = []
        self.options: list[str] = []
        self._open: list[tuple[str, str, int]] = []  # (figure or class, tag, depth)
        self._depth = 0
        self._option = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self._depth += tag not in VOID
        name = found.get("data-figure") or ("error" if "dashboard-error" in found.get("class", "") else "")
        if name:
            self._open.append((name, tag, self._depth))
            self.text[name] = ""
        for open_name, _tag, _depth in self._open:
            if tag == "a" and open_name not in self.href:
                self.href[open_name] = found.get("href", "")
        if "id" in found:
            self.by_id[found["id"]] = found
        if tag == "a" and {"nav-link", "dropdown-item"} & set(found.get("class", "").split()):
            self.nav_links.append(found.get("href", ""))
        self._option = tag == "option"

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][1] == tag and self._open[-1][2] == self._depth:
            self._open.pop()
        self._depth -= tag not in VOID
        self._option = False

    def handle_data(self, data: str) -> None:
        for name, _tag, _depth in self._open:
            self.text[name] = " ".join(f"{self.text[name]} {data}".split())
        if self._option:
            self.options.append(data.strip())


VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}
