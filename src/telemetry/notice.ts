/**
 * The agent's one-line notices on stderr (stdout belongs to the app): what it cannot see in this process and
 * why, said once per kind, never throwing. Not through the OpenTelemetry diag logger, which is silent unless an
 * app sets one up: a limitation nobody hears of is a silent half-result. `OTEL_LOG_LEVEL=none` silences them.
 */
const PREFIX = 'zscaler-otel-agent:';
// Bounds the memory of what has already been said; past it, repeats may print again.
const MAX_REMEMBERED = 256;
const said = new Set<string>();

/** Writes one line to stderr, newlines flattened. */
export function writeLine(text: string): void {
  try {
    process.stderr.write(`${PREFIX} ${text.replaceAll('\n', ' ')}\n`);
  } catch {
    // A closed stderr must not become the app's problem.
  }
}

/** Says `message` once per process for `key` (one kind of limitation, not one occurrence). */
export function noticeOnce(key: string, message: string): void {
  if (said.has(key) || said.size >= MAX_REMEMBERED) return;
  said.add(key);
  if ((process.env.OTEL_LOG_LEVEL ?? '').trim().toLowerCase() !== 'none') writeLine(message);
}

/** The README section every coexistence notice points to. */
export const SETUP_SECTION = 'README "Already running OpenTelemetry?"';
