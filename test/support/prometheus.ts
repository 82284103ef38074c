/**
 * A real Prometheus for tests: Debian's `prometheus` (2.42, with `promtool`) started on 127.0.0.1 with its own
 * config and a temporary data directory, polled until ready and stopped by its PID. CI installs the package
 * (`.ci/run`); elsewhere `apt-get install --no-install-recommends prometheus`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface ScrapeTarget {
  readonly job: string;
  /** `host:port` serving `/metrics`. */
  readonly target: string;
  /** Extra target labels Prometheus puts on every scraped series. */
  readonly labels?: Record<string, string>;
}

export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

export interface RunningPrometheus {
  readonly url: string;
  /** An instant query now; throws on a PromQL error. */
  query(expr: string): Promise<Sample[]>;
  /**
   * Polls `query` until `accept` holds (Prometheus needs a few scrapes before data appears); by default for
   * 20 s, inside vitest's 30 s test timeout, so a failure names the query and its last answer.
   */
  waitFor(expr: string, accept: (samples: Sample[]) => boolean, timeoutMs?: number): Promise<Sample[]>;
  stop(): Promise<void>;
}

/** Runs `promtool` with `args` in `cwd`; resolves with its exit code and everything it printed. */
export function promtool(args: readonly string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('promtool', args, { cwd }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port for Prometheus');
  return address.port;
}

async function isReady(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/-/ready`)).ok;
  } catch {
    return false;
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid, 'SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), delay(10_000).then(() => true)]);
  if (timedOut) {
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }
}

export async function startPrometheus(
  targets: readonly ScrapeTarget[],
  { scrapeInterval = '1s', readyTimeoutMs = 30_000 } = {},
): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'zscaler-otel-prometheus-'));
  const config = {
    global: { scrape_interval: scrapeInterval, evaluation_interval: scrapeInterval },
    scrape_configs: targets.map(({ job, target, labels }) => ({
      job_name: job,
      static_configs: [{ targets: [target], labels: labels ?? {} }],
    })),
  };
  // JSON is YAML: Prometheus reads it as it is.
  await writeFile(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2));

  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    log = (log + chunk).slice(-4000);
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const stop = async () => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + readyTimeoutMs;
  while (!(await isReady(url))) {
    const failure = await Promise.race([spawnError, delay(100).then(() => undefined)]);
    if (failure !== undefined || child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        `Prometheus did not become ready on ${url}: ${failure?.message ?? `exit code ${child.exitCode}`}\n${log}`,
      );
    }
  }

  const query = async (expr: string): Promise<Sample[]> => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success' || body.data === undefined) throw new Error(`${expr}: ${body.error}`);
    if (body.data.resultType !== 'vector')
      throw new Error(`${expr}: a ${body.data.resultType}, not a vector`);
    return body.data.result.map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
  };

  const waitFor = async (expr: string, accept: (samples: Sample[]) => boolean, timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const samples = await query(expr);
      if (accept(samples)) return samples;
      if (Date.now() > until) {
        throw new Error(`${expr}: no acceptable answer in ${timeoutMs} ms; last ${JSON.stringify(samples)}`);
      }
      await delay(250);
    }
  };

  return { url, query, waitFor, stop };
}
