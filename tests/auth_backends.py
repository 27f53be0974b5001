"""Login throttling for the test suite, where Django's test client logs in without a request."""

from axes.backends import AxesStandaloneBackend


class RequestOptionalAxesBackend(AxesStandaloneBackend):
    """Lets ``client.login()`` through unchecked; logins through the admin form stay throttled."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
