from __future__ import annotations

from django.views.debug import SafeExceptionReporterFilter

# Request metadata that may identify a contributor or reveal their story.
_HIDDEN_META_PREFIXES = (
    "REMOTE_",
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "HTTP_X_FORWARDED",
    "HTTP_X_REAL_IP",
    "HTTP_COOKIE",
    "HTTP_AUTHORIZATION",
    "CSRF_COOKIE",
)


class PrivacyExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports without contributor data.

    Every POST field is masked (a story body or claim code must never reach an error
    e-mail or log), and the client's address, user agent, referrer, cookies and the
    Authorization header (which carries claim codes) are dropped.
    """

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            key: value for key, value in meta.items() if not key.startswith(_HIDDEN_META_PREFIXES)
        }

    def get_traceback_frame_variables(self, request, tb_frame):
        # Local variables of a crashing frame may hold story text or a claim code.
        return [(name, self.cleansed_substitute) for name, _ in tb_frame.f_locals.items()]
