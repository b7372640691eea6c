"""The user name login throttling counts failures under."""

from django.conf import settings


def throttled_username(request, credentials) -> str:
    """Spacing and case do not make a new name to guess under: `Filler`, ` filler` and `FILLER` share one
    counter. (Logging in itself stays exact: only `filler` is that user.)"""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return (username or "").strip().casefold()
