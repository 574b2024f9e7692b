"""The names of the attempt page's form fields: the page writes them and
`services.attempt_save` reads them back from the POST."""


def answer_prefix(position: int) -> str:
    """The prefix of the answer fields of the question at this position
    (a type's template and `parse` add the rest)."""
    return f"q{position}"


def flag_field(position: int) -> str:
    """The field that carries a question's "come back to this" flag."""
    return f"{answer_prefix(position)}-flag"
