/**
 * The overview: how much the services call Zscaler, how much of it fails, where they are throttled or in
 * conflict, how long Zscaler asks them to wait, how fast the calls are, how much rate-limit headroom is left and
 * whether they wait as long as Zscaler asks before repeating a call.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboardDefaults } from '#src/dashboard';
import {
  dashedThresholdLines,
  fixedColor,
  rangeQuery,
  stackedBars,
  statPanel,
  thresholds,
  timeseriesPanel,
} from '#src/panels';
import {
  counter,
  gauge,
  histogram,
  isError,
  label,
  quantile,
  rate,
  ratioOrZero,
  requestRate,
  series,
  sumBy,
} from '#src/promql';
import { askedVsWaitedPanel, earlyRetriesStat, retriesByTimingPanel } from '#src/retries';
import {
  errorRatioThresholds,
  headroomThresholds,
  latencyThresholds,
  retryAfterThresholds,
  troubleRateThresholds,
} from '#src/thresholds';

const errorRatio = (by: string[]) => ratioOrZero(sumBy(by, requestRate(isError)), sumBy(by, requestRate()));

export function overviewDashboard() {
  return dashboardDefaults(new DashboardBuilder('Zscaler API — overview'))
    .uid('zscaler-otel-overview')
    .description(
      'Calls to Zscaler APIs recorded by zscaler-otel-agent: traffic, errors, 429s, 409s, latency, retries.',
    )
    .withRow(new RowBuilder('At a glance'))
    .withPanel(
      statPanel('Requests', 'Zscaler API calls per second, all selected services.')
        .unit('reqps')
        .thresholds(thresholds('green'))
        .withTarget(rangeQuery('A', sumBy([], requestRate()), 'requests'))
        .span(4)
        .height(4),
    )
    .withPanel(
      statPanel('Error ratio', 'Share of calls answered with a 4xx or 5xx status.')
        .unit('percentunit')
        .decimals(1)
        .thresholds(errorRatioThresholds())
        .withTarget(rangeQuery('A', errorRatio([]), 'error ratio'))
        .span(4)
        .height(4),
    )
    .withPanel(
      statPanel('429 rate', 'Responses per second where Zscaler throttled a call (429 Too Many Requests).')
        .unit('reqps')
        .noValue('0')
        .thresholds(troubleRateThresholds())
        .withTarget(rangeQuery('A', sumBy([], rate(series(counter.rateLimited))), '429'))
        .span(4)
        .height(4),
    )
    .withPanel(
      statPanel(
        'Conflict rate',
        'Responses per second of category conflict: 409, and 412 with edit-lock markers (another admin or call is editing).',
      )
        .unit('reqps')
        .noValue('0')
        .thresholds(troubleRateThresholds())
        .withTarget(rangeQuery('A', sumBy([], rate(series(counter.conflicts))), 'conflicts'))
        .span(4)
        .height(4),
    )
    .withPanel(
      statPanel(
        'Retry-After p95',
        'The wait Zscaler asked for (Retry-After), 95th percentile over all services.',
      )
        .unit('s')
        .thresholds(retryAfterThresholds())
        .withTarget(rangeQuery('A', quantile(0.95, histogram.retryAfter, []), 'p95'))
        .span(4)
        .height(4),
    )
    .withPanel(
      statPanel(
        'Lowest rate-limit headroom',
        'The smallest x-ratelimit-remaining (or X-Rate-Limit-Remaining) last reported by any selected service.',
      )
        .unit('none')
        .thresholds(headroomThresholds())
        .withTarget(rangeQuery('A', `min(${series(gauge.ratelimitRemaining)})`, 'remaining'))
        .span(4)
        .height(4),
    )
    .withRow(new RowBuilder('Traffic and errors'))
    .withPanel(
      timeseriesPanel('Request rate by service', 'Zscaler API calls per second, by zscaler.service.')
        .unit('reqps')
        .min(0)
        .withTarget(rangeQuery('A', sumBy([label.service], requestRate()), `{{${label.service}}}`)),
    )
    .withPanel(
      timeseriesPanel(
        'Error ratio by service',
        'Share of calls answered with a 4xx or 5xx status, by service.',
      )
        .unit('percentunit')
        .min(0)
        .max(1)
        .thresholds(errorRatioThresholds())
        .thresholdsStyle(dashedThresholdLines())
        .withTarget(rangeQuery('A', errorRatio([label.service]), `{{${label.service}}}`)),
    )
    .withPanel(
      timeseriesPanel(
        'Responses by status code',
        'Calls per second by HTTP status: 2xx green, 4xx orange, 429 purple, 5xx red.',
      )
        .unit('reqps')
        .min(0)
        .drawStyle(common.GraphDrawStyle.Bars)
        .fillOpacity(80)
        .stacking(stackedBars())
        .overrideByRegexp('^2..$', [fixedColor('green')])
        .overrideByRegexp('^4..$', [fixedColor('orange')])
        .overrideByName('429', [fixedColor('purple')])
        .overrideByRegexp('^5..$', [fixedColor('red')])
        .withTarget(rangeQuery('A', sumBy([label.status], requestRate()), `{{${label.status}}}`)),
    )
    .withPanel(
      timeseriesPanel(
        'Latency p50 / p95 / p99 by service',
        'Duration of Zscaler API calls (zscaler.api.request.duration), from request start to response end.',
      )
        .unit('s')
        .min(0)
        .thresholds(latencyThresholds())
        .thresholdsStyle(dashedThresholdLines())
        .withTarget(
          rangeQuery(
            'A',
            quantile(0.5, histogram.requestDuration, [label.service]),
            `p50 {{${label.service}}}`,
          ),
        )
        .withTarget(
          rangeQuery(
            'B',
            quantile(0.95, histogram.requestDuration, [label.service]),
            `p95 {{${label.service}}}`,
          ),
        )
        .withTarget(
          rangeQuery(
            'C',
            quantile(0.99, histogram.requestDuration, [label.service]),
            `p99 {{${label.service}}}`,
          ),
        ),
    )
    .withRow(new RowBuilder('Rate limits and conflicts'))
    .withPanel(
      timeseriesPanel('429 rate by service and method', 'Throttled responses (429) per second.')
        .unit('reqps')
        .min(0)
        .withTarget(
          rangeQuery(
            'A',
            sumBy([label.service, label.method], rate(series(counter.rateLimited))),
            `{{${label.service}}} {{${label.method}}}`,
          ),
        ),
    )
    .withPanel(
      timeseriesPanel(
        'Conflicts by service and error id',
        'Conflict responses (409, edit-lock 412) per second, by the error id Zscaler sent (_OTHER: an id the agent does not know).',
      )
        .unit('reqps')
        .min(0)
        .withTarget(
          rangeQuery(
            'A',
            sumBy([label.service, label.errorId], rate(series(counter.conflicts))),
            `{{${label.service}}} {{${label.errorId}}}`,
          ),
        ),
    )
    .withPanel(
      timeseriesPanel(
        'Retry-After p50 / p95 by service',
        'How long Zscaler asked callers to wait, from Retry-After headers and ZIA/ZTW body keys.',
      )
        .unit('s')
        .min(0)
        .thresholds(retryAfterThresholds())
        .thresholdsStyle(dashedThresholdLines())
        .withTarget(
          rangeQuery('A', quantile(0.5, histogram.retryAfter, [label.service]), `p50 {{${label.service}}}`),
        )
        .withTarget(
          rangeQuery('B', quantile(0.95, histogram.retryAfter, [label.service]), `p95 {{${label.service}}}`),
        ),
    )
    .withPanel(
      timeseriesPanel(
        'Rate-limit headroom by service',
        'Requests left in the current rate-limit window (x-ratelimit-remaining), the last value each service saw.',
      )
        .unit('none')
        .min(0)
        .thresholds(headroomThresholds())
        .thresholdsStyle(dashedThresholdLines())
        .withTarget(
          rangeQuery(
            'A',
            `min by (${label.service}) (${series(gauge.ratelimitRemaining)})`,
            `{{${label.service}}}`,
          ),
        ),
    )
    .withRow(new RowBuilder('Retries: does the app wait as Zscaler asks?'))
    .withPanel(earlyRetriesStat('Early retries in the time range').span(4).height(8))
    .withPanel(
      retriesByTimingPanel('Retries by service: early / on time / no Retry-After', [label.service])
        .span(10)
        .height(8),
    )
    .withPanel(askedVsWaitedPanel().span(10).height(8));
}
