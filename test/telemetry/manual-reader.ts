/** A metric reader that collects only when asked, cumulatively: what the metric tests read points through. */
import { AggregationTemporality, MetricReader } from '@opentelemetry/sdk-metrics';

export class ManualReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}
