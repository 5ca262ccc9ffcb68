"""Users and their roles; agents with skills, groups, tier, region, languages, capacity, shifts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from uuid import uuid4
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    AGENT = "agent", _("Agent")
    DISPATCHER = "dispatcher", _("Dispatcher / lead")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")
    # A machine login for another system (a CRM's sync) with an API token; no pages, no tickets.
    INTEGRATION = "integration", _("Integration")


# The role vocabulary's groups, used by tickets.permissions (the one home of who may do what).
# Staff work tickets on the agent pages and the staff API.
STAFF_ROLES = frozenset({Role.AGENT, Role.DISPATCHER, Role.MANAGER, Role.ADMIN})
# See every ticket and dispatch by hand; agents see their groups' tickets and their own.
OVERSEEING_ROLES = frozenset({Role.DISPATCHER, Role.MANAGER, Role.ADMIN})
# Compare and switch dispatch policies, see reports.
MANAGING_ROLES = frozenset({Role.MANAGER, Role.ADMIN})
# Upsert contacts and organisations by another system's id, one at a time or in bulk (X3).
SYNCING_ROLES = frozenset({Role.ADMIN, Role.INTEGRATION})


class Tier(models.TextChoices):
    L1 = "L1", _("L1 (first line)")
    L2 = "L2", _("L2 (specialist)")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CUSTOMER)
    language = models.CharField(_("language"), max_length=8, blank=True, default="")
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, default="")
    email_notifications = models.BooleanField(
        _("notifications by email"), default=True, help_text=_("Besides the bell, send each notification by email.")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def oversees_all(self) -> bool:
        return self.role in OVERSEEING_ROLES


class Skill(models.Model):
    slug = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    slug = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class DispatchMode(models.TextChoices):
    AUTOMATIC = "automatic", _("Fully automatic")
    REVIEW = "review", _("Recommend, dispatcher confirms")
    QUEUE = "queue", _("Group queue, members claim")
    HYBRID = "hybrid", _("Hybrid by tier")


class DispatchPolicy(models.TextChoices):
    """How automatic dispatch chooses (dispatch.services); the what-if simulator replays the same code."""

    PRIORITY_DEADLINE = "priority-deadline", _("Most urgent ticket first, to the best-ranked agent")
    SLA_BATCH = "sla-batch", _("Deadline-aware batches: the queue and free agents matched at once")


class SkillGroup(models.Model):
    slug = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    tier = models.CharField(_("tier"), max_length=4, choices=Tier.choices, default=Tier.L1)
    lead = models.ForeignKey(
        User, verbose_name=_("lead"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mode = models.CharField(
        _("dispatch mode"), max_length=16, choices=DispatchMode.choices, default=DispatchMode.AUTOMATIC
    )
    policy = models.CharField(
        _("dispatch policy"),
        max_length=32,
        choices=DispatchPolicy.choices,
        default=DispatchPolicy.PRIORITY_DEADLINE,
        help_text=_("How automatic dispatch chooses; compare policies on the what-if page first."),
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="groups")

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill group")
        verbose_name_plural = _("skill groups")

    def __str__(self) -> str:
        return self.name


class Presence(models.TextChoices):
    ONLINE = "online", _("Online")
    AWAY = "away", _("Away")
    OFFLINE = "offline", _("Offline")


class Availability(models.TextChoices):
    """Whether an agent can be given work now: one model, shown the same way on every screen.

    An agent who is online takes work on shift and, unless an admin forbids it for them, outside it
    (overtime); away or offline, nobody does.
    """

    ON_SHIFT = "on_shift", _("On shift")
    OVERTIME = "overtime", _("Overtime")
    OFF_SHIFT = "off_shift", _("Off shift")  # online, but outside the shift and no overtime allowed
    AWAY = "away", _("Away")
    OFFLINE = "offline", _("Offline")

    @property
    def takes_work(self) -> bool:
        return self in (Availability.ON_SHIFT, Availability.OVERTIME)


def availability_of(*, presence: str, on_shift: bool, may_work_overtime: bool) -> Availability:
    if presence == Presence.AWAY:
        return Availability.AWAY
    if presence != Presence.ONLINE:
        return Availability.OFFLINE
    if on_shift:
        return Availability.ON_SHIFT
    return Availability.OVERTIME if may_work_overtime else Availability.OFF_SHIFT


class AgentProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="agent", verbose_name=_("user"))
    tier = models.CharField(_("tier"), max_length=4, choices=Tier.choices, default=Tier.L1)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="agents"
    )
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text=_("ISO codes, e.g. en, de"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=5, help_text=_("Maximum open tickets at once"))
    presence = models.CharField(_("presence"), max_length=8, choices=Presence.choices, default=Presence.OFFLINE)
    may_work_overtime = models.BooleanField(
        _("may work overtime"),
        default=True,
        help_text=_("Online outside their shifts, the agent still takes work (overtime)."),
    )
    groups = models.ManyToManyField(SkillGroup, verbose_name=_("skill groups"), blank=True, related_name="members")
    # Tickets in hand that count against capacity; kept by tickets.services.load under a row lock.
    load = models.PositiveSmallIntegerField(_("open tickets in hand"), default=0, editable=False)
    last_assigned_at = models.DateTimeField(_("last assigned"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("agent profile")
        verbose_name_plural = _("agent profiles")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1) & Q(capacity__lte=100), name="agent_capacity_1_to_100"),
            # Never over capacity, even if a service is wrong (docs/features.md, D12).
            models.CheckConstraint(condition=Q(load__lte=models.F("capacity")), name="agent_load_within_capacity"),
            models.CheckConstraint(condition=Q(load__gte=0), name="agent_load_not_negative"),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def availability(self, moment: datetime) -> Availability:
        return availability_of(
            presence=self.presence, on_shift=self.is_on_shift(moment), may_work_overtime=self.may_work_overtime
        )

    def is_on_shift(self, moment: datetime) -> bool:
        """Whether a weekly shift covers `moment` in the agent's region's time zone (see on_shift)."""
        weekly = [(shift.weekday, shift.starts, shift.ends) for shift in self.shifts.all()]
        return on_shift(weekly, self.region.time_zone if self.region else "UTC", moment)


def on_shift(weekly: Sequence[tuple[int, time, time]], time_zone: str, moment: datetime) -> bool:
    """Whether one of the (weekday, starts, ends) shifts covers `moment` in `time_zone`.

    An agent without any shifts has no schedule restriction: presence alone decides.
    """
    if not weekly:
        return True
    local = moment.astimezone(ZoneInfo(time_zone))
    weekday, clock = local.weekday(), local.time()
    return any(day == weekday and starts <= clock < ends for day, starts, ends in weekly)


class AgentSkill(models.Model):
    agent = models.ForeignKey(AgentProfile, on_delete=models.CASCADE, related_name="skills", verbose_name=_("agent"))
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="holders", verbose_name=_("skill"))
    proficiency = models.PositiveSmallIntegerField(_("proficiency"), default=3, help_text=_("1 novice … 5 expert"))

    class Meta:
        verbose_name = _("agent skill")
        verbose_name_plural = _("agent skills")
        constraints = [
            models.UniqueConstraint(fields=["agent", "skill"], name="one_level_per_agent_skill"),
            models.CheckConstraint(condition=Q(proficiency__gte=1) & Q(proficiency__lte=5), name="proficiency_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.proficiency})"


class RosterRevision(models.Model):
    """One row whose value changes, in the same transaction, with any agent's skills, groups or
    shifts, or a skill's or group's key (accounts.signals): dispatch keeps those per process
    and reads them again only when this value has moved."""

    value = models.UUIDField(default=uuid4)

    class Meta:
        verbose_name = _("roster revision")
        verbose_name_plural = _("roster revisions")

    def __str__(self) -> str:
        return str(self.value)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Shift(models.Model):
    """A weekly recurring working interval, in the agent's region's time zone."""

    agent = models.ForeignKey(AgentProfile, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("agent"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="shift_ends_after_start"),
            models.CheckConstraint(condition=Q(weekday__gte=0) & Q(weekday__lte=6), name="shift_weekday_0_to_6"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"


class ApiToken(models.Model):
    """A bearer token for agents and integrations; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
