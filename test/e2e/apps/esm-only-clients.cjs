// Fixture app (CommonJS): calls ZPA with two ESM-only clients, got and node-fetch 3, loaded with import(),
// prints what they received, then ends.
require('./loopback-dns.cjs');

const url = `http://config.private.zscaler.com:${process.env.ZSCALER_PORT}/mgmtconfig/v1/admin/customers/72058304855015424/application`;

(async () => {
  const { default: got } = await import('got');
  const viaGot = await got(`${url}?via=got`, { throwHttpErrors: false, retry: { limit: 0 } });
  console.log(`got ${viaGot.statusCode} ${viaGot.body}`);
  const { default: nodeFetch } = await import('node-fetch');
  const viaNodeFetch = await nodeFetch(`${url}?via=node-fetch`);
  console.log(`node-fetch ${viaNodeFetch.status} ${await viaNodeFetch.text()}`);
})();
