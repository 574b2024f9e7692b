"""The dashboards keep no tables: they read what the quizzes and lessons
write, including the per-topic summary `quizzes.models.AttemptTopicScore`
that the quiz services keep up to date."""
