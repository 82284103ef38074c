/**
 * Panel and query builders with the house defaults: every panel reads the `$datasource` variable, legends are
 * tables an operator can sort, tooltips show every series.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import {
  type DynamicConfigValue,
  type Threshold,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as text from '@grafana/grafana-foundation-sdk/text';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { datasource } from '#src/variables';

/** A range query drawn over time; refIds follow the order queries are added (A, B, C…). */
export function rangeQuery(refId: string, expr: string, legendFormat: string) {
  return new prometheus.DataqueryBuilder()
    .datasource(datasource)
    .refId(refId)
    .expr(expr)
    .legendFormat(legendFormat)
    .editorMode(prometheus.QueryEditorMode.Code)
    .range();
}

/** One value per series at the end of the time range (a stat over `$__range`, or table rows). */
export function instantQuery(refId: string, expr: string, format: prometheus.PromQueryFormat) {
  return new prometheus.DataqueryBuilder()
    .datasource(datasource)
    .refId(refId)
    .expr(expr)
    .editorMode(prometheus.QueryEditorMode.Code)
    .format(format)
    .instant();
}

export function instantTableQuery(refId: string, expr: string) {
  return instantQuery(refId, expr, prometheus.PromQueryFormat.Table);
}

/** Absolute thresholds: a base colour, then each step's colour from its value up. */
export function thresholds(base: string, ...steps: [value: number, color: string][]) {
  const all: Threshold[] = [
    { value: null, color: base },
    ...steps.map(([value, color]) => ({ value, color })),
  ];
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(all);
}

export function timeseriesPanel(title: string, description: string) {
  return new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(datasource)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .spanNulls(false)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .calcs(['mean', 'max', 'lastNotNull'])
        .sortBy('Max')
        .sortDesc(true),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    );
}

/** A field override that paints a series in one colour. */
export function fixedColor(color: string): DynamicConfigValue {
  return { id: 'color', value: { mode: 'fixed', fixedColor: color } };
}

/** A field override that draws a series dashed, to tell a reference (what was asked) from what happened. */
export function dashedLine(): DynamicConfigValue {
  return { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } };
}

/** Thresholds drawn on a time series as dashed lines, so a breach is visible without reading the axis. */
export function dashedThresholdLines() {
  return new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed);
}

export function stackedBars() {
  return new common.StackingConfigBuilder().mode(common.StackingMode.Normal);
}

/** A single current value (the last point of the range), coloured by its thresholds. */
export function statPanel(title: string, description: string) {
  return new stat.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(datasource)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.Value);
}

/** A table of instant-query rows: one column per label, the value column named `valueName`, no time column. */
export function tablePanel(title: string, description: string, valueName: string) {
  return new table.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(datasource)
    .filterable(true)
    .withTransformation({
      id: 'organize',
      options: { excludeByName: { Time: true }, renameByName: { Value: valueName } },
    })
    .sortBy([new common.TableSortByFieldStateBuilder().displayName(valueName).desc(true)]);
}

export function markdownPanel(title: string, content: string) {
  return new text.PanelBuilder().title(title).mode(text.TextMode.Markdown).content(content);
}
