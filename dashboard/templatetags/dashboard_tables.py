"""The rows of the dashboard's breakdown tables, written in Python, and the parts of its body kept rendered.

A year's tables hold thousands of linked figures (a row per plan, objective, category, unit, office and
period, eight links each), and the template language spends microseconds on every variable: these two tags
write the same HTML as the template loop did, in a fraction of the time, so a dashboard whose figures
changed renders quickly. The row's label is escaped; everything else is our own numbers and query strings.
"""

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from dashboard import figure_cache

register = template.Library()
LABEL_CHARS = 110


def _base(context, row) -> str:
    """The task list behind a row: the page's scope plus the row's own filter (escaped for an attribute)."""
    return escape(f"{context['tasks_url']}?{context['scope_query']}&{row.query}")


def _label(row, base: str) -> str:
    return f'<th scope="row" class="fw-normal"><a href="{base}">{escape(Truncator(row.label).chars(LABEL_CHARS))}</a></th>'


def _figure(count, href: str, *, figure: str = "", late: bool = False) -> str:
    """A count linking to its tasks (`data-figure` names it for the tests), or a plain 0."""
    if not count:
        return '<td class="text-end">0</td>'
    attributes = (f' data-figure="{figure}"' if figure else "") + (' class="late"' if late else "")
    return f'<td class="text-end"><a{attributes} href="{href}">{count}</a></td>'


@register.simple_tag(takes_context=True)
def standing_rows(context, rows, table_id: str):
    """The rows of a four-state table (includes/standing_table.html): the states, due by today, the on-time
    rate and the extensions, each count linking to its tasks."""
    table_id = escape(table_id)
    out = []
    for row in rows:
        base, counts = _base(context, row), row.counts
        cells = "".join(
            _figure(cell["count"], f"{base}&amp;standing={cell['standing'].value}",
                    figure=f"{table_id}-{cell['standing'].value}")
            for cell in row.cells
        )
        due_href = f"{base}&amp;{escape(row.due_query)}" if row.due_query else base
        rate = "—" if row.rate is None else f"{row.rate} %"
        out.append(
            f"<tr>{_label(row, base)}{cells}"
            f"{_figure(counts['due'], due_href, figure=f'{table_id}-due')}"
            f'<td class="text-end">{rate}</td>'
            f"{_figure(counts['extended'], f'{base}&amp;extended=on', figure=f'{table_id}-extended')}</tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - numbers, our own query strings and escaped labels


@register.simple_tag(takes_context=True)
def bucket_rows(context, rows):
    """The rows of a breakdown by bucket (includes/breakdown.html): a count per bucket linking to its tasks,
    the total, and the stacked bar."""
    out = []
    for row in rows:
        base, segments = _base(context, row), row.segments
        cells = "".join(
            _figure(s["count"], f"{base}&amp;bucket={s['bucket'].value}", late=s["bucket"].value == "late")
            for s in segments
        )
        bars = "".join(
            f'<rect x="{s["x"]}" y="0" width="{s["width"]}" height="10" fill="{s["colour"]}"></rect>'
            for s in segments if s["width"]
        )
        out.append(
            f"<tr>{_label(row, base)}{cells}"
            f'<td class="text-end">{row.total}</td>'
            '<td class="chart-col"><svg class="stacked-bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
            f'aria-hidden="true" focusable="false">{bars}</svg></td></tr>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - numbers, our own query strings and escaped labels


class FiguresPartNode(template.Node):
    def __init__(self, nodelist, name: str, groups: tuple):
        self.nodelist, self.name, self.groups = nodelist, name, groups

    def _groups(self, context) -> tuple[str, ...]:
        """The literal groups, and those a variable names (a group or a list of them) in this context."""
        found = []
        for group in self.groups:
            value = group.resolve(context) if isinstance(group, template.Variable) else group
            found += [value] if isinstance(value, str) else list(value)
        return tuple(found)

    def render(self, context):
        key = context.get("figures_key")
        if not key:  # rendered outside the dashboard's body (an export, a test of one include)
            return self.nodelist.render(context)
        return figure_cache.get_or_compute(
            f"{key}:{self.name}", lambda: self.nodelist.render(context), settings.DASHBOARD_CACHE_SECONDS,
            groups=self._groups(context),
        )


@register.tag
def figures_part(parser, token):
    """`{% figures_part "name" "group" … %}…{% endfigures_part %}`: a part of the dashboard's body kept
    rendered (figure_cache) until a record of one of its groups changes, so that a report saved renders
    the parts that show reports again (the summary, the completeness table), not the task tables. A group
    not in quotes is a variable of the context holding groups (`report_groups`: the shown periods' own).
    Keyed by the body's own key (`figures_key`: audience, language, day, query) and the part's name."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and at least one group")
    name = bits[1].strip("\"'")
    groups = tuple(bit.strip("\"'") if bit[0] in "\"'" else template.Variable(bit) for bit in bits[2:])
    unknown = {group for group in groups if isinstance(group, str)} - set(figure_cache.EVERY_GROUP)
    if unknown:
        raise template.TemplateSyntaxError(f"{bits[0]}: unknown group(s) {', '.join(sorted(unknown))}")
    nodelist = parser.parse(("endfigures_part",))
    parser.delete_first_token()
    return FiguresPartNode(nodelist, name, groups)
