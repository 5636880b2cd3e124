"""The shared address and map point (`cooperation.models.AddressMixin`,
`MapPointMixin`): required where a place is its address, both coordinates or
neither, and an event held at a centre takes the centre's."""

import pytest
from django.core.exceptions import ValidationError

from cooperation.models import FooterAddress, SiteSettings
from tests.agenda.factories import EventPageFactory, add_agenda
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as raised:
        instance.clean()
    return raised.value.message_dict


def test_a_footer_address_needs_its_street(site_tree):
    settings = SiteSettings.objects.create(site_id=1)
    address = FooterAddress(settings=settings, name="MQ des Ors", street="")
    assert set(errors_of(address)) == {"street"}
    address.street = "2 place Jules-Nadi"
    address.clean()
    assert address.address_lines == ["2 place Jules-Nadi", "26100 Romans-sur-Isère"]


def test_a_centre_needs_its_street_but_an_event_does_not(site_tree):
    centres = CentreIndexPageFactory(parent=site_tree["home"])
    centre = CentrePageFactory.build(street="", latitude=None, longitude=None)
    centre.path, centre.depth = centres.path + "0001", centres.depth + 1
    assert "street" in errors_of(centre)
    event = EventPageFactory.build(street="", place_name="Parc François-Mitterrand")
    event.clean()


def test_half_a_map_point_is_refused():
    event = EventPageFactory.build(latitude="45.04", longitude=None)
    assert set(errors_of(event)) == {"longitude"}


def test_an_event_held_at_a_centre_takes_its_address_and_map_point(site_tree):
    tree = add_agenda(site_tree)
    centres = CentreIndexPageFactory(parent=tree["home"])
    centre = CentrePageFactory(
        parent=centres, street="1 rue Saint-Nicolas", latitude="45.05", longitude="5.05"
    )
    event = EventPageFactory(
        parent=tree["agenda"],
        place_page=centre,
        street="99 rue inventée",
        latitude="1.0",
        longitude="2.0",
    )
    assert event.place_with_address == centre
    assert event.address_source == centre
    assert event.map_point == centre
    centre.latitude = centre.longitude = None
    centre.save()
    event.refresh_from_db()
    # The centre has no point on the map: the event's own is kept.
    assert event.map_point == event
    assert event.address_source.street == "1 rue Saint-Nicolas"
