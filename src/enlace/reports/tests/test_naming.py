"""The consent rules: who is named, how the others are described, and the count withheld."""

from __future__ import annotations

import pytest
from django.utils import translation

from enlace.core.scoping import Scope
from enlace.reports.naming import NameCounter, person_label
from enlace.reports.tests.visits import CONSENT
from enlace.stakeholders.tests import factories as registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(owner: Scope) -> object:
    return registry.organization(owner, name="Ministry of Foreign Affairs", kind="government")


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_a_person_who_agreed_is_named(owner: Scope, ministry: object, audience: str) -> None:
    person = registry.person(
        owner, full_name="Carla Muñoz", organization=ministry, may_name_publicly=True, **CONSENT
    )
    assert person_label(person, audience=audience) == "Carla Muñoz"


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_a_person_who_did_not_agree_is_described(
    owner: Scope, ministry: object, audience: str
) -> None:
    director = registry.person(
        owner, full_name="Pedro Soto", position="director", organization=ministry
    )
    member = registry.person(owner, full_name="Luis Vera", organization=ministry)
    nobody = registry.person(owner, full_name="Rosa Díaz")
    assert person_label(director, audience=audience) == "a director of Ministry of Foreign Affairs"
    assert (
        person_label(member, audience=audience) == "a participant from Ministry of Foreign Affairs"
    )
    assert person_label(nobody, audience=audience) == "a participant"


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_lived_experience_is_never_named_nor_placed(
    owner: Scope, ministry: object, audience: str
) -> None:
    survivor = registry.person(
        owner,
        full_name="María Rojas",
        position="advocate",
        organization=ministry,
        may_name_publicly=True,
        lived_experience=True,
        **CONSENT,
    )
    label = person_label(survivor, audience=audience)
    assert label == "a participant"
    assert "María" not in label and "Ministry" not in label


def test_labels_follow_the_report_language(owner: Scope, ministry: object) -> None:
    nobody = registry.person(owner, full_name="Rosa Díaz")
    with translation.override("es"):
        label = person_label(nobody, audience="public")
    assert "Rosa" not in label
    assert label  # the lead's catalogue gives the Spanish wording


def test_the_counter_counts_each_withheld_person_once(owner: Scope, ministry: object) -> None:
    named = registry.person(owner, full_name="Carla Muñoz", may_name_publicly=True, **CONSENT)
    unnamed = registry.person(owner, full_name="Pedro Soto", organization=ministry)
    counter = NameCounter(audience="public")
    counter.label(named)
    counter.label(unnamed)
    counter.label(unnamed)
    assert counter.withheld == 1
