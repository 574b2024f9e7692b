"""The topic bank is called `topic`, not `kind`: a question's *type* is another idea."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("dashboard", "0001_attempttopicscore"),
        ("quizzes", "0008_topic"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="attempttopicscore", name="attempttopicscore_unique"),
        migrations.RenameField(model_name="attempttopicscore", old_name="kind", new_name="topic"),
        migrations.AlterModelOptions(
            name="attempttopicscore",
            options={"ordering": ["attempt", "topic"], "verbose_name": "attempt score by topic",
                     "verbose_name_plural": "attempt scores by topic"},
        ),
        migrations.AddConstraint(
            model_name="attempttopicscore",
            constraint=models.UniqueConstraint(fields=("attempt", "topic"), name="attempttopicscore_unique"),
        ),
    ]
