"""A cheap Argon2 for the test suite only: the same algorithm and hash format as production
(so tests still see "argon2$…" hashes), with minimal cost parameters so that building the
named test users takes milliseconds instead of a second."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64
    parallelism = 1
