"""The one CSV writer every export of the site uses, so that a cell a student
typed opens in a spreadsheet as text, never as a formula."""

import csv

# OWASP's CSV injection guidance: a spreadsheet evaluates a cell that begins with
# one of these (a leading tab or line break is skipped, then "=..." runs).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell(value):
    """`value` as it should be written: text that a spreadsheet would run gets
    a leading single quote (shown as text); anything else is unchanged.

    Only text is neutralised. Numbers are written by us (a score, a count),
    never typed by a student, and a negative number must stay a number; a
    student's answer always arrives here as text, even one like "-2+3"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Writer:
    def __init__(self, file):
        self._writer = csv.writer(file)

    def writerow(self, row):
        """Write one row; returns what the file's write returned (the line, for streaming)."""
        return self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(file) -> _Writer:
    """A csv.writer on `file` whose every cell goes through cell()."""
    return _Writer(file)
