"""Factories hold only what makes a valid row; each test says what matters to it by keyword."""

import secrets

import factory

from dispatchdesk.accounts.models import AgentProfile, Region, Role, Skill, SkillGroup, User
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.tickets.models import Ticket


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.AGENT
    password = factory.django.Password("correct horse battery staple")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.LazyAttribute(lambda s: s.slug.title())


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"region-{n}")
    name = factory.LazyAttribute(lambda r: r.slug.title())


class SkillGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.LazyAttribute(lambda g: g.slug.title())


class AgentFactory(factory.django.DjangoModelFactory):
    """An agent profile with its user; pass `user__role=...` for leads and managers."""

    class Meta:
        model = AgentProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=Role.AGENT)
    languages = factory.LazyFunction(lambda: ["en"])

    @factory.post_generation
    def groups(self, create: bool, extracted: list[SkillGroup] | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.set(extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@customer.example")
    organisation = factory.SubFactory(OrganisationFactory)


class TicketFactory(factory.django.DjangoModelFactory):
    """A bare ticket row (no timeline); use `ticket_import` when the history matters."""

    class Meta:
        model = Ticket
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: 90000 + n)
    access_key = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    subject = factory.Faker("sentence", nb_words=5)
    description = "<p>Something is broken.</p>"
    customer = factory.SubFactory(ContactFactory)
    organisation = factory.LazyAttribute(lambda t: t.customer.organisation)
