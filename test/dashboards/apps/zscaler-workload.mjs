// Fixture app: a service calling Zscaler (the simulator, through the loopback resolver) hard enough to be
// throttled (ZPA 429) and to collide on locks (ZPA policy-set 409, ZIA edit lock 409, ZIA duplicate item),
// round after round until it is stopped, and repeating what failed: next round without a wait asked for (after a
// 409), too soon (after a 429), and beside it an impatient and a patient client after ZIA's 429s. Prints
// "running" once the first round has finished.
import { pathToFileURL } from 'node:url';

const { installLoopbackResolver } = await import(pathToFileURL(process.env.ZSCALER_SIMULATOR_MODULE).href);
installLoopbackResolver();

const port = process.env.ZSCALER_PORT;
const gateway = `http://api.zscalertwo.zsapi.net:${port}`;
const customer = '72058304855015424';

const token = await fetch(`http://acme.zslogin.net:${port}/oauth2/v1/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'dashboards-workload',
    client_secret: process.env.ZSCALER_CLIENT_SECRET,
  }),
}).then((response) => response.json());
const auth = { authorization: `Bearer ${token.access_token}` };

async function send(method, path, body) {
  const response = await fetch(`${gateway}${path}`, {
    method,
    headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response;
}

const call = async (method, path, body) => (await send(method, path, body)).status;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Repeats after a 429 (CONTRACT.md "Retries"). ZIA allows 2 GETs per second per endpoint: each client reads
// its own endpoint until it is throttled (`Retry-After: 1`), then the impatient one repeats at once, three
// times (early repeats), and the patient one first waits what it was asked to (an on-time repeat).
async function repeatAfterThrottle(path, patient) {
  for (;;) {
    let response = await send('GET', path);
    for (let calls = 1; response.status !== 429 && calls < 10; calls += 1) response = await send('GET', path);
    for (let repeats = 0; response.status === 429 && repeats < 3; repeats += 1) {
      if (patient) await sleep(Number.parseFloat(response.headers.get('retry-after') ?? '1') * 1000);
      response = await send('GET', path);
    }
    await sleep(500);
  }
}
repeatAfterThrottle('/zia/api/v1/users', false);
repeatAfterThrottle('/zia/api/v1/firewallFilteringRules', true);

const zpa = `/zpa/mgmtconfig/v1/admin/customers/${customer}`;
let round = 0;
for (;;) {
  round += 1;
  const statuses = await Promise.all([
    // ZPA allows 20 GETs per 10 s: five a round are soon throttled.
    ...Array.from({ length: 5 }, () => call('GET', `${zpa}/application`)),
    // Parallel reorders of one policy set: one holds it, the others get 409 api.concurrent.access.error.
    ...Array.from({ length: 3 }, () =>
      call('PUT', `${zpa}/policySet/rules/policyType/ACCESS_POLICY/reorder`, []),
    ),
    call('GET', '/zia/api/v1/urlCategories'),
    // Parallel ZIA writes contend for the tenant's edit lock; the same name again is a duplicate item.
    call('POST', '/zia/api/v1/urlCategories', { configuredName: 'dashboards', urls: ['example.com'] }),
    call('POST', '/zia/api/v1/firewallFilteringRules', { name: `dashboards ${round}` }),
  ]);
  if (round === 1) console.log(`running ${statuses.join(' ')}`);
  await new Promise((resolve) => setTimeout(resolve, 500));
}
