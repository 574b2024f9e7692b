from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Daily review")

    def ready(self):
        from lessons.content_saved import content_saved_register
        from lessons.course_loader import loader_part_register
        from lessons.page_parts import page_part_register
        from review import lesson_pages
        from review.course_loading import REVIEW_PART
        from review.services import item_cards_sync

        page_part_register("home", lesson_pages.home_part)
        page_part_register("course", lesson_pages.course_part)
        # The cards are made where the timeline and glossary are written, so the review page only reads.
        loader_part_register(REVIEW_PART)
        content_saved_register(item_cards_sync)
