"""Answering a quiz in the browser: the question types in the order the tests make them, and waiting for the
page's autosave to say "saved"."""

ORDER = ["single", "multiple", "truefalse", "ordering", "date", "matching", "short"]


def wait_saved(page):
    # A locator wait, not wait_for_function: our CSP forbids eval, as it should.
    page.locator("#save-status", has_text="saved").wait_for()
