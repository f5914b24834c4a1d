from functools import cache

from django.conf import settings

from partnership.services.notices import unread_count


def product(request):
    """The product's name, and on a partnership's pages the signed-in person's unread notices in it
    (`unread_notices`: counted by one query, only when the page's header asks for it)."""
    context = {"PRODUCT_NAME": settings.PRODUCT_NAME}
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("partnership_slug") if match else None
    if slug and getattr(request, "user", None) is not None:
        context["unread_notices"] = cache(lambda: unread_count(request.user, slug))
    return context
