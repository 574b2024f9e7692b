"""The topic bank (theory, dates, causes; a quiz may be mixed) is called
`topic`, not `kind`: a question's *type* is another idea."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("quizzes", "0007_option_weight"),
    ]

    operations = [
        migrations.RenameField(model_name="question", old_name="kind", new_name="topic"),
        migrations.RenameField(model_name="quiz", old_name="kind", new_name="topic"),
        migrations.AlterField(
            model_name="question",
            name="topic",
            field=models.CharField(choices=[("theory", "theory"), ("dates", "dates"), ("causes", "causes")],
                                   max_length=10, verbose_name="topic"),
        ),
        migrations.AlterField(
            model_name="quiz",
            name="topic",
            field=models.CharField(choices=[("theory", "theory"), ("dates", "dates"), ("causes", "causes"),
                                            ("mixed", "mixed")], default="mixed", max_length=10,
                                   verbose_name="topic"),
        ),
        migrations.AlterModelOptions(
            name='question',
            options={'ordering': ['course', 'topic', 'slug'], 'verbose_name': 'question', 'verbose_name_plural': 'questions'},
        ),
        migrations.AlterField(
            model_name='quiz',
            name='draw_count',
            field=models.PositiveSmallIntegerField(default=0, help_text="0: use the fixed questions. N: draw N questions at random from the bank (matching the quiz's topic, chapter and tags) for each attempt.", verbose_name='questions drawn'),
        ),
    ]
