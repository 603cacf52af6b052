class DutchByDefaultMiddleware:
    """The UI is Dutch unless the user picked another language with the language switch (cookie).

    The browser's Accept-Language is not followed: many people in the Netherlands run an English
    browser and still expect the gemeente's screens in Dutch.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
