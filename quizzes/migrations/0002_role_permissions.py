"""Give the roles (created by lessons.0002_roles) this app's permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INSTRUCTOR_MODELS = ["quiz", "quizquestion", "question", "option", "orderingitem", "matchpair", "datekey",
                     "acceptedanswer", "tag", "accommodation"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("quizzes")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="quizzes")
    instructors = Group.objects.get(name="Instructors")
    instructors.permissions.add(*perms.filter(content_type__model__in=INSTRUCTOR_MODELS))
    instructors.permissions.add(*perms.filter(codename__in=["view_attempt", "view_response"]))
    administrators = Group.objects.get(name="Administrators")
    administrators.permissions.add(*perms.exclude(codename__in=["change_attempt", "change_response"]))


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0001_initial"), ("lessons", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
