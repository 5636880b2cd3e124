"""Security headers beyond Django's own SecurityMiddleware.

- Content-Security-Policy: django-csp's middleware, with the admin's own
  policy under CONTENT_SECURITY_POLICY_ADMIN_PREFIX (why it differs: see the settings).
- Permissions-Policy and Cross-Origin-Resource-Policy, which Django does not
  write (it writes HSTS, nosniff, Referrer-Policy and
  Cross-Origin-Opener-Policy).
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with CONTENT_SECURITY_POLICY_ADMIN in the admin."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(
                settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIX
            )
        ):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN)
            # A nonce in script-src would make browsers ignore 'unsafe-inline'.
            parts.nonce = None
        return parts


def permissions_policy(features):
    """{"camera": [], "fullscreen": ["self"]} → 'camera=(), fullscreen=(self)'."""
    return ", ".join(
        f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items()
    )


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        features = permissions_policy(settings.PERMISSIONS_POLICY)
        if features:
            response.headers.setdefault("Permissions-Policy", features)
        open_prefixes = tuple(settings.CROSS_ORIGIN_RESOURCE_POLICY_OPEN_PREFIXES)
        policy = (
            "cross-origin"
            if request.path_info.startswith(open_prefixes)
            else settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", policy)
        return response
