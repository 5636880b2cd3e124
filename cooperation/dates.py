"""The site's one time zone: Romans-sur-Isère keeps Paris time, whatever the
server's clock says. Events, opening hours and feeds compute in it."""

import zoneinfo

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
