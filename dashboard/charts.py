"""Geometry of the dashboards' server-side SVG charts (the house pattern of
`lessons.rendering.bar_chart`): numbers in, coordinates out. Every chart is
also shown as a table of the same numbers."""

CHART_WIDTH = 640
CHART_HEIGHT = 170
AXIS = 28  # room under the columns for the labels
LEFT = 30  # room for the scale


def column_chart(points: list[tuple[str, float]], *, width: int = CHART_WIDTH, height: int = CHART_HEIGHT,
                 label_every: int = 1) -> dict:
    """Vertical columns, one a point; every `label_every`-th label is drawn
    (thirty days do not all fit under a chart)."""
    peak = max((value for _, value in points), default=0) or 1
    plot = height - AXIS - 10
    slot = (width - LEFT) / max(1, len(points))
    gap = max(1.0, slot * 0.18)
    columns = []
    for index, (label, value) in enumerate(points):
        column_height = round(plot * value / peak, 1)
        x = round(LEFT + index * slot + gap / 2, 1)
        columns.append({
            "label": label, "value": value, "x": x, "width": round(slot - gap, 1),
            "y": round(10 + plot - column_height, 1), "height": max(column_height, 0.5 if value else 0),
            "centre": round(x + (slot - gap) / 2, 1), "show_label": index % label_every == 0,
        })
    return {"columns": columns, "width": width, "height": height, "peak": peak, "baseline": 10 + plot,
            "label_y": 10 + plot + 18, "left": LEFT, "peak_y": 14}
