/**
 * What the app does after Zscaler says wait (CONTRACT.md "Retries"), the same panels on both dashboards: how
 * often it repeats a request that failed, whether it waited the Retry-After Zscaler asked for, and how long it
 * waited against how long it was asked to.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { MappingType, SpecialValueMatch, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import {
  dashedLine,
  fixedColor,
  instantQuery,
  instantTableQuery,
  rangeQuery,
  stackedBars,
  statPanel,
  tablePanel,
  timeseriesPanel,
} from '#src/panels';
import {
  counter,
  histogram,
  increaseOverRange,
  label,
  quantile,
  rate,
  retryTiming,
  series,
  sumBy,
} from '#src/promql';
import { earlyRetryThresholds } from '#src/thresholds';

const honourRetryAfter =
  'make the app honour Retry-After (sleep for the value of the header, or of the ZIA/ZTW body key, before repeating)';

/**
 * Early repeats over the dashboard's time range. `increase` extrapolates to the range's edges; any rise is at
 * least one request, so the count is rounded up and the threshold at 1 means "any".
 */
export function earlyRetriesStat(title: string) {
  return statPanel(
    title,
    `Repeats sent before the wait Zscaler asked for (Retry-After) had passed, over the time range. An app that comes back early gets more 429s and keeps the limit tripped; ${honourRetryAfter}. The retry panels next to it show which service and how much too soon.`,
  )
    .unit('none')
    .decimals(0)
    .noValue('0')
    .graphMode(common.BigValueGraphMode.None)
    .thresholds(earlyRetryThresholds())
    .withTarget(
      instantQuery(
        'A',
        `ceil(${sumBy([], increaseOverRange(series(counter.retries, retryTiming.early)))})`,
        prometheus.PromQueryFormat.TimeSeries,
      ),
    );
}

/** Repeats per second, stacked, in three colours: early (red), on time (green), after an error with no Retry-After. */
export function retriesByTimingPanel(title: string, by: readonly string[]) {
  const legend = by.map((name) => `{{${name}}}`).join(' ');
  const repeatRate = (timing: string) => sumBy(by, rate(series(counter.retries, timing)));
  return timeseriesPanel(
    title,
    `Repeats per second of a request that had just failed (same host, method and path after an error or no response): early (red) came back before the Retry-After Zscaler asked for had passed, on time (green) after it, no Retry-After (blue) followed an error that asked for no wait (a 409 edit lock, a 5xx, a network failure). Early repeats: ${honourRetryAfter}. Many repeats without Retry-After: check the app backs off (a fixed short sleep stampedes) and does not repeat permanent errors.`,
  )
    .unit('reqps')
    .min(0)
    .drawStyle(common.GraphDrawStyle.Bars)
    .fillOpacity(80)
    .stacking(stackedBars())
    .overrideByRegexp(' early$', [fixedColor('red')])
    .overrideByRegexp(' on time$', [fixedColor('green')])
    .overrideByRegexp(' no Retry-After$', [fixedColor('blue')])
    .withTarget(rangeQuery('A', repeatRate(retryTiming.early), `${legend} early`))
    .withTarget(rangeQuery('B', repeatRate(retryTiming.onTime), `${legend} on time`))
    .withTarget(rangeQuery('C', repeatRate(retryTiming.noRetryAfter), `${legend} no Retry-After`));
}

/**
 * The wait asked for (every Retry-After seen) against the wait taken (repeats that followed a Retry-After), on a
 * log scale: waits run from milliseconds (an app that repeats at once) to minutes (a quota that ran out).
 */
export function askedVsWaitedPanel() {
  const byService = [label.service];
  const service = `{{${label.service}}}`;
  return timeseriesPanel(
    'Retry-After asked vs waited p50 / p90 by service',
    `The wait Zscaler asked for (Retry-After, dashed) against the wait the app took before repeating after it (from the end of the error to the next request on the same route). Waited below asked: the app comes back too early and gets more 429s; ${honourRetryAfter}. Waited far above asked: it backs off longer than needed and jobs run slower than they could. A long asked wait (minutes) means a quota ran out: the job is about to stall.`,
  )
    .unit('s')
    .scaleDistribution(new common.ScaleDistributionConfigBuilder().type(common.ScaleDistribution.Log).log(10))
    .overrideByRegexp('^asked ', [dashedLine()])
    .withTarget(rangeQuery('A', quantile(0.5, histogram.retryAfter, byService), `asked p50 ${service}`))
    .withTarget(rangeQuery('B', quantile(0.9, histogram.retryAfter, byService), `asked p90 ${service}`))
    .withTarget(
      rangeQuery(
        'C',
        quantile(0.5, histogram.retryWaited, byService, retryTiming.afterRetryAfter),
        `waited p50 ${service}`,
      ),
    )
    .withTarget(
      rangeQuery(
        'D',
        quantile(0.9, histogram.retryWaited, byService, retryTiming.afterRetryAfter),
        `waited p90 ${service}`,
      ),
    );
}

/** The timing column in words: the label is true, false, or absent (no Retry-After). */
const timingNames: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: {
      true: { text: 'early', color: 'red', index: 0 },
      false: { text: 'on time', color: 'green', index: 1 },
    },
  },
  {
    type: MappingType.SpecialValue,
    options: { match: SpecialValueMatch.Empty, result: { text: 'no Retry-After', index: 2 } },
  },
  {
    type: MappingType.SpecialValue,
    options: { match: SpecialValueMatch.Null, result: { text: 'no Retry-After', index: 3 } },
  },
];

export function retriesTable() {
  const by = [label.service, label.method, label.retryEarly];
  return tablePanel(
    'Retries in the time range by service, method and timing',
    `Repeats over the whole time range: early came back before Retry-After had passed, on time after it, no Retry-After followed an error that asked for no wait. For the largest early rows, ${honourRetryAfter}.`,
    'retries',
  )
    .unit('none')
    .decimals(0)
    .overrideByName(label.retryEarly, [{ id: 'mappings', value: timingNames }])
    .withTarget(instantTableQuery('A', sumBy(by, increaseOverRange(series(counter.retries)))));
}
