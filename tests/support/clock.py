"""A fake clock for the tests of what lives in the cache or waits: ``clock.now += 30`` moves time on."""


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now
