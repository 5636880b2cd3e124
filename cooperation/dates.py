"""The site's one time zone: Romans-sur-Isère keeps Paris time, whatever the
server's clock says. Events, opening hours and feeds compute in it; times
of day are written by `format_time`."""

import zoneinfo

from django.utils.translation import gettext as _

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def format_time(moment):
    """A time of day in the reader's language: « 9 h 30 », « 14 h » in
    French (the typography's one way), « 9:30 » in English and Arabic."""
    if moment.minute:
        return _("%(hour)d h %(minute)02d") % {
            "hour": moment.hour,
            "minute": moment.minute,
        }
    return _("%(hour)d h") % {"hour": moment.hour}
