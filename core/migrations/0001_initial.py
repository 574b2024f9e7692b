# LanguagePreference moved here from lessons: the table (lessons_languagepreference, made by
# lessons 0004) and its rows stay where they are; only Django's state moves.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('lessons', '0005_chinese_edition'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='LanguagePreference',
                    fields=[
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='language_preference', serialize=False, to=settings.AUTH_USER_MODEL, verbose_name='user')),
                        ('language', models.CharField(choices=[('en', 'English'), ('zh-hant', 'Traditional Chinese')], max_length=10, verbose_name='language')),
                        ('changed_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                    ],
                    options={
                        'verbose_name': 'language preference',
                        'verbose_name_plural': 'language preferences',
                        'db_table': 'lessons_languagepreference',
                        'ordering': ['user'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
