"""Options are always shuffled now (the setting goes), and the page names each
option, item and category by a random token. Attempts still open when this
runs get tokens too, so their pages stop showing author positions; options
and categories not yet answered are shuffled again (a quiz that did not
shuffle showed the author's order); an ordering answer that is just the
order the question arrived in is cleared, since an untouched ordering
question is unanswered."""

import secrets

SHUFFLE = secrets.SystemRandom()

from django.db import migrations

CHOICE_TYPES = {"single", "multiple"}


def _tokens(ids):
    tokens = {}
    for part in ids:
        token = secrets.token_hex(5)
        while token in tokens.values():
            token = secrets.token_hex(5)
        tokens[str(part)] = token
    return tokens


def add_tokens(apps, schema_editor):
    Response = apps.get_model("quizzes", "Response")
    open_responses = Response.objects.filter(attempt__submitted_at__isnull=True).exclude(shown__has_key="tokens")
    for response in open_responses.iterator():
        snapshot, shown = response.snapshot, dict(response.shown or {})
        kind = snapshot.get("type")
        if kind in CHOICE_TYPES:
            ids = [o["id"] for o in snapshot["options"]]
        elif kind in ("ordering", "matching"):
            ids = [item["id"] for item in snapshot["items"]]
        else:
            continue
        shown.setdefault("order", ids)
        if kind != "ordering" and response.answer is None:
            shown["order"] = SHUFFLE.sample(ids, len(ids))
        shown["tokens"] = _tokens(ids)
        fields = ["shown"]
        if kind == "matching":
            categories = list(range(len(snapshot["categories"])))
            shown["categories"] = categories if response.answer else SHUFFLE.sample(categories, len(categories))
            shown["category_tokens"] = _tokens(categories)
        if kind == "ordering" and response.answer and response.answer.get("order") == shown["order"]:
            response.answer, response.answered_at = None, None
            fields += ["answer", "answered_at"]
        response.shown = shown
        response.save(update_fields=fields)


class Migration(migrations.Migration):

    dependencies = [
        ("quizzes", "0003_attemptreset"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="quiz",
            name="shuffle_options",
        ),
        migrations.RunPython(add_tokens, migrations.RunPython.noop),
    ]
