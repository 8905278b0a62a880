"""Shaping CareCloud records: every optional or nullable field of the spec may be missing."""




