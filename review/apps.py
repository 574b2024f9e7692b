from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Daily review")

    def ready(self):
        from lessons.page_parts import page_part_register
        from review import lesson_pages

        page_part_register("home", lesson_pages.home_part)
        page_part_register("course", lesson_pages.course_part)
