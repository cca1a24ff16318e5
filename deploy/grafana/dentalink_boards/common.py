"""What the Dentalink dashboards share: the Prometheus data source variable every query goes through,
label variables, panels that always carry a description and a unit, rows laid out on the grid and
ids that only depend on the order of the panels (so the generated JSON is stable).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from grafana_foundation_sdk.builders import common as viz
from grafana_foundation_sdk.builders import dashboard as board
from grafana_foundation_sdk.builders import prometheus, stat, statetimeline, timeseries
from grafana_foundation_sdk.cog.builder import Builder
from grafana_foundation_sdk.models import common as viz_model
from grafana_foundation_sdk.models import dashboard as model

# Every panel and query reads the data source the `datasource` variable names (provisioned default:
# the Prometheus of uid `prometheus`), so one dashboard serves any Prometheus holding the same jobs.
DATASOURCE = model.DataSourceRef(type_val="prometheus", uid="${datasource}")
TAG = "dentalink"
# Grafana's window for rate(): at least four scrapes whatever the zoom (a fixed [1m] is empty when
# zoomed out far and jagged when zoomed in).
RATE = "$__rate_interval"
ALL = model.VariableOption(selected=True, text="All", value="$__all")

PanelBuilder = Builder[model.Panel]


def or_zero(expr: str) -> str:
    """`expr`, or 0 while it has no series: a counter appears only with its first event (no dead
    letter yet, no 429 yet), and a panel should then read 0 rather than "No data"."""
    return f"{expr} or on() vector(0)"


@dataclass(frozen=True)
class Query:
    expr: str
    legend: str = "__auto"


@dataclass(frozen=True)
class Section:
    """A row and the panels under it, left to right then top to bottom (24 columns a line)."""

    title: str
    panels: Sequence[PanelBuilder]


def _target(query: Query, index: int, instant: bool) -> prometheus.Dataquery:
    target = (
        prometheus.Dataquery()
        .expr(query.expr)
        .legend_format(query.legend)
        .ref_id(chr(ord("A") + index))
        .datasource(DATASOURCE)
    )
    return target.instant() if instant else target.range()


def graph(
    title: str,
    description: str,
    unit: str,
    *queries: Query,
    width: int = 12,
    height: int = 8,
    stacked: bool = False,
    limits: Builder[model.ThresholdsConfig] | None = None,
) -> timeseries.Panel:
    """A time series panel; its y axis starts at 0 (rates, counts, durations are never negative).
    `limits` draws dashed lines where an alert or SLO threshold lies."""
    panel = (
        timeseries.Panel()
        .title(title)
        .description(description)
        .unit(unit)
        .min(0)
        .datasource(DATASOURCE)
        .span(width)
        .height(height)
        .fill_opacity(10)
        .line_width(1)
        .legend(
            viz.VizLegendOptions()
            .show_legend(True)
            .display_mode(viz_model.LegendDisplayMode.LIST)
            .placement(viz_model.LegendPlacement.BOTTOM)
        )
        .tooltip(
            viz.VizTooltipOptions()
            .mode(viz_model.TooltipDisplayMode.MULTI)
            .sort(viz_model.SortOrder.DESCENDING)
        )
    )
    if stacked:
        panel.stacking(viz.StackingConfig().mode(viz_model.StackingMode.NORMAL))
    if limits is not None:
        panel.thresholds(limits).thresholds_style(
            viz.GraphThresholdsStyleConfig().mode(viz_model.GraphThresholdsStyleMode.DASHED)
        )
    for index, query in enumerate(queries):
        panel.with_target(_target(query, index, instant=False))
    return panel


def single(
    title: str,
    description: str,
    unit: str,
    *queries: Query,
    width: int = 6,
    height: int = 5,
    mappings: Sequence[model.ValueMapping] = (),
    thresholds: Builder[model.ThresholdsConfig] | None = None,
) -> stat.Panel:
    """A stat panel showing the last value of each series (an instant query)."""
    panel = (
        stat.Panel()
        .title(title)
        .description(description)
        .unit(unit)
        .datasource(DATASOURCE)
        .span(width)
        .height(height)
        .graph_mode(viz_model.BigValueGraphMode.NONE)
        .color_mode(viz_model.BigValueColorMode.VALUE)
        .reduce_options(viz.ReduceDataOptions().values(False).calcs(["lastNotNull"]))
    )
    if mappings:
        panel.mappings(list(mappings))
    if thresholds is not None:
        panel.thresholds(thresholds)
    for index, query in enumerate(queries):
        panel.with_target(_target(query, index, instant=True))
    return panel


def timeline(
    title: str,
    description: str,
    unit: str,
    *queries: Query,
    mappings: Sequence[model.ValueMapping],
    thresholds: Builder[model.ThresholdsConfig],
    width: int = 12,
    height: int = 8,
) -> statetimeline.Panel:
    """A state timeline: one lane per series, coloured by its mapped state (e.g. circuit breakers)."""
    panel = (
        statetimeline.Panel()
        .title(title)
        .description(description)
        .unit(unit)
        .datasource(DATASOURCE)
        .span(width)
        .height(height)
        .mappings(list(mappings))
        .thresholds(thresholds)
        .show_value(viz_model.VisibilityMode.AUTO)
        .merge_values(True)
    )
    for index, query in enumerate(queries):
        panel.with_target(_target(query, index, instant=False))
    return panel


def states(texts: Mapping[int, tuple[str, str]]) -> list[model.ValueMapping]:
    """Value mappings {value: (text, colour)}: 0/1 gauges read as down/up, 0/1/2 as breaker states."""
    return [
        model.ValueMap(
            options={
                str(value): model.ValueMappingResult(text=text, color=color, index=index)
                for index, (value, (text, color)) in enumerate(sorted(texts.items()))
            }
        )
    ]


def steps(*levels: tuple[float | None, str]) -> board.ThresholdsConfig:
    """Absolute thresholds [(None, base colour), (value, colour from value on), ...]."""
    return (
        board.ThresholdsConfig()
        .mode(model.ThresholdsMode.ABSOLUTE)
        .steps([model.Threshold(value=value, color=color) for value, color in levels])
    )


UP_DOWN = states({0: ("down", "red"), 1: ("up", "green")})
ZERO_IS_GOOD = steps((None, "green"), (1, "red"))


def label_variable(name: str, label: str, query: str, description: str) -> board.QueryVariable:
    """A multi-value label variable, `All` by default; All means `.+`, so selectors read `=~"$name"`."""
    return (
        board.QueryVariable(name)
        .label(label)
        .description(description)
        .datasource(DATASOURCE)
        .query(query)
        .refresh(model.VariableRefresh.ON_TIME_RANGE_CHANGED)
        .sort(model.VariableSort.ALPHABETICAL_ASC)
        .multi(True)
        .include_all(True)
        .all_value(".+")
        .current(ALL)
    )


def dashboard(
    uid: str,
    title: str,
    description: str,
    sections: Sequence[Section],
    variables: Sequence[board.QueryVariable] = (),
    tags: Sequence[str] = (),
) -> model.Dashboard:
    builder = (
        board.Dashboard(title)
        .uid(uid)
        .description(description)
        .tags([TAG, *tags])
        .editable()
        .refresh("30s")
        .time("now-1h", "now")
        .timezone("browser")
        .tooltip(model.DashboardCursorSync.CROSSHAIR)
        .link(
            board.DashboardLink("Dentalink dashboards")
            .type(model.DashboardLinkType.DASHBOARDS)
            .tags([TAG])
            .as_dropdown(True)
            .keep_time(True)
            .include_vars(False)
        )
        .with_variable(
            board.DatasourceVariable("datasource")
            .label("Data source")
            .description("The Prometheus scraping the Dentalink jobs")
            .type("prometheus")
        )
    )
    for variable in variables:
        builder.with_variable(variable)
    for section in sections:
        builder.with_row(board.Row(section.title))
        for panel in section.panels:
            builder.with_panel(panel)
    built = builder.build()
    # Ids by position: stable from one generation to the next, unique within the dashboard.
    for number, placed in enumerate(built.panels or [], start=1):
        placed.id_val = number
    return built
