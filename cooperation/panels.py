"""Admin panels the page types share."""

from django.forms import Media
from wagtail.admin.panels import FieldPanel, FieldRowPanel

# Where the admin map opens when a place has no point yet: Romans-sur-Isère.
ROMANS = ("45.043400", "5.051500")


class MapPointPanel(FieldRowPanel):
    """The latitude and longitude of a `MapPointMixin`, as numbers, with a
    map under them: a click or a drag of the marker sets both numbers, and
    typed numbers move the marker (`cooperation/admin/map-point.js`, on the
    self-hosted Leaflet and OpenStreetMap's tiles, as the public map).
    Without JavaScript, the two numbers alone."""

    def __init__(self, children=(), *args, **kwargs):
        children = children or [FieldPanel("latitude"), FieldPanel("longitude")]
        super().__init__(children, *args, **kwargs)

    class BoundPanel(FieldRowPanel.BoundPanel):
        template_name = "cooperation/admin/map_point_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["latitude_id"] = self.form["latitude"].id_for_label
            context["longitude_id"] = self.form["longitude"].id_for_label
            context["default_centre"] = ROMANS
            return context

        @property
        def media(self):
            return super().media + Media(
                js=[
                    "cooperation/vendor/leaflet/leaflet.js",
                    "cooperation/admin/map-point.js",
                ],
                css={
                    "all": [
                        "cooperation/vendor/leaflet/leaflet.css",
                        "cooperation/admin/map-point.css",
                    ]
                },
            )
