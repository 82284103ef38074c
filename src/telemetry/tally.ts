/**
 * Values the agent keeps per attribute set itself, for the observable instruments that report them at
 * collection time. Recording is then one Map lookup on a key the caller builds from a few known fields,
 * instead of the SDK copying, sorting and serialising the attributes of every call (most of what a Zscaler
 * error span cost). Bounded as the SDK bounds a metric stream: past LIMIT attribute sets, what is recorded
 * for a new one goes to one overflow set (`otel.metric.overflow: true`, as the metrics specification names it).
 */
import type { Attributes, BatchObservableResult, Observable } from '@opentelemetry/api';

/** The SDK's default cardinality limit per metric stream. */
export const LIMIT = 2000;
const OVERFLOW: Attributes = Object.freeze({ 'otel.metric.overflow': true });

interface Cell {
  readonly attributes: Attributes;
  value: number;
}

export class Tally {
  private readonly cells = new Map<string, Cell>();
  private overflow: Cell | undefined;

  constructor(readonly instrument: Observable) {}

  /** Adds `value` to the set `key` names; `attributes` builds that set the first time. */
  add(key: string, attributes: () => Attributes, value: number): void {
    this.cell(key, attributes).value += value;
  }

  /** Replaces the last value of the set `key` names (a gauge). */
  set(key: string, attributes: () => Attributes, value: number): void {
    this.cell(key, attributes).value = value;
  }

  observe(result: BatchObservableResult): void {
    for (const { value, attributes } of this.cells.values())
      result.observe(this.instrument, value, attributes);
    if (this.overflow !== undefined) result.observe(this.instrument, this.overflow.value, OVERFLOW);
  }

  private cell(key: string, attributes: () => Attributes): Cell {
    let cell = this.cells.get(key);
    if (cell === undefined) {
      if (this.cells.size >= LIMIT) {
        this.overflow ??= { attributes: OVERFLOW, value: 0 };
        return this.overflow;
      }
      cell = { attributes: attributes(), value: 0 };
      this.cells.set(key, cell);
    }
    return cell;
  }
}

/** Attribute sets built once per key, for the instruments the SDK still aggregates (histograms). */
export class AttributeSets {
  private readonly sets = new Map<string, Attributes>();

  get(key: string, build: () => Attributes): Attributes {
    let attributes = this.sets.get(key);
    if (attributes === undefined) {
      attributes = build();
      // Past the limit the SDK folds new sets into its own overflow stream: nothing to keep here.
      if (this.sets.size < LIMIT) this.sets.set(key, attributes);
    }
    return attributes;
  }
}
