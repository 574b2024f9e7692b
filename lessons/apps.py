from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = _("Lessons")

    def ready(self):
        from core import markdownx_views, signup, user_import
        from lessons import course_loader, joining
        from lessons.markdown import LESSON_MAX, render_markdown

        course_loader.loader_part_register(course_loader.LESSONS_PART)
        markdownx_views.preview_renderer_set(render_markdown, max_length=LESSON_MAX)
        signup.signup_part_register(joining.SIGNUP_PART)
        user_import.class_column_set(joining.IMPORT_CLASS_COLUMN)
