# LanguagePreference is core's now (core 0001): Django forgets it here, and the table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('lessons', '0005_chinese_edition'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='LanguagePreference')],
            database_operations=[],
        ),
    ]
