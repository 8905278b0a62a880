"""Demo data of the campaigns group. Idempotent: fixed ids, update_or_create."""


def seed() -> None:
    pass
