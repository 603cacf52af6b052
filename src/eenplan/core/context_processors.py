from .navigation import navigation_for


def navigation(request):
    """Role-aware navigation for the page shell."""
    return {"navigation": navigation_for(request)}
