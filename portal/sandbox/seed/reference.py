"""Demo data of the reference group. Idempotent: fixed ids, update_or_create."""


def seed() -> None:
    pass
