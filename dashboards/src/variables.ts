/**
 * The variables both dashboards share: which Prometheus, which services (`job`), which Zscaler service, which
 * Zscaler cloud. No datasource uid is fixed, so the JSON imports into any Grafana.
 */
import type * as common from '@grafana/grafana-foundation-sdk/common';
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { counter, label } from '#src/promql';

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, resolved by Grafana.
export const datasource: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

const datasourceVariable = new DatasourceVariableBuilder('datasource')
  .label('Data source')
  .type('prometheus');

/** A multi-value variable over one label of the request counter; All is `.*` so it also matches no label. */
function labelVariable(name: string, label: string, title: string, description: string, scope: string) {
  const query = `label_values(${counter.requests}${scope}, ${label})`;
  return new QueryVariableBuilder(name)
    .label(title)
    .description(description)
    .datasource(datasource)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all' });
}

export const variables = [
  datasourceVariable,
  labelVariable(
    'job',
    'job',
    'Job',
    'The calling service: service.name through a Collector or OTLP receiver; the scrape job name when Prometheus scrapes the app.',
    '',
  ),
  labelVariable(
    'service',
    label.service,
    'Zscaler service',
    'zscaler.service: zia, zpa, zcc, ztw, zdx, zidentity, zwa, oneapi.',
    '{job=~"$job"}',
  ),
  labelVariable(
    'cloud',
    'zscaler_cloud',
    'Zscaler cloud',
    'zscaler.cloud, where series carry it (a promoted resource attribute or a scrape-target label); All also matches series without it.',
    '{job=~"$job"}',
  ),
];
