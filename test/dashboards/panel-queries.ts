/**
 * Every query the dashboards send to Prometheus, with Grafana's variables replaced as Grafana would replace
 * them, so tests can run them against a real Prometheus.
 */
import { renderDashboards } from '../../dashboards/src/render.js';

export interface PanelQuery {
  /** `<dashboard file> / <panel title> / <refId>`: unique and stable. */
  readonly key: string;
  readonly expr: string;
  /** Instant (table) queries are read at the end of the range; range queries over time. */
  readonly instant: boolean;
  /** The panel's Grafana unit (`reqps`, `percentunit`, `s`, `none`); undefined for variables. */
  readonly unit?: string;
}

/** Values for Grafana's variables; `$job`, `$service`, `$cloud` as Grafana renders a selection (a regex). */
export interface VariableValues {
  readonly rateInterval: string;
  readonly range: string;
  readonly job: string;
  readonly service: string;
  readonly cloud: string;
}

/** Every variable at All (`.*`), as a dashboard opens. */
export const allSelected = { job: '.*', service: '.*', cloud: '.*' } as const;

interface DashboardJson {
  templating: { list: { type: string; name: string; query?: unknown }[] };
  panels: {
    title: string;
    type: string;
    fieldConfig?: { defaults: { unit?: string } };
    targets?: { refId: string; expr: string; instant?: boolean }[];
  }[];
}

function dashboards(): [file: string, dashboard: DashboardJson][] {
  return [...renderDashboards()].map(([file, json]) => [file, JSON.parse(json) as DashboardJson]);
}

export function panelQueries(): PanelQuery[] {
  return dashboards().flatMap(([file, dashboard]) =>
    dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({
        key: `${file} / ${panel.title} / ${target.refId}`,
        expr: target.expr,
        instant: target.instant === true,
        unit: panel.fieldConfig?.defaults.unit,
      })),
    ),
  );
}

/**
 * The variables' `label_values(selector, label)` queries, as the PromQL Grafana's Prometheus datasource runs
 * for them (a series lookup): `count by (label) (selector)`.
 */
export function variableQueries(): PanelQuery[] {
  const seen = new Map<string, PanelQuery>();
  for (const [, dashboard] of dashboards()) {
    for (const variable of dashboard.templating.list) {
      const match =
        typeof variable.query === 'string' && /^label_values\((.+), (\w+)\)$/.exec(variable.query);
      if (!match) continue;
      const [, selector, label] = match;
      seen.set(variable.name, {
        key: `variable ${variable.name}`,
        expr: `count by (${label}) (${selector})`,
        instant: true,
      });
    }
  }
  return [...seen.values()];
}

export function substitute(expr: string, values: VariableValues): string {
  return expr
    .replaceAll('$__rate_interval', values.rateInterval)
    .replaceAll('$__range', values.range)
    .replaceAll('$job', values.job)
    .replaceAll('$service', values.service)
    .replaceAll('$cloud', values.cloud);
}
