/**
 * The agent's one-line notices on stderr (stdout belongs to the app): what it cannot see in this process and
 * why, said once per kind, never throwing. Not through the OpenTelemetry diag logger, which is silent unless an
 * app sets one up: a limitation nobody hears of is a silent half-result. `OTEL_LOG_LEVEL=none` silences them.
 */
const PREFIX = 'zscaler-otel-agent:';
// Bounds the memory of what has already been said; past it, repeats may print again.
const MAX_REMEMBERED = 256;

/** Writes one line to stderr, newlines flattened. */
export function writeLine(text: string): void {
  try {
    process.stderr.write(`${PREFIX} ${text.replaceAll('\n', ' ')}\n`);
  } catch {
    // A closed stderr must not become the app's problem.
  }
}

export interface OnceLog {
  /** Prints `message` unless this key has been printed before (or the log is silent). */
  once(key: string, message: string): void;
}

/** Lines said once per key; `silent()` is asked at each line. */
export function createOnceLog(silent: () => boolean): OnceLog {
  const said = new Set<string>();
  return {
    once(key, message) {
      if (said.has(key) || said.size >= MAX_REMEMBERED || silent()) return;
      said.add(key);
      writeLine(message);
    },
  };
}

const notices = createOnceLog(() => (process.env.OTEL_LOG_LEVEL ?? '').trim().toLowerCase() === 'none');

/** Says `message` once per process for `key` (one kind of limitation, not one occurrence). */
export function noticeOnce(key: string, message: string): void {
  notices.once(key, message);
}

/** The README section every coexistence notice points to. */
export const SETUP_SECTION = 'README "Already running OpenTelemetry?"';
