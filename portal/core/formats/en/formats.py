"""English in the British style, one for every date the portal shows: "19 Dec 2026" (never the
American "12/19/2026" or "Dec. 19, 2026", which Django's ``en`` mixes), times on the 24-hour clock
as in Czech. Dates typed into forms are read as before (Django's ``en`` input formats)."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
