/**
 * The demo's automation app: what a script managing a Zscaler tenant does, run against the simulator. It has
 * no OpenTelemetry code at all; the demo starts it with `--require zscaler-otel-agent/register`.
 *
 *   node --require zscaler-otel-agent/register dist/demo/workload.js --port <simulator port> [--workers N] [--rounds N]
 *
 * Prints one progress line per step on stdout. Exits 0 when every step ran, whatever the API answered.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CLIENT_SECRET, installLoopbackResolver } from '../simulator/index.js';
import { type Outcome, type RetryPolicy, ZscalerClient } from './zscaler-client.js';

interface WorkloadSize {
  readonly port: number;
  /** Concurrent writers of ZIA firewall rules and ZPA policy reorders. */
  readonly workers: number;
  /** Rounds of concurrent ZIA edits. */
  readonly rounds: number;
}

const ZIA = '/zia/api/v1';
const ZPA_CUSTOMER = '216196257331281920';
const ZPA = `/zpa/mgmtconfig/v1/admin/customers/${ZPA_CUSTOMER}`;
/** Above ZPA's 20 GETs per 10 s, so the tail of the burst is rate-limited. */
const ZPA_BURST = 22;
const HONOUR: RetryPolicy = { honourRetryAfter: true, maxAttempts: 4 };
const IMPATIENT: RetryPolicy = { honourRetryAfter: false, maxAttempts: 4 };
const ONCE: RetryPolicy = { honourRetryAfter: true, maxAttempts: 1 };

/** Odd workers honour Retry-After, even ones retry at once: the summary shows what each earns. */
const policyOf = (worker: number): RetryPolicy => (worker % 2 === 1 ? HONOUR : IMPATIENT);

function progress(step: string, text: string, client: ZscalerClient): void {
  const tally = client.takeTally();
  process.stdout.write(`${step.padEnd(12)} ${text}${tally === '' ? '' : `  [${tally}]`}\n`);
}

function describe(outcome: Outcome): string {
  const { status, errorId } = outcome.final;
  const retries = outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : '';
  return `${status}${errorId === undefined ? '' : ` ${errorId}`}${retries}${outcome.gaveUp ? ' (gave up)' : ''}`;
}

const counted = (outcomes: readonly Outcome[]) => {
  const ok = outcomes.filter((outcome) => outcome.final.status < 300).length;
  const gaveUp = outcomes.filter((outcome) => outcome.gaveUp).length;
  return `${ok} ok, ${gaveUp} gave up`;
};

async function signIn(client: ZscalerClient): Promise<void> {
  const wrong = await client.signIn('demo-automation', 'an-expired-secret');
  const right = await client.signIn('demo-automation', DEFAULT_CLIENT_SECRET);
  if (right.status !== 200) throw new Error(`token request answered ${right.status}`);
  progress(
    'token',
    `${wrong.status} ${wrong.errorId ?? ''} with a stale secret, then ${right.status}: bearer token`,
    client,
  );
}

async function listUrlCategories(client: ZscalerClient, burst: number): Promise<void> {
  const list = await client.call('GET', `${ZIA}/urlCategories`, HONOUR);
  const count = Array.isArray(list.final.body) ? list.final.body.length : 0;
  // A dashboard refresh fires the same read several times at once: ZIA allows 2 GETs per second.
  const refresh = await Promise.all(
    Array.from({ length: burst }, (_, i) => client.call('GET', `${ZIA}/urlCategories`, policyOf(i + 1))),
  );
  progress('zia list', `${count} URL categories; a burst of ${burst} reads: ${counted(refresh)}`, client);
}

interface Baseline {
  readonly ruleId: number;
  readonly categoryId: string;
}

async function createBaseline(client: ZscalerClient): Promise<Baseline> {
  const rule = await client.call('POST', `${ZIA}/firewallFilteringRules`, HONOUR, {
    name: 'Demo block outbound SMB',
    action: 'BLOCK_DROP',
    order: 1,
    state: 'ENABLED',
  });
  const category = { configuredName: 'Demo blocked sites', superCategory: 'USER_DEFINED', urls: [] };
  const created = await client.call('POST', `${ZIA}/urlCategories`, HONOUR, category);
  // The script runs twice by mistake: ZIA refuses the second category with the same name.
  const duplicate = await client.call('POST', `${ZIA}/urlCategories`, HONOUR, category);
  const ruleId = (rule.final.body as { id?: unknown } | undefined)?.id;
  const categoryId = (created.final.body as { id?: unknown } | undefined)?.id;
  if (typeof ruleId !== 'number' || typeof categoryId !== 'string')
    throw new Error(
      `could not create the baseline rule (${describe(rule)}) or category (${describe(created)})`,
    );
  progress(
    'zia setup',
    `rule ${ruleId}: ${describe(rule)}; category ${categoryId}: ${describe(created)}; again: ${describe(duplicate)}`,
    client,
  );
  return { ruleId, categoryId };
}

/** One edit of a worker: the three kinds rotate, so parallel workers write different endpoints and collide on the edit lock. */
function edit(client: ZscalerClient, baseline: Baseline, worker: number, round: number): Promise<Outcome> {
  const policy = policyOf(worker);
  const tag = `worker ${worker} round ${round}`;
  switch ((worker + round) % 3) {
    case 0:
      return client.call('POST', `${ZIA}/firewallFilteringRules`, policy, {
        name: `Demo allow partner VPN (${tag})`,
        action: 'ALLOW',
        order: 2,
        state: 'ENABLED',
      });
    case 1:
      return client.call('PUT', `${ZIA}/firewallFilteringRules/${baseline.ruleId}`, policy, {
        description: `tightened by ${tag}`,
      });
    default:
      return client.call('PUT', `${ZIA}/urlCategories/${baseline.categoryId}`, policy, {
        urls: [`w${worker}r${round}.example.com`],
      });
  }
}

async function editConcurrently(
  client: ZscalerClient,
  baseline: Baseline,
  size: WorkloadSize,
): Promise<void> {
  const workers = Array.from({ length: size.workers }, (_, i) => i + 1);
  const honouring = workers.filter((worker) => policyOf(worker).honourRetryAfter);
  progress(
    'zia edits',
    `${size.workers} workers edit at once; workers ${honouring.join(',')} honour Retry-After, the others retry at once`,
    client,
  );
  for (let round = 1; round <= size.rounds; round++) {
    const outcomes = await Promise.all(workers.map((worker) => edit(client, baseline, worker, round)));
    const patient = outcomes.filter((_, i) => policyOf(i + 1).honourRetryAfter);
    const impatient = outcomes.filter((_, i) => !policyOf(i + 1).honourRetryAfter);
    progress(
      'zia edits',
      `round ${round}/${size.rounds}: honouring ${counted(patient)}; retrying at once ${counted(impatient)}`,
      client,
    );
  }
}

async function activate(client: ZscalerClient): Promise<void> {
  const status = await client.call('GET', `${ZIA}/status`, HONOUR);
  const activation = await client.call('POST', `${ZIA}/status/activate`, HONOUR);
  const before = (status.final.body as { status?: unknown } | undefined)?.status;
  progress('zia activate', `status ${String(before)}, activation ${describe(activation)}`, client);
}

async function reorderPolicies(client: ZscalerClient, size: WorkloadSize): Promise<void> {
  const apps = await client.call('GET', `${ZPA}/application?page=1&pagesize=20`, HONOUR);
  const missing = await client.call('GET', `${ZPA}/application/216196257399999999`, ONCE);
  // Several pipelines reorder the same access policy at once: ZPA lets one change a policy set at a time.
  const ruleIds = ['216196257331300001', '216196257331300002', '216196257331300003'];
  const reorders = await Promise.all(
    Array.from({ length: size.workers }, (_, i) =>
      client.call('PUT', `${ZPA}/policySet/rules/policyType/ACCESS_POLICY/reorder`, policyOf(i + 1), [
        ...ruleIds.slice(i % ruleIds.length),
        ...ruleIds.slice(0, i % ruleIds.length),
      ]),
    ),
  );
  progress(
    'zpa reorder',
    `applications ${describe(apps)}; a missing one ${describe(missing)}; ${size.workers} reorders: ${counted(reorders)}`,
    client,
  );
  const reads = await Promise.all(
    Array.from({ length: ZPA_BURST }, (_, i) =>
      client.call('GET', `${ZPA}/segmentGroup`, { ...policyOf(i + 1), maxAttempts: 3 }),
    ),
  );
  progress('zpa reads', `a burst of ${ZPA_BURST} segment-group reads: ${counted(reads)}`, client);
}

async function listDevices(client: ZscalerClient): Promise<void> {
  const devices = await client.call('GET', '/zcc/papi/public/v1/getDevices?pageSize=50', HONOUR);
  const count = Array.isArray(devices.final.body) ? devices.final.body.length : 0;
  progress('zcc devices', `${describe(devices)}: ${count} enrolled devices`, client);
}

function readSize(argv: readonly string[]): WorkloadSize {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      workers: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '3' },
    },
    strict: true,
  });
  const size = { port: Number(values.port), workers: Number(values.workers), rounds: Number(values.rounds) };
  for (const [name, value] of Object.entries(size)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  }
  return size;
}

async function main(): Promise<void> {
  const size = readSize(process.argv.slice(2));
  // The app's only concession to the demo: Zscaler host names resolve to the simulator on this machine.
  installLoopbackResolver();
  const client = new ZscalerClient(size.port, 'acme');
  await signIn(client);
  await listUrlCategories(client, size.workers + 1);
  const baseline = await createBaseline(client);
  await editConcurrently(client, baseline, size);
  await activate(client);
  await reorderPolicies(client, size);
  await listDevices(client);
}

// No process.exit(): the process ends by itself, so the agent's exit flush sends the last telemetry.
main().catch((error: unknown) => {
  process.stderr.write(`workload: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
