"""Shaping CareCloud records, value by value: a timestamp that is no text is no date (not an
error), and a reward's whole shape when CareCloud leaves its optional fields out."""




