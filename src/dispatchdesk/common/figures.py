"""Shares and plain figures with the reader's decimal mark: "91.3%" in English, "91,3 %" in German."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def percentage(fraction: float, *, decimals: int) -> str:
    """`fraction` (0.913) in per cent: "91.3%" / "91,3 %" (German puts a space before the sign)."""
    return _("%(value)s%%") % {"value": number_format(fraction * 100, decimal_pos=decimals)}


def figure(value: float, *, decimals: int) -> str:
    """A plain number with the reader's decimal mark: "0.593" / "0,593"."""
    return number_format(value, decimal_pos=decimals)
