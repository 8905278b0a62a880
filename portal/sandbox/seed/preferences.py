"""Demo data of the preferences group. Idempotent: fixed ids, update_or_create."""


def seed() -> None:
    pass
