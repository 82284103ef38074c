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

interface LabelVariable {
  readonly name: string;
  readonly label: string;
  readonly title: string;
  readonly description: string;
  /** A selector narrowing the values to the variables before it, e.g. `{job=~"$job"}`. */
  readonly scope: string;
}

/** A multi-value variable over one label of the request counter; All is `.*` so it also matches no label. */
function labelVariable({ name, label, title, description, scope }: LabelVariable) {
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
  labelVariable({
    name: 'job',
    label: 'job',
    title: 'Job',
    description:
      'The calling service: service.name through a Collector or OTLP receiver; the scrape job name when Prometheus scrapes the app.',
    scope: '',
  }),
  labelVariable({
    name: 'service',
    label: label.service,
    title: 'Zscaler service',
    description: 'zscaler.service: zia, zpa, zcc, ztw, zdx, zidentity, zwa, oneapi.',
    scope: '{job=~"$job"}',
  }),
  labelVariable({
    name: 'cloud',
    label: label.cloud,
    title: 'Zscaler cloud',
    description:
      'zscaler.cloud, where series carry it (a promoted resource attribute or a scrape-target label); All also matches series without it.',
    scope: '{job=~"$job"}',
  }),
];
