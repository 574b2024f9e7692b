from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from lessons.course_loader import loader_part_register
        from lessons.page_parts import page_part_register
        from quizzes import course_loading, lesson_pages, summary

        summary.connect()
        loader_part_register(course_loading.QUIZZES_PART)
        # After the review's link on a course's card (review's part is at 0).
        page_part_register("home", lesson_pages.home_part, position=1)
        page_part_register("course", lesson_pages.course_part)
