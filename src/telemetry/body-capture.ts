/**
 * The bytes kept of one error body: copies (never views of the client's buffers) up to a bound, then nothing.
 * A capture is fed by one tap (the undici channel or the http push tap) and detached exactly once — when full,
 * when the stream ends, or when its span ends, whichever comes first — which unhooks the tap.
 */
export class BodyCapture {
  /** An error body mostly comes in one chunk: the array only for a second one. */
  private first: Buffer | undefined;
  private more: Buffer[] | undefined;
  private kept = 0;
  private unhook: (() => void) | undefined;
  /** The tap saw the body end normally (not cut off, not abandoned). */
  complete = false;

  constructor(private readonly limit: number) {}

  /** Bytes kept so far. */
  get size(): number {
    return this.kept;
  }

  /** Keeps what fits; detaches once the bound is reached. Never throws. */
  add(chunk: Uint8Array): void {
    const room = this.limit - this.kept;
    if (room <= 0) return;
    const length = Math.min(room, chunk.byteLength);
    // allocUnsafe serves small copies from Node's shared pool: no ArrayBuffer of its own per error body.
    const copy = Buffer.allocUnsafe(length);
    copy.set(length === chunk.byteLength ? chunk : chunk.subarray(0, length));
    if (this.first === undefined) this.first = copy;
    else if (this.more === undefined) this.more = [copy];
    else this.more.push(copy);
    this.kept += length;
    if (this.kept >= this.limit) this.detach();
  }

  /** Connects a tap: `unhook` stops it feeding this capture. */
  attach(unhook: () => void): void {
    this.unhook = unhook;
    attached++;
  }

  /** The body ended normally: whatever was kept is all there was (up to the bound). */
  end(): void {
    this.complete = true;
    this.detach();
  }

  detach(): void {
    const unhook = this.unhook;
    if (unhook === undefined) return;
    this.unhook = undefined;
    attached--;
    unhook();
  }

  bytes(): Buffer {
    if (this.first === undefined) return NO_BYTES;
    return this.more === undefined ? this.first : Buffer.concat([this.first, ...this.more], this.kept);
  }
}

const NO_BYTES = Buffer.alloc(0);
let attached = 0;

/** Test-only: captures still connected to a tap (0 once every request is over). */
export function attachedCaptureCount(): number {
  return attached;
}
