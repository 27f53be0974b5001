"""django-csp's middleware, with one allowance for the admin.

The admin's JavaScript and the prose editor set ``style`` attributes as they work, so
admin pages may use inline styles. Scripts stay strict everywhere, and public pages
allow no inline style either.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_UPDATE = {"style-src": [UNSAFE_INLINE]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.update is None and request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            parts.update = ADMIN_UPDATE
        return parts
