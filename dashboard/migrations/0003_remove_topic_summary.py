"""The per-topic summary now lives in quizzes (quizzes.0013_topic_summary rebuilt it there)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dashboard', '0002_topic'),
        ('quizzes', '0013_topic_summary'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='attempttopicscore',
            name='attempttopicscore_unique',
        ),
        migrations.DeleteModel(
            name='AttemptTopicScore',
        ),
    ]
