/**
 * The drill-down for 429s and conflicts: per method and error id, how often and how long Zscaler asked callers
 * to wait, which failures are worth retrying, whether the app waits as asked before repeating, and what Zscaler's
 * documentation says each answer means.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboardDefaults } from '#src/dashboard';
import {
  dashedThresholdLines,
  instantTableQuery,
  markdownPanel,
  rangeQuery,
  stackedBars,
  tablePanel,
  timeseriesPanel,
} from '#src/panels';
import {
  counter,
  histogram,
  histogramSeries,
  increaseOverRange,
  isError,
  label,
  rate,
  ratio,
  ratioOrZero,
  requestRate,
  series,
  sumBy,
} from '#src/promql';
import { askedVsWaitedPanel, earlyRetriesStat, retriesByTimingPanel, retriesTable } from '#src/retries';
import { seedQuotesMarkdown } from '#src/seed-quotes';
import { retryAfterThresholds, troubleShareThresholds } from '#src/thresholds';

const byServiceAndMethod = [label.service, label.method];
const byConflict = [label.service, label.method, label.errorId];

/** Part of all calls, per service and method: throttled or in conflict. */
const shareOfCalls = (counterName: string) =>
  ratioOrZero(sumBy(byServiceAndMethod, rate(series(counterName))), sumBy(byServiceAndMethod, requestRate()));

export function rateLimitsConflictsDashboard() {
  return dashboardDefaults(new DashboardBuilder('Zscaler API — rate limits and conflicts'))
    .uid('zscaler-otel-rate-limits-conflicts')
    .description(
      '429s and conflicts per method and error id, Retry-After, retryable vs permanent errors, early and on-time retries.',
    )
    .withRow(new RowBuilder('What the answers mean'))
    .withPanel(
      markdownPanel('429 and 409 in Zscaler’s documentation', seedQuotesMarkdown()).span(24).height(12),
    )
    .withRow(new RowBuilder('429: rate limits'))
    .withPanel(
      timeseriesPanel('429 share of calls by service and method', 'Throttled responses (429) per call made.')
        .unit('percentunit')
        .min(0)
        .thresholds(troubleShareThresholds())
        .thresholdsStyle(dashedThresholdLines())
        .withTarget(
          rangeQuery('A', shareOfCalls(counter.rateLimited), `{{${label.service}}} {{${label.method}}}`),
        ),
    )
    .withPanel(
      tablePanel(
        '429s in the time range by service and method',
        'Throttled responses over the whole dashboard time range.',
        '429s',
      )
        .unit('none')
        .decimals(0)
        .withTarget(
          instantTableQuery('A', sumBy(byServiceAndMethod, increaseOverRange(series(counter.rateLimited)))),
        ),
    )
    .withPanel(
      timeseriesPanel(
        'Retry-After signals by service',
        'Responses per second that asked the caller to wait (a Retry-After header or ZIA/ZTW body key).',
      )
        .unit('reqps')
        .min(0)
        .withTarget(
          rangeQuery(
            'A',
            sumBy([label.service], rate(histogramSeries(histogram.retryAfter, 'count'))),
            `{{${label.service}}}`,
          ),
        ),
    )
    .withPanel(
      timeseriesPanel(
        'Mean Retry-After by service',
        'The mean wait Zscaler asked for: exact, unlike a quantile, whatever the histogram buckets.',
      )
        .unit('s')
        .min(0)
        .thresholds(retryAfterThresholds())
        .thresholdsStyle(dashedThresholdLines())
        .withTarget(
          rangeQuery(
            'A',
            ratio(
              sumBy([label.service], rate(histogramSeries(histogram.retryAfter, 'sum'))),
              sumBy([label.service], rate(histogramSeries(histogram.retryAfter, 'count'))),
            ),
            `{{${label.service}}}`,
          ),
        ),
    )
    .withRow(new RowBuilder('Conflicts: 409 and edit-lock 412'))
    .withPanel(
      timeseriesPanel(
        'Conflicts by service, method and error id',
        'Conflict responses per second, by the error id Zscaler sent (_OTHER: an id the agent does not know).',
      )
        .unit('reqps')
        .min(0)
        .withTarget(
          rangeQuery(
            'A',
            sumBy(byConflict, rate(series(counter.conflicts))),
            `{{${label.service}}} {{${label.method}}} {{${label.errorId}}}`,
          ),
        ),
    )
    .withPanel(
      timeseriesPanel('Conflict share of calls by service and method', 'Conflict responses per call made.')
        .unit('percentunit')
        .min(0)
        .thresholds(troubleShareThresholds())
        .thresholdsStyle(dashedThresholdLines())
        .withTarget(
          rangeQuery('A', shareOfCalls(counter.conflicts), `{{${label.service}}} {{${label.method}}}`),
        ),
    )
    .withPanel(
      timeseriesPanel(
        'Conflicts: retryable vs not',
        'Edit locks and concurrent-change errors pass if retried; a duplicate item or other permanent conflict does not.',
      )
        .unit('reqps')
        .min(0)
        .drawStyle(common.GraphDrawStyle.Bars)
        .fillOpacity(80)
        .stacking(stackedBars())
        .withTarget(
          rangeQuery(
            'A',
            sumBy(
              [label.service, label.status, label.retryable],
              requestRate(`${label.category}="conflict"`),
            ),
            `{{${label.service}}} {{${label.status}}} retryable={{${label.retryable}}}`,
          ),
        ),
    )
    .withPanel(
      tablePanel(
        'Conflicts in the time range by service, method and error id',
        'Conflict responses over the whole dashboard time range.',
        'conflicts',
      )
        .unit('none')
        .decimals(0)
        .withTarget(instantTableQuery('A', sumBy(byConflict, increaseOverRange(series(counter.conflicts))))),
    )
    .withRow(new RowBuilder('All errors: retryable vs not'))
    .withPanel(
      timeseriesPanel(
        'Errors by category and retryability',
        'Error responses per second by zscaler.error.category; retryable=true passes if retried after a wait.',
      )
        .unit('reqps')
        .min(0)
        .drawStyle(common.GraphDrawStyle.Bars)
        .fillOpacity(80)
        .stacking(stackedBars())
        .withTarget(
          rangeQuery(
            'A',
            sumBy([label.category, label.retryable], requestRate(isError)),
            `{{${label.category}}} retryable={{${label.retryable}}}`,
          ),
        ),
    )
    .withPanel(
      timeseriesPanel(
        'Retryable share of errors by service',
        'Of the error responses, the share worth retrying; a low share means permanent errors: requests to fix.',
      )
        .unit('percentunit')
        .min(0)
        .max(1)
        .withTarget(
          rangeQuery(
            'A',
            ratioOrZero(
              sumBy([label.service], requestRate(`${label.retryable}="true"`)),
              sumBy([label.service], requestRate(isError)),
            ),
            `{{${label.service}}}`,
          ),
        ),
    )
    .withRow(new RowBuilder('Retries: what the app does after Zscaler says wait'))
    .withPanel(earlyRetriesStat('Early retries in the time range').span(4).height(9))
    .withPanel(
      retriesByTimingPanel(
        'Retries by service and method: early / on time / no Retry-After',
        byServiceAndMethod,
      )
        .span(20)
        .height(9),
    )
    .withPanel(askedVsWaitedPanel())
    .withPanel(retriesTable());
}
