"""A plain session for the unit tests of what the customer session and the account services keep
in it, without Django's session store."""


class PlainSession(dict):
    """What CustomerSession needs of a Django session: a mapping with cycle_key() and flush()."""

    def cycle_key(self):
        pass

    def flush(self):
        self.clear()
