"""Pure grading functions: an answer and a key in, a fraction in [0, 1] out;
the one loop that grades an attempt's answers through the type registry and
sums them; and a quiz's grade from its attempts' percentages.

No database, no requests: each rule is stated here once and tested directly.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence

from quizzes import types as question_types
from quizzes.models import GradingMethod

# Variant characters a student may type for the same word (simplified or
# alternative forms → the forms the course uses).
CHARACTER_VARIANTS = str.maketrans({
    "台": "臺", "罗": "羅", "亚": "亞", "乔": "喬", "萨": "薩", "维": "維", "兹": "茲",
    "奥": "奧", "约": "約", "国": "國", "现": "現", "实": "實", "义": "義", "势": "勢",
    "护": "護", "卫": "衛", "胁": "脅", "权": "權", "论": "論", "联": "聯", "苏": "蘇",
    "线": "線", "战": "戰", "争": "爭", "乌": "烏", "阵": "陣", "贝": "貝",
})


def normalise_text(text: str) -> str:
    """Fold case, full-width/half-width and spacing: 'ＳＯＵＴＨ  ossetia' → 'southossetia'."""
    folded = unicodedata.normalize("NFKC", text or "").casefold().translate(CHARACTER_VARIANTS)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "-‐‑–—'’.·・‧•「」『』")


def grade_single(chosen: int | None, correct: int) -> float:
    return 1.0 if chosen is not None and chosen == correct else 0.0


def grade_multiple(chosen: set[int], correct: set[int]) -> float:
    """Each right option ticked earns an equal share of the marks; each wrong
    option ticked takes one share away; the result never drops below zero."""
    if not correct:
        return 0.0
    hits = len(chosen & correct)
    misses = len(chosen - correct)
    return max(0.0, (hits - misses) / len(correct))


def grade_weighted(chosen: set[int], weights: dict[int, float]) -> float:
    """Moodle's rule for weighted options: the sum of the chosen options'
    weights (fractions from -1 to 1), clipped to 0 … 1."""
    return min(1.0, max(0.0, sum(weights.get(option, 0.0) for option in chosen)))


def grade_true_false(chosen: bool | None, correct: bool) -> float:
    return 1.0 if chosen is not None and chosen == correct else 0.0


def grade_ordering(order: Sequence[int], correct: Sequence[int]) -> float:
    """Credit per adjacent pair placed in the right relative order:
    for correct order a<b<c, the pairs (a,b) and (b,c) each earn 1/(n-1)."""
    if len(correct) < 2 or sorted(order) != sorted(correct):
        return 0.0
    place = {item: index for index, item in enumerate(order)}
    pairs = list(zip(correct, correct[1:], strict=False))
    right = sum(1 for first, second in pairs if place[first] + 1 == place[second])
    return right / len(pairs)


def grade_date(answer: tuple[int, int | None, int | None], key: tuple[int, int, int],
               precision: str) -> float:
    """Right when every part the precision asks for matches (year; year and
    month; or the full date). Parts beyond the precision are ignored."""
    year, month, day = answer
    if year != key[0]:
        return 0.0
    if precision in ("month", "day") and month != key[1]:
        return 0.0
    if precision == "day" and day != key[2]:
        return 0.0
    return 1.0


def grade_matching(assigned: dict[int, int | None], correct: dict[int, int]) -> float:
    """Equal credit for each item put in its right category."""
    if not correct:
        return 0.0
    right = sum(1 for item, category in correct.items() if assigned.get(item) == category)
    return right / len(correct)


def grade_short(text: str, accepted: Sequence[str], fractions: Sequence[float] | None = None) -> float:
    """The credit of the best accepted answer that matches (see `best_match`)."""
    best = best_match(text, accepted, fractions)
    return 0.0 if best is None else best[1]


def best_match(text: str, accepted: Sequence[str], fractions: Sequence[float] | None = None
               ) -> tuple[int, float] | None:
    """(index, credit) of the highest-credit accepted answer `text` matches, or
    None. An accepted answer's '*' stands for any run of characters, as in
    Moodle ('\\*' is a literal star); case, width and spacing are folded."""
    given = normalise_text(text)
    if not given:
        return None
    best = None
    for index, pattern in enumerate(accepted):
        fraction = fractions[index] if fractions is not None else 1.0
        if _matches(given, pattern) and (best is None or fraction > best[1]):
            best = (index, fraction)
    return best


def _matches(given: str, pattern: str) -> bool:
    if "*" not in pattern:
        return given == normalise_text(pattern)
    bits = [normalise_text(bit.replace("\\*", "*")) for bit in re.split(r"(?<!\\)\*", pattern)]
    return re.fullmatch(".*".join(re.escape(bit) for bit in bits), given, flags=re.DOTALL) is not None


# ---- an attempt's answers, and a quiz's grade ---------------------------------------

def response_grade(response) -> None:
    """Grade one automatic answer in place against its snapshot: its fraction, and its score in points."""
    response.fraction = question_types.get_type(response.snapshot["type"]).grade(response.snapshot, response.answer)
    response.score = response.fraction * response.snapshot["points"]


def responses_grade(responses: Iterable) -> float | None:
    """Grade an attempt's automatic answers in place; the total, or None while
    an essay waits for a person. An essay's score is a person's and is only
    read; one left blank and not graded gets 0 (it needs no reader)."""
    responses = list(responses)
    waiting = False
    for response in responses:
        if question_types.get_type(response.snapshot["type"]).manual:
            if response.answer is None and response.score is None:
                response.fraction, response.score = 0.0, 0.0
            waiting = waiting or response.score is None
            continue
        response_grade(response)
    return None if waiting else round(sum(r.score or 0.0 for r in responses), 4)


def score_percent(score, max_score) -> float | None:
    """An attempt's score as a percentage of its maximum, to one decimal; None without either."""
    if score is None or not max_score:
        return None
    return round(100 * score / max_score, 1)


def quiz_grade_percent(quiz, percents: list[float]) -> float | None:
    """The student's grade on a quiz from their submitted attempts' percentages
    (oldest first), by the quiz's grading method."""
    if not percents:
        return None
    method = quiz.grading_method
    if method == GradingMethod.FIRST:
        return percents[0]
    if method == GradingMethod.LATEST:
        return percents[-1]
    if method == GradingMethod.AVERAGE:
        return round(sum(percents) / len(percents), 1)
    return max(percents)
