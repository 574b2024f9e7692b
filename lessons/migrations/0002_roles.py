"""Create the three roles as groups and give them this app's permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STUDENTS, INSTRUCTORS, ADMINISTRATORS = "Students", "Instructors", "Administrators"
INSTRUCTOR_CODENAMES = [
    "view_course", "view_chapter", "view_lesson", "view_keyterm", "view_timelineevent", "view_cause",
    "view_datatable", "add_cohort", "change_cohort", "view_cohort", "view_enrolment", "view_lessonprogress",
]


def create_roles(apps, schema_editor):
    app_config = apps.get_app_config("lessons")
    app_config.models_module = True  # let create_permissions run inside a migration
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name=STUDENTS)
    instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    lessons_perms = Permission.objects.filter(content_type__app_label="lessons")
    instructors.permissions.add(*lessons_perms.filter(codename__in=INSTRUCTOR_CODENAMES))
    administrators.permissions.add(*lessons_perms)
    administrators.permissions.add(*Permission.objects.filter(content_type__app_label="auth"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[STUDENTS, INSTRUCTORS, ADMINISTRATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
