/**
 * Values the agent keeps per attribute set itself, for the observable instruments that report them at
 * collection time. Recording is then an addition into a cell the caller keeps, instead of the SDK copying,
 * sorting and serialising the attributes of every call (most of what a Zscaler error span cost). Bounded as the
 * SDK bounds a metric stream: past LIMIT attribute sets, what is recorded for a new one goes to one overflow set
 * (`otel.metric.overflow: true`, as the metrics specification names it).
 */
import type { Attributes, BatchObservableResult, Observable } from '@opentelemetry/api';

/** The SDK's default cardinality limit per metric stream. */
export const LIMIT = 2000;
const OVERFLOW: Attributes = Object.freeze({ 'otel.metric.overflow': true });

/** The value of one attribute set. */
export interface Cell {
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
   * The cell of the set `key` names, its attributes built by `attributes()` the first time only; past LIMIT
   * sets, the one overflow cell. Callers keep the cell and record into it without a lookup.
   */
  cell(key: string, attributes: () => Attributes): Cell {
    const known = this.cells.get(key);
    if (known !== undefined) return known;
    if (this.cells.size < LIMIT) {
      const cell = { attributes: attributes(), value: 0 };
      this.cells.set(key, cell);
      return cell;
    }
    this.overflow ??= { attributes: OVERFLOW, value: 0 };
    return this.overflow;
  }

  record(cell: Cell, value: number): void {
    cell.value = this.kind === 'sum' ? cell.value + value : value;
  }

  observe(result: BatchObservableResult): void {
    for (const { value, attributes } of this.cells.values())
      result.observe(this.instrument, value, attributes);
    if (this.overflow !== undefined) result.observe(this.instrument, this.overflow.value, OVERFLOW);
  }
}
