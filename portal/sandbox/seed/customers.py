"""Demo data of the customers group. Idempotent: fixed ids, update_or_create."""


def seed() -> None:
    pass
