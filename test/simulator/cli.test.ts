import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_SECRET, installLoopbackResolver } from '../../src/simulator/index.js';

// Built by `npm run build` (npm test builds first).
const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function firstLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = pattern.exec(output);
      if (match) resolve(match);
    });
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before printing ${pattern}: ${output}`)),
    );
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('zscaler-otel-agent CLI', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('is built', () => {
    expect(existsSync(MAIN), `${MAIN} is missing: run npm run build`).toBe(true);
  });

  it.each([
    ['simulate --help', 'zscaler-otel-agent simulate'],
    ['demo --help', 'zscaler-otel-agent demo'],
    ['demo -h', 'zscaler-otel-agent demo'],
    ['--help', 'zscaler-otel-agent <command>'],
    ['help', 'zscaler-otel-agent <command>'],
  ])('%s prints its usage on stdout and exits 0', async (args, usage) => {
    const child = run(args.split(' '));
    children.push(child);
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const { code, stderr } = await exitOf(child);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain(usage);
  });

  it('simulate --port 0 prints where it listens, serves Zscaler and stops on SIGTERM', async () => {
    const child = run(['simulate', '--port', '0', '--seed', 'cli']);
    children.push(child);
    const [, url, port] = await firstLine(child, /listening on (http:\/\/127\.0\.0\.1:(\d+))/);
    const { restore } = installLoopbackResolver();
    try {
      const token = await fetch(`http://acme.zslogin.net:${port}/oauth2/v1/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'cli',
          client_secret: DEFAULT_CLIENT_SECRET,
        }),
      });
      const { access_token: accessToken } = (await token.json()) as { access_token: string };
      const users = await fetch(`http://api.zsapi.net:${port}/zia/api/v1/users`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(users.status).toBe(200);
    } finally {
      restore();
    }
    const switches = await fetch(`${url}/__simulator/switches`);
    expect(await switches.json()).toMatchObject({ maintenance: false });
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });

  it('stops on SIGINT too', async () => {
    const child = run(['simulate']);
    children.push(child);
    await firstLine(child, /listening on/);
    const exited = exitOf(child);
    child.kill('SIGINT');
    expect((await exited).code).toBe(0);
  });

  it('refuses bad arguments with exit 2', async () => {
    const demo = await exitOf(run(['demo', '--size', 'huge']));
    expect(demo.code).toBe(2);
    expect(demo.stderr).toMatch(/--size must be small, normal or large/);
    const badPort = await exitOf(run(['simulate', '--port', 'eighty']));
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/--port must be a port number/);
    const unknown = await exitOf(run(['frobnicate']));
    expect(unknown.code).toBe(2);
  });
});
