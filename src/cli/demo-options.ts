/**
 * `zscaler-otel-agent demo`'s command line: its usage text and the options it parses into.
 */
import type { DemoOptions } from '../demo/run.js';
import { parseOptionValues, portOption } from './arguments.js';

export const DEMO_USAGE = `zscaler-otel-agent demo [--size small|normal|large] [--workers N] [--keep-simulator] [--port N]
  --size            small: 3 workers, 1 round of concurrent edits (about 11 s); normal (the default): 4 workers,
                    3 rounds (about 12 s); large: 6 workers, 5 rounds (about 18 s)
  --workers         concurrent ZIA editors and ZPA reorderers (default: from --size)
  --keep-simulator  leave the simulator running after the summary, until Ctrl+C
  --port            the simulator's port (default 0: any free port)
  Telemetry goes to an embedded OTLP receiver and is summarised at the end. To send it to your own collector
  instead, set the standard variables, e.g. OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318.`;

type DemoSize = 'small' | 'normal' | 'large';

/** Concurrent workers and rounds of concurrent ZIA edits per size. */
const SIZES: Readonly<Record<DemoSize, { readonly workers: number; readonly rounds: number }>> = {
  small: { workers: 3, rounds: 1 },
  normal: { workers: 4, rounds: 3 },
  large: { workers: 6, rounds: 5 },
};

/** More writers than this only adds 429s and time. */
const MAX_WORKERS = 16;

/** The options, or what is wrong with the arguments. */
export function parseDemoOptions(args: readonly string[]): DemoOptions | string {
  const values = parseOptionValues(args, {
    size: { type: 'string' },
    workers: { type: 'string' },
    port: { type: 'string' },
    'keep-simulator': { type: 'boolean' },
  });
  if (typeof values === 'string') return values;
  const size = String(values.size ?? 'normal');
  if (!Object.hasOwn(SIZES, size)) return `--size must be small, normal or large, got "${size}"`;
  const preset = SIZES[size as DemoSize];
  const workers = values.workers === undefined ? preset.workers : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
    return `--workers must be a whole number from 1 to ${MAX_WORKERS}, got "${values.workers}"`;
  const port = portOption(values.port);
  if (typeof port === 'string') return port;
  return { workers, rounds: preset.rounds, keepSimulator: values['keep-simulator'] === true, port };
}
