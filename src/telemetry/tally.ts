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

/** `sum`: values add up (a counter); `last`: the last value recorded stands (a gauge). */
export type TallyKind = 'sum' | 'last';

export class Tally {
  private readonly cells = new Map<string, Cell>();
  private overflow: Cell | undefined;

  constructor(
    readonly instrument: Observable,
    private readonly kind: TallyKind = 'sum',
  ) {}

  /**
   * Records `value` for the set `key` names; false when there is none yet (then `start` it). Known sets are
   * updated without building anything: a caller builds the attributes only for a new key.
   */
  record(key: string, value: number): boolean {
    const cell = this.cells.get(key);
    if (cell === undefined) return false;
    this.update(cell, value);
    return true;
  }

  /** A new set under `key`, holding `value`; past LIMIT sets, `value` is recorded in the overflow set. */
  start(key: string, attributes: Attributes, value: number): void {
    if (this.cells.size < LIMIT) {
      this.cells.set(key, { attributes, value });
      return;
    }
    this.overflow ??= { attributes: OVERFLOW, value: 0 };
    this.update(this.overflow, value);
  }

  observe(result: BatchObservableResult): void {
    for (const { value, attributes } of this.cells.values())
      result.observe(this.instrument, value, attributes);
    if (this.overflow !== undefined) result.observe(this.instrument, this.overflow.value, OVERFLOW);
  }

  private update(cell: Cell, value: number): void {
    cell.value = this.kind === 'sum' ? cell.value + value : value;
  }
}

/** Attribute sets built once per key, for the instruments the SDK still aggregates (histograms). */
export class AttributeSets {
  private readonly sets = new Map<string, Attributes>();

  get(key: string): Attributes | undefined {
    return this.sets.get(key);
  }

  /** Keeps `attributes` under `key` and returns them. */
  keep(key: string, attributes: Attributes): Attributes {
    // Past the limit the SDK folds new sets into its own overflow stream: nothing to keep here.
    if (this.sets.size < LIMIT) this.sets.set(key, attributes);
    return attributes;
  }
}
