"""Demo data of the loyalty group. Idempotent: fixed ids, update_or_create."""


def seed() -> None:
    pass
