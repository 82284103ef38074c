#!/usr/bin/env node
/**
 * zscaler-otel-agent command line: `demo` runs the simulator, a workload under the agent and an OTLP receiver
 * together and summarises what arrived; `simulate` runs the Zscaler API simulator alone.
 */
import { runDemo } from '../demo/run.js';
import { DEMO_USAGE, parseDemoOptions } from './demo-options.js';
import { runSimulate, SIMULATE_USAGE } from './simulate.js';

const USAGE = `Usage: zscaler-otel-agent <command> [options]

Commands:
  simulate   Run the Zscaler API simulator on a loopback port until interrupted.
  demo       Simulator + workload under the agent + OTLP receiver on one machine, then a summary.

${DEMO_USAGE}

${SIMULATE_USAGE}`;

async function main(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  switch (command) {
    case 'simulate':
      if (wantsHelp) {
        process.stdout.write(`${SIMULATE_USAGE}\n`);
        return 0;
      }
      return runSimulate(rest);
    case 'demo': {
      if (wantsHelp) {
        process.stdout.write(`${DEMO_USAGE}\n`);
        return 0;
      }
      const options = parseDemoOptions(rest);
      if (typeof options !== 'string') return runDemo(options);
      process.stderr.write(`zscaler-otel-agent demo: ${options}\n\n${DEMO_USAGE}\n`);
      return 2;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`zscaler-otel-agent: unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // A running command (simulate, demo --keep-simulator) keeps the process alive and exits on its own signal.
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`zscaler-otel-agent: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
