/** The thresholds an operator would set, named by what they judge, shared by both dashboards. */
import { thresholds } from '#src/panels';

export const errorRatioThresholds = () => thresholds('green', [0.01, 'yellow'], [0.05, 'red']);

/** Share of calls throttled or in conflict: any sustained share is worth a look, a tenth is an outage. */
export const troubleShareThresholds = () => thresholds('green', [0.01, 'orange'], [0.1, 'red']);

/** Responses per second: one every 100 s is worth a look, one every 10 s means callers are fighting limits. */
export const troubleRateThresholds = () => thresholds('green', [0.01, 'orange'], [0.1, 'red']);

/** Zscaler asks for seconds (ZIA 1 s, ZPA 4–13 s); a minute or more means an hourly or daily quota ran out. */
export const retryAfterThresholds = () => thresholds('green', [10, 'orange'], [60, 'red']);

/** The official Go SDK starts to back off below 2 remaining (ZSCALER_CLIENT_REMAINING_THRESHOLD). */
export const headroomThresholds = () => thresholds('red', [2, 'orange'], [10, 'green']);

/** Early repeats, counted in whole requests: a single one means the app does not honour Retry-After. */
export const earlyRetryThresholds = () => thresholds('green', [1, 'red']);

export const latencyThresholds = () => thresholds('green', [1, 'yellow'], [5, 'red']);
