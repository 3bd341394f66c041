"""factory-boy factories for organizations and their memberships."""

import factory

from apps.organizations.models import EmployeeSize, Industry, Membership, Organization, Role
from tests.factories import UserFactory


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    url = factory.Sequence(lambda n: f"https://org{n}.example.com")
    industry = Industry.SOFTWARE_PRODUCTS
    headquarter_location = "Toronto"
    about = "We hire for skills."
    employee_size = EmployeeSize.MEDIUM


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.MEMBER
