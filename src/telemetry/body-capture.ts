/**
 * The bytes kept of one error body: copies (never views of the client's buffers) up to a bound, then nothing.
 * A capture is fed by one tap (the undici channel or the http push tap) and detached exactly once — when full,
 * when the stream ends, or when its span ends, whichever comes first — which unhooks the tap.
 */
export class BodyCapture {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private unhook: (() => void) | undefined;

  constructor(private readonly limit: number) {}

  /** Keeps what fits; detaches once the bound is reached. Never throws. */
  add(chunk: Uint8Array): void {
    const room = this.limit - this.size;
    if (room <= 0) return;
    const length = Math.min(room, chunk.byteLength);
    // allocUnsafe serves small copies from Node's shared pool: no ArrayBuffer of its own per error body.
    const copy = Buffer.allocUnsafe(length);
    copy.set(length === chunk.byteLength ? chunk : chunk.subarray(0, length));
    this.chunks.push(copy);
    this.size += length;
    if (this.size >= this.limit) this.detach();
  }

  /** Connects a tap: `unhook` stops it feeding this capture. */
  attach(unhook: () => void): void {
    this.unhook = unhook;
    attached++;
  }

  detach(): void {
    const unhook = this.unhook;
    if (unhook === undefined) return;
    this.unhook = undefined;
    attached--;
    unhook();
  }

  bytes(): Buffer {
    return this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
  }
}

let attached = 0;

/** Test-only: captures still connected to a tap (0 once every request is over). */
export function attachedCaptureCount(): number {
  return attached;
}
