"""Demo data of the points group. Idempotent: fixed ids, update_or_create."""


def seed() -> None:
    pass
