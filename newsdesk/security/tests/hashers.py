from django.contrib.auth.hashers import Argon2PasswordHasher


class LightArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 for tests only: same format ("argon2$..."), tiny memory and time costs."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1
