"""Create the demo company's structure, staff and customers (everything but the tickets)."""

import itertools
import random
import string
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.hashers import make_password

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, Region, Role, Shift, Skill, SkillGroup, User
from dispatchdesk.accounts.signals import roster_changed
from dispatchdesk.customers.models import Contact, CustomerTier, Organisation
from dispatchdesk.demo import catalogue
from dispatchdesk.demo.catalogue import AgentSpec, OrganisationSpec
from dispatchdesk.demo.rota import duty_calendar
from dispatchdesk.sla.calendar import BusinessCalendar
from dispatchdesk.tickets.models import Category

PHONE_AREAS = {"berlin": "30", "munich": "89", "hamburg": "40"}
NAME_DRAWS = 20  # random first-and-last names tried before one gets middle initials


@dataclass(frozen=True, slots=True)
class Member:
    user: User
    spec: AgentSpec
    duty: BusinessCalendar  # when they are on shift (demo.rota)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.spec.languages


@dataclass(frozen=True, slots=True)
class Customer:
    contact: Contact
    user: User
    region: Region
    vip: bool


@dataclass(frozen=True, slots=True)
class Company:
    password: str  # the demo password, hashed once: PBKDF2 per user would cost seconds
    dispatcher: User
    groups: dict[str, SkillGroup]
    members: dict[str, list[Member]]  # by group
    categories: dict[str, Category]
    skills: dict[str, Skill]
    regions: dict[str, Region]
    customers: list[Customer]

    @property
    def agents(self) -> dict[str, Member]:
        """Every member by username."""
        return {member.user.username: member for group in self.members.values() for member in group}


def company_create(*, rng: random.Random, customers: int, joined: datetime) -> Company:
    """The fixed structure and staff, plus `customers` contacts named by `rng`."""
    password = make_password(catalogue.DEMO_PASSWORD)
    skills = {slug: Skill.objects.create(slug=slug, name=name) for slug, name in catalogue.SKILLS.items()}
    regions = {
        slug: Region.objects.create(slug=slug, name=spec.name, time_zone=spec.time_zone)
        for slug, spec in catalogue.REGIONS.items()
    }
    categories = {spec.slug: Category.objects.create(slug=spec.slug, name=spec.name) for spec in catalogue.CATEGORIES}
    groups = _groups_create(skills)
    _user_create("manager", "Maria Manager", Role.MANAGER, password, joined)
    dispatcher = _user_create("dispatcher", "Dana Dispatcher", Role.DISPATCHER, password, joined)
    members = _agents_create(skills=skills, regions=regions, groups=groups, password=password, joined=joined)
    roster_changed()  # the skills and shifts were bulk-created, which sends no signal
    _leads_assign(groups, members)
    return Company(
        password=password,
        dispatcher=dispatcher,
        groups=groups,
        members=members,
        categories=categories,
        skills=skills,
        regions=regions,
        customers=_customers_create(rng=rng, count=customers, regions=regions, password=password, joined=joined),
    )


def admin_create(company: Company, *, joined: datetime) -> User:
    """The administrator; created last, so its existence marks a completed load."""
    user = _user_create("admin", "Ada Admin", Role.ADMIN, company.password, joined)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def _user_create(
    username: str,
    name: str,
    role: str,
    password: str,
    joined: datetime,
    *,
    email: str = "",
    language: str = "",
    time_zone: str = catalogue.TIME_ZONE,
) -> User:
    first, _space, last = name.partition(" ")
    return User.objects.create(
        username=username,
        first_name=first,
        last_name=last,
        email=email or f"{username}@{catalogue.STAFF_DOMAIN}",
        role=role,
        password=password,
        language=language,
        time_zone=time_zone,
        date_joined=joined,
    )


def _groups_create(skills: dict[str, Skill]) -> dict[str, SkillGroup]:
    groups = {}
    for spec in catalogue.GROUPS:
        group = SkillGroup.objects.create(slug=spec.slug, name=spec.name, tier=spec.tier, mode=spec.mode)
        group.skills.set([skills[slug] for slug in spec.skills])
        groups[spec.slug] = group
    return groups


def _agents_create(
    *,
    skills: dict[str, Skill],
    regions: dict[str, Region],
    groups: dict[str, SkillGroup],
    password: str,
    joined: datetime,
) -> dict[str, list[Member]]:
    members: dict[str, list[Member]] = {slug: [] for slug in groups}
    for spec in catalogue.ROSTER:
        region = regions[spec.region]
        user = _user_create(
            spec.username,
            spec.name,
            spec.role,
            password,
            joined,
            language=spec.languages[0],
            time_zone=region.time_zone,
        )
        _profile_create(spec, user=user, skills=skills, region=region, groups=groups)
        member = Member(user=user, spec=spec, duty=duty_calendar(spec))
        for slug in spec.groups:
            members[slug].append(member)
    return members


def _profile_create(
    spec: AgentSpec, *, user: User, skills: dict[str, Skill], region: Region, groups: dict[str, SkillGroup]
) -> AgentProfile:
    profile = AgentProfile.objects.create(
        user=user,
        tier=spec.tier,
        region=region,
        languages=list(spec.languages),
        capacity=spec.capacity,
        presence=spec.presence,
        # The shifts are the schedule: online outside them, a demo agent takes no work (decision 0017).
        may_work_overtime=False,
    )
    profile.groups.set([groups[slug] for slug in spec.groups])
    levels = (pair.split(":") for pair in spec.skills.split())
    AgentSkill.objects.bulk_create(
        AgentSkill(agent=profile, skill=skills[slug], proficiency=int(level)) for slug, level in levels
    )
    Shift.objects.bulk_create(
        Shift(agent=profile, weekday=day, starts=starts, ends=ends)
        for days, starts, ends in catalogue.SHIFT_PATTERNS[spec.shifts]
        for day in days
    )
    return profile


def _leads_assign(groups: dict[str, SkillGroup], members: dict[str, list[Member]]) -> None:
    for slug, username in catalogue.GROUP_LEADS.items():
        lead = next(member.user for member in members[slug] if member.user.username == username)
        SkillGroup.objects.filter(pk=groups[slug].pk).update(lead=lead)


def _customers_create(
    *, rng: random.Random, count: int, regions: dict[str, Region], password: str, joined: datetime
) -> list[Customer]:
    organisations = {spec.name: (spec, _organisation_create(spec)) for spec in catalogue.ORGANISATIONS}
    customers = []
    for login in catalogue.CUSTOMER_LOGINS:
        spec, organisation = organisations[login.organisation]
        email = f"{_ascii(login.name)}@{spec.domain}"
        user = _user_create(
            login.username, login.name, Role.CUSTOMER, password, joined, email=email, language=login.language
        )
        customers.append(_customer_create(spec, organisation, user, regions, rng))
    used = {login.name for login in catalogue.CUSTOMER_LOGINS}
    specs = list(organisations.values())
    for index in range(count - len(catalogue.CUSTOMER_LOGINS)):
        spec, organisation = specs[index % len(specs)]
        name, language = _unique_name(rng, spec.language, used)
        # Customer replies need a User (ticket_reply's author); without a password it cannot log in.
        email = f"{_ascii(name)}@{spec.domain}"
        user = _user_create(email, name, Role.CUSTOMER, make_password(None), joined, email=email, language=language)
        customers.append(_customer_create(spec, organisation, user, regions, rng))
    return customers


def _organisation_create(spec: OrganisationSpec) -> Organisation:
    return Organisation.objects.create(name=spec.name, domain=spec.domain, tier=spec.tier)


def _customer_create(
    spec: OrganisationSpec,
    organisation: Organisation,
    user: User,
    regions: dict[str, Region],
    rng: random.Random,
) -> Customer:
    contact = Contact.objects.create(
        name=user.get_full_name(),
        email=user.email,
        phone=f"+49 {PHONE_AREAS[spec.region]} {rng.randint(1_000_000, 9_999_999)}",
        organisation=organisation,
        language=user.language,
        user=user,
    )
    vip = spec.tier == CustomerTier.VIP
    return Customer(contact=contact, user=user, region=regions[spec.region], vip=vip)


def _unique_name(rng: random.Random, language: str, used: set[str]) -> tuple[str, str]:
    """A full name not given out yet, and the language its bearer writes in."""
    # Most people in an organisation share its language; some write in the other one.
    if rng.random() < 0.15:  # noqa: PLR2004 - share of people writing in the other language
        language = "en" if language == "de" else "de"
    first, last = (
        (catalogue.GERMAN_FIRST, catalogue.GERMAN_LAST)
        if language == "de"
        else (catalogue.ENGLISH_FIRST, catalogue.ENGLISH_LAST)
    )
    for _try in range(NAME_DRAWS):
        name = f"{rng.choice(first)} {rng.choice(last)}"
        if name not in used:
            used.add(name)
            return name, language
    # The first and last names are mostly given out: middle initials, one more letter each round.
    given, family = rng.choice(first), rng.choice(last)
    for count in itertools.count(1):
        for initials in itertools.product(string.ascii_uppercase, repeat=count):
            name = " ".join((given, *(f"{initial}." for initial in initials), family))
            if name not in used:
                used.add(name)
                return name, language
    raise AssertionError("unreachable: the names above never run out")


def _ascii(name: str) -> str:
    """`Jürgen Müller` -> `juergen.mueller`, as the mail servers of German companies spell it."""
    spelled = name.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    plain = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return ".".join(part for part in plain.replace("'", "").replace(".", " ").split())
