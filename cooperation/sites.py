"""The Site record follows BASE_URL: canonical links, hreflang, og:url and
JSON-LD are built from the Site's hostname and port (Wagtail's root_url)."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

DEFAULT_PORTS = {"http": 80, "https": 443}


def host_and_port(base_url):
    """The (hostname, port) a Site needs for its pages to have `base_url`'s
    scheme and host. Wagtail reads the scheme from the port: 443 is https,
    any other port is http."""
    parts = urlsplit(base_url.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or port == -1:
        raise ValidationError(
            f"Adresse du site invalide : {base_url} (attendu : https://nom.de.domaine)."
        )
    if parts.scheme == "https" and port not in (None, 443):
        raise ValidationError(
            f"Wagtail ne sait servir en https que sur le port 443 : {base_url}."
        )
    return parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def point_site_at(site, base_url):
    """Give `site` the hostname and port of `base_url`; saved. The messages
    are French without gettext, as the management commands' own."""
    site.hostname, site.port = host_and_port(base_url)
    site.full_clean()
    site.save(update_fields=["hostname", "port"])
    return site
