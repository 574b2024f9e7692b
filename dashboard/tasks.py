"""Background jobs of the dashboards (django.tasks), calling their services
and selectors. Arguments are ids (a queued job is stored as JSON)."""

import io

from django.tasks import task

from dashboard import selectors
from lessons import csv_export
from lessons.models import Cohort
from quizzes.summary import summaries_rebuild


@task()
def class_summary_rebuild(cohort_id: int) -> int:
    """Recompute the summaries of the class's course (scores by topic, quiz grades, days of activity) from its
    attempts and lesson records; how many attempts were looked at."""
    return summaries_rebuild(course=Cohort.objects.get(pk=cohort_id).course)["attempts"]


@task()
def grades_export(cohort_id: int) -> str:
    """The class's grades CSV, as the grades download writes it. The text is
    the job's result (kept with the job, not in the public media storage), for
    a view to hand to the instructor who asked once the job is done."""
    header, rows = selectors.grades_table(Cohort.objects.get(pk=cohort_id))
    out = io.StringIO()
    out.write("\ufeff")  # spreadsheets then open it as UTF-8
    writer = csv_export.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
