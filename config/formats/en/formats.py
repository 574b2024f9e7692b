# Dates as historians write them: 19 January 1996 (Django's English default is "Jan. 19, 1996").
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
