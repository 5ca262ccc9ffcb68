"""Customers: contacts (email, phone) in organisations, with a service tier."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common.models import TimeStampedModel


class CustomerTier(models.TextChoices):
    STANDARD = "standard", _("Standard")
    VIP = "vip", _("VIP")


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    domain = models.CharField(_("email domain"), max_length=200, blank=True, default="")
    tier = models.CharField(_("tier"), max_length=16, choices=CustomerTier.choices, default=CustomerTier.STANDARD)
    external_id = models.CharField(_("CRM id"), max_length=100, blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # The key a CRM upserts by (decision 0026); blank means "not synced".
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="organisation_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40, blank=True, default="")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    tier = models.CharField(_("tier"), max_length=16, choices=CustomerTier.choices, default=CustomerTier.STANDARD)
    language = models.CharField(_("language"), max_length=8, default="en")
    # Where the customer reads the portal's times; blank: the desk's (settings.TIME_ZONE).
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, default="")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact",
    )
    external_id = models.CharField(_("CRM id"), max_length=100, blank=True, default="")
    # An organisation's admin sees every ticket of the organisation in the portal, not just their own.
    organisation_admin = models.BooleanField(
        _("organisation admin"),
        default=False,
        help_text=_("Sees and answers every ticket of their organisation in the portal."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="contact_email_unique_ci"),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="contact_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def effective_tier(self) -> str:
        """VIP if the contact or their organisation is VIP."""
        if self.tier == CustomerTier.VIP or (self.organisation and self.organisation.tier == CustomerTier.VIP):
            return CustomerTier.VIP
        return CustomerTier.STANDARD


class PortalSettings(models.Model):
    """The customer portal's rules managers change in the settings area: one row (customers.portal_settings);
    a blank value means the environment's default (DISPATCHDESK_REOPEN_WINDOW_DAYS, …_SIGN_IN_LINK_MINUTES)."""

    reopen_window_days = models.PositiveSmallIntegerField(_("reopen window (days)"), null=True, blank=True)
    sign_in_link_minutes = models.PositiveSmallIntegerField(_("sign-in link lifetime (minutes)"), null=True, blank=True)
    updated_at = models.DateTimeField(_("changed"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")

    def __str__(self) -> str:
        return str(_("Portal settings"))
