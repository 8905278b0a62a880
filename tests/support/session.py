"""A plain session for the unit tests of what the customer session and the account services keep
in it, without Django's session store."""


class PlainSession(dict):
    """What CustomerSession needs of a Django session: a mapping with cycle_key() and flush().
    ``cycled`` says whether the key was renewed (a login must renew it)."""

    cycled = False

    def cycle_key(self):
        self.cycled = True

    def flush(self):
        self.clear()
