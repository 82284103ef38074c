/**
 * The demo's automation app: what a script managing a Zscaler tenant does, run against the simulator. It has
 * no OpenTelemetry code at all; the demo starts it with `--require zscaler-otel-agent/register`.
 *
 *   node --require zscaler-otel-agent/register dist/demo/workload.js --port <simulator port> [--workers N] [--rounds N]
 *
 * After signing in, three jobs run at once, each on its own client: ZIA (list, set up, concurrent edits,
 * activate), ZPA (policy reorders and a burst of reads) and Client Connector (devices). Patient callers wait
 * the whole Retry-After; impatient ones (the even workers) retry at once, and the agent tells them apart.
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
/** Above ZPA's 20 GETs per 10 s (two of them taken by the application reads), so the tail is rate-limited. */
const ZPA_BURST = 22;
const HONOUR: RetryPolicy = { honourRetryAfter: true, maxAttempts: 4 };
const IMPATIENT: RetryPolicy = { honourRetryAfter: false, maxAttempts: 4 };
const ONCE: RetryPolicy = { honourRetryAfter: true, maxAttempts: 1 };

/** Odd workers honour Retry-After, even ones retry at once: the summary shows what each earns. */
const policyOf = (worker: number): RetryPolicy => (worker % 2 === 1 ? HONOUR : IMPATIENT);
const isPatient = (worker: number) => policyOf(worker).honourRetryAfter;

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

/** Outcomes of workers 1, 2, …, counted apart for those that honour Retry-After and those that retry at once. */
const countedByPolicy = (outcomes: readonly Outcome[]) => {
  const patient = outcomes.filter((_, i) => isPatient(i + 1));
  const impatient = outcomes.filter((_, i) => !isPatient(i + 1));
  return `honouring ${counted(patient)}; retrying at once ${counted(impatient)}`;
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
  progress(
    'zia list',
    `${count} URL categories; a burst of ${burst} reads: ${countedByPolicy(refresh)}`,
    client,
  );
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

/**
 * Which of the three kinds of edit a worker makes in a round. They rotate, so parallel workers write different
 * endpoints and collide on the tenant's edit lock. The impatient workers share one endpoint, apart from the
 * patient ones: the agent judges a repeat against the last error on its endpoint (whoever got it), so a
 * patient worker's repeat is then judged against its own wait, not against an impatient one's 429.
 */
function editKind(worker: number, round: number): number {
  if (!isPatient(worker)) return (round + 2) % 3;
  return (round + (Math.floor(worker / 2) % 2)) % 3;
}

/** One edit of a worker: see editKind. */
function edit(client: ZscalerClient, baseline: Baseline, worker: number, round: number): Promise<Outcome> {
  const policy = policyOf(worker);
  const tag = `worker ${worker} round ${round}`;
  switch (editKind(worker, round)) {
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
  const honouring = workers.filter(isPatient);
  progress(
    'zia edits',
    `${size.workers} workers edit at once; workers ${honouring.join(',')} honour Retry-After, the others retry at once`,
    client,
  );
  for (let round = 1; round <= size.rounds; round++) {
    const outcomes = await Promise.all(workers.map((worker) => edit(client, baseline, worker, round)));
    progress('zia edits', `round ${round}/${size.rounds}: ${countedByPolicy(outcomes)}`, client);
  }
}

async function activate(client: ZscalerClient): Promise<void> {
  const status = await client.call('GET', `${ZIA}/status`, HONOUR);
  const activation = await client.call('POST', `${ZIA}/status/activate`, HONOUR);
  const before = (status.final.body as { status?: unknown } | undefined)?.status;
  progress('zia activate', `status ${String(before)}, activation ${describe(activation)}`, client);
}

async function reorderPolicies(client: ZscalerClient, size: WorkloadSize): Promise<void> {
  // Several pipelines reorder the same access policy at once: ZPA lets one change a policy set at a time, and
  // they back off and try again. All patient: ZPA's 10 writes per 10 s would otherwise make them wait 10 s.
  const ruleIds = ['216196257331300001', '216196257331300002', '216196257331300003'];
  const reorders = await Promise.all(
    Array.from({ length: size.workers }, (_, i) =>
      client.call('PUT', `${ZPA}/policySet/rules/policyType/ACCESS_POLICY/reorder`, HONOUR, [
        ...ruleIds.slice(i % ruleIds.length),
        ...ruleIds.slice(0, i % ruleIds.length),
      ]),
    ),
  );
  const what = `${size.workers} reorder${size.workers === 1 ? '' : 's'} of one access policy`;
  progress('zpa reorder', `${what}: ${counted(reorders)}`, client);
}

async function readSegmentGroups(client: ZscalerClient): Promise<void> {
  // Above ZPA's 20 GETs per 10 s: the tail of the burst is told to wait for the rest of the 10 s window.
  const reads = await Promise.all(
    Array.from({ length: ZPA_BURST }, (_, i) =>
      client.call('GET', `${ZPA}/segmentGroup`, { ...policyOf(i + 1), maxAttempts: 3 }),
    ),
  );
  progress('zpa reads', `a burst of ${ZPA_BURST} segment-group reads: ${countedByPolicy(reads)}`, client);
}

async function zpaJob(client: ZscalerClient, size: WorkloadSize): Promise<void> {
  const apps = await client.call('GET', `${ZPA}/application?page=1&pagesize=20`, HONOUR);
  const missing = await client.call('GET', `${ZPA}/application/216196257399999999`, ONCE);
  progress('zpa apps', `applications ${describe(apps)}; a missing one ${describe(missing)}`, client);
  // Two pipelines of their own, each with its own tally.
  await Promise.all([reorderPolicies(client.sibling(), size), readSegmentGroups(client.sibling())]);
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

async function ziaJob(client: ZscalerClient, size: WorkloadSize): Promise<void> {
  const baseline = await createBaseline(client);
  await listUrlCategories(client, size.workers + 1);
  await editConcurrently(client, baseline, size);
  await activate(client);
}

async function main(): Promise<void> {
  const size = readSize(process.argv.slice(2));
  // The app's only concession to the demo: Zscaler host names resolve to the simulator on this machine.
  installLoopbackResolver();
  const client = new ZscalerClient(size.port, 'acme');
  await signIn(client);
  progress(
    'jobs',
    'ZIA, ZPA and Client Connector jobs run at once; patient callers wait the whole Retry-After',
    client,
  );
  // Each job has its own client (the token shared): its progress lines count only its own answers.
  await Promise.all([
    ziaJob(client.sibling(), size),
    zpaJob(client.sibling(), size),
    listDevices(client.sibling()),
  ]);
}

// No process.exit(): the process ends by itself, so the agent's exit flush sends the last telemetry.
main().catch((error: unknown) => {
  process.stderr.write(`workload: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
