/**
 * What every zscaler-otel-agent dashboard shares: tags, time range, refresh, the variables, shared crosshair,
 * links to its siblings (by tag, so no uid is hard-wired) and stable panel ids.
 */
import {
  type Dashboard,
  type DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { variables } from '#src/variables';

const tag = 'zscaler-otel-agent';

export function dashboardDefaults(builder: DashboardBuilder): DashboardBuilder {
  return (
    builder
      .tags([tag, 'zscaler', 'opentelemetry'])
      .editable()
      .time({ from: 'now-1h', to: 'now' })
      .refresh('30s')
      .tooltip(DashboardCursorSync.Crosshair)
      .variables(variables)
      // An empty list, not a missing one: Grafana adds its built-in annotations to it on load.
      .annotations([])
      .link(
        new DashboardLinkBuilder('Zscaler dashboards')
          .type(DashboardLinkType.Dashboards)
          .tags([tag])
          .asDropdown(false)
          .includeVars(true)
          .keepTime(true),
      )
  );
}

/** The dashboard JSON, panels numbered in layout order so ids stay stable from one build to the next. */
export function buildDashboard(builder: DashboardBuilder): Dashboard {
  const dashboard = builder.build();
  dashboard.panels?.forEach((panel, index) => {
    panel.id = index + 1;
  });
  // The SDK's default placement puts links in Grafana 12's collapsed controls menu; without it they show
  // next to the variables, in Grafana 11 and 12 alike.
  for (const link of dashboard.links ?? []) delete link.placement;
  return dashboard;
}
