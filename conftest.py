"""Project-wide pytest setup."""

import os

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls in
# such a thread unless told it is safe (the test thread is still synchronous code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
