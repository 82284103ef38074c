import { DEFAULT_CLIENT_SECRET, startSimulator } from '../simulator/index.js';
import { parseOptionValues, portOption } from './arguments.js';

export const SIMULATE_USAGE = `zscaler-otel-agent simulate [--port N] [--host 127.0.0.1] [--seed S] [--client-secret S]
  --port           port to listen on (default 0: any free port, printed)
  --host           address to listen on (default 127.0.0.1)
  --seed           make request ids, tokens and object ids reproducible
  --client-secret  the secret every client uses (default ${DEFAULT_CLIENT_SECRET})`;

/**
 * Runs the simulator until SIGINT or SIGTERM. Resolves with an exit code only for bad arguments; once
 * listening it resolves (undefined) and the signal handler ends the process.
 */
export async function runSimulate(args: readonly string[]): Promise<number | undefined> {
  const parsed = parseOptions(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`zscaler-otel-agent simulate: ${parsed}\n\n${SIMULATE_USAGE}\n`);
    return 2;
  }
  const simulator = await startSimulator(parsed);
  const stop = () => {
    simulator.close().then(() => process.exit(0));
  };
  // Handlers first: whoever reads the address below may signal at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(instructions(simulator.url, simulator.port, parsed.clientSecret));
  return undefined;
}

interface SimulateOptions {
  readonly port: number;
  readonly host: string;
  readonly seed?: string;
  readonly clientSecret: string;
}

function parseOptions(args: readonly string[]): SimulateOptions | string {
  const values = parseOptionValues(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    seed: { type: 'string' },
    'client-secret': { type: 'string' },
  });
  if (typeof values === 'string') return values;
  const port = portOption(values.port);
  if (typeof port === 'string') return port;
  const options: SimulateOptions = {
    port,
    host: String(values.host ?? '127.0.0.1'),
    clientSecret: String(values['client-secret'] ?? DEFAULT_CLIENT_SECRET),
  };
  return values.seed === undefined ? options : { ...options, seed: String(values.seed) };
}

function instructions(url: string, port: number, secret: string): string {
  const resolve = `--resolve api.zsapi.net:${port}:127.0.0.1 --resolve acme.zslogin.net:${port}:127.0.0.1`;
  return `Zscaler API simulator listening on ${url}

Every Zscaler host is served on this one port, chosen by the Host header. Point Zscaler names at 127.0.0.1:
  - in a Node process: call the simulator module's installLoopbackResolver(), then any client reaches
    http://api.zsapi.net:${port}/zia/api/v1/urlCategories;
  - with curl: ${resolve}  (or -H 'Host: api.zsapi.net' ${url}/...).

  token=$(curl -s ${resolve} http://acme.zslogin.net:${port}/oauth2/v1/token \\
    -d grant_type=client_credentials -d client_id=me -d client_secret=${secret} | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
  curl -s ${resolve} -H "Authorization: Bearer $token" http://api.zsapi.net:${port}/zia/api/v1/urlCategories

Switches: curl ${url}/__simulator/switches   (POST a JSON patch to change them)
Stop with Ctrl+C.
`;
}
