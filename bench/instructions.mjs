/**
 * Instructions per request, counted by valgrind's callgrind: the fetch loop's steady companion. Time on this
 * shared VM moves by ±5% from run to run, more than the differences the targets ask about; an instruction count
 * repeats within 2–3% whatever else the machine does. It is not time: a cache miss or a wait costs one
 * instruction, and V8's helper threads run on the main thread here. So the bench shows both.
 *
 * Each configuration runs bench/loop.mjs under callgrind (8 concurrent fetches, as the timed loop), counting
 * only after WARMUP requests, over COUNTED requests. V8 is made repeatable (one thread, fixed hash and random
 * seeds, the GC on a predictable schedule, a fixed 16 MB young generation) and exports are left to batch size,
 * not timers (valgrind runs the process about 50 times slower). Two configurations are counted at a time.
 * The JIT compiler's share is given apart: a distribution that loads more code is still compiling it after the
 * warm-up, which a long-running service stops paying.
 *
 * What the fixed GC schedule leaves out: V8 collects the old generation when it has grown to a multiple of what
 * was live after the last collection. In the bench's tiny app the live heap is mostly the SDK itself, so the
 * leanest preload is collected most often (7 full collections in 5 s against auto's 4, measured with
 * --trace-gc). Without the fixed schedule the counts move by up to 20% from one count to the next, with where
 * the full collections fall.
 *
 * BENCH_INSTRUCTIONS_WARMUP (3000) sets the requests before counting. 3,000 is not V8's steady state: the JIT
 * compiler is still 9–11% of the count, and the undici instrumentation's request hook reaches TurboFan only after
 * about 6,000 requests. Counted after 15,000 and 30,000 the figures change by up to 15% and their ratios with them
 * (README, "Reading the loop").
 *
 * BENCH_CACHE_MISSES=1 adds callgrind's cache simulation (about twice as slow): first-level data-read and
 * instruction-cache misses per request, which is where two configurations executing the same instructions still
 * differ in time (the preload and auto-instrumentations on 429s, 2026-12-02: 13.0k against 11.6k data misses).
 */
import { execFile, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);
const WARMUP = Number(process.env.BENCH_INSTRUCTIONS_WARMUP ?? 3000);
const COUNTED = 1500;
const FAR_APART_MS = '600000';
const V8_FLAGS = [
  '--single-threaded',
  '--hash-seed=1',
  '--random-seed=1',
  '--predictable-gc-schedule',
  '--max-semi-space-size=16',
];
// Functions of V8's compilers and parser, by their C++ names.
const COMPILER =
  /compiler::|maglev|Maglev|turboshaft|Turboshaft|Compile|Parser|Bytecode|interpreter::|Scanner|AstNode|Zone/;
const CACHE_MISSES = process.env.BENCH_CACHE_MISSES === '1';

/** Whether callgrind can be used here. */
export async function callgrindAvailable() {
  try {
    await run('valgrind', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * `starts`: configuration → { flags, cwd, env } for a preload, or undefined for one bench/setup.mjs starts.
 * Returns configuration → { instructions, compiler } per request.
 */
export async function countInstructions(starts, url) {
  const folder = mkdtempSync(join(tmpdir(), 'bench-callgrind-'));
  const counts = {};
  const names = Object.keys(starts);
  try {
    for (let i = 0; i < names.length; i += 2) {
      const pair = names.slice(i, i + 2);
      const counted = await Promise.all(pair.map((name) => countOne(name, starts[name], url, folder)));
      pair.forEach((name, index) => {
        counts[name] = counted[index];
      });
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return counts;
}

async function countOne(name, start, url, folder) {
  const out = join(folder, `${name}.out`);
  const timers = {
    OTEL_BSP_SCHEDULE_DELAY: FAR_APART_MS,
    OTEL_METRIC_EXPORT_INTERVAL: FAR_APART_MS,
    BENCH_BATCH_DELAY_MS: FAR_APART_MS,
    BENCH_METRIC_INTERVAL_MS: FAR_APART_MS,
  };
  const valgrind = [
    '--tool=callgrind',
    ...(CACHE_MISSES ? ['--cache-sim=yes'] : []),
    '--instr-atstart=no',
    `--callgrind-out-file=${out}`,
    '--quiet',
  ];
  const child = fork(join(here, 'loop.mjs'), start ? ['preloaded', url] : [name, url], {
    execPath: 'valgrind',
    execArgv: [...valgrind, process.execPath, ...V8_FLAGS, ...(start?.flags ?? [])],
    cwd: start?.cwd ?? here,
    env: { ...(start?.env ?? process.env), ...timers },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  const next = async () => (await once(child, 'message'))[0];
  await next();
  child.send({ requests: WARMUP });
  await next();
  await run('callgrind_control', ['-i', 'on', String(child.pid)]);
  child.send({ requests: COUNTED });
  await next();
  await run('callgrind_control', ['-i', 'off', String(child.pid)]);
  child.send({ stop: true });
  await once(child, 'exit');
  const text = readFileSync(out, 'utf8');
  // Per event, in the order of the `events:` line (Ir first; D1mr and I1mr with the cache simulation).
  const events = /^events:\s*(.*)$/m.exec(text)?.[1].trim().split(/\s+/) ?? [];
  const totals = /^totals:\s*(.*)$/m.exec(text)?.[1].trim().split(/\s+/).map(Number) ?? [];
  const perRequest = (event) => {
    const index = events.indexOf(event);
    return index === -1 ? undefined : totals[index] / COUNTED;
  };
  const { stdout } = await run('callgrind_annotate', ['--inclusive=no', '--threshold=100', out], {
    maxBuffer: 1 << 28,
  });
  let compiler = 0;
  for (const line of stdout.split('\n')) {
    const match = /^\s*([\d,]+) \([^)]*\)\s+(.*)$/.exec(line);
    if (match && !match[2].includes('PROGRAM TOTALS') && COMPILER.test(match[2])) {
      compiler += Number(match[1].replaceAll(',', ''));
    }
  }
  return {
    instructions: perRequest('Ir'),
    compiler: compiler / COUNTED,
    dataReadMisses: perRequest('D1mr'),
    instructionMisses: perRequest('I1mr'),
  };
}
