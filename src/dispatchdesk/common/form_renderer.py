"""Django's form renderer, with the commonest widgets written in Python (settings.FORM_RENDERER).

Django renders a select as one template, plus an included template per option and another per option
for its attributes: the inbox's filter form alone made ~80 template renders, a quarter of the list page's
Python time (docs/benchmarks/page-cost.md). Selects, text areas and single inputs are written here with exactly the
markup of Django's own templates (tests/common/test_form_renderer.py compares both); every other widget
and every form template is still rendered by Django's templates.
"""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs

WIDGETS = "django/forms/widgets/"
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"
TEXTAREA = f"{WIDGETS}textarea.html"
# The widgets whose template is nothing but an include of input.html.
INPUTS = frozenset(
    f"{WIDGETS}{kind}.html"
    for kind in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        if template_name in INPUTS:
            return _input(context["widget"])
        if template_name == TEXTAREA:
            return _textarea(context["widget"])
        if template_name == SELECT and _plain_options(context["widget"]):
            return _select(context["widget"])
        return str(super().render(template_name, context, request))


def _plain_options(widget: Any) -> bool:
    """Every option uses Django's own option template (a widget could name another)."""
    return all(
        option["template_name"] == OPTION for _group, options, _index in widget["optgroups"] for option in options
    )


def _input(widget: dict[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict[str, Any]) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict[str, Any]) -> str:
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{_shown(group)}">')
        parts.extend(f"\n  {_option(option)}\n" for option in options)  # the included template ends with a newline
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _option(option: dict[str, Any]) -> str:
    return f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{_shown(option["label"])}</option>'


def _attrs(attrs: dict[str, Any]) -> str:
    """attrs.html: a True attribute by its name alone, a False one left out."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _shown(value: object) -> str:
    """`{{ value }}`: localised, then escaped unless already safe."""
    return str(conditional_escape(str(localize(template_localtime(value)))))


def _formatted(value: object) -> str:
    """`{{ value|stringformat:'s' }}`: the text of the value, escaped unless the value was safe."""
    return str(value) if isinstance(value, SafeData) else str(escape(str(value)))
