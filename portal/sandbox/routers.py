"""Keeps the sandbox's tables in their own database alias, and everything else out of it."""

SANDBOX_APP = "sandbox"
SANDBOX_DB = "sandbox"


def _in_sandbox(model_or_obj) -> bool:
    return model_or_obj._meta.app_label == SANDBOX_APP


class SandboxRouter:
    def db_for_read(self, model, **hints):
        return SANDBOX_DB if _in_sandbox(model) else None

    db_for_write = db_for_read

    def allow_relation(self, obj1, obj2, **hints):
        return _in_sandbox(obj1) == _in_sandbox(obj2)

    def allow_migrate(self, db, app_label, **hints):
        if app_label == SANDBOX_APP:
            return db == SANDBOX_DB
        return db != SANDBOX_DB
