// Fixture app (CommonJS): one fetch and one node:http call to ZPA, prints what it received, then ends.
require('./loopback-dns.cjs');
const http = require('node:http');

const base = `http://config.private.zscaler.com:${process.env.ZSCALER_PORT}`;
const path = '/mgmtconfig/v1/admin/customers/72058304855015424/application';

function httpGet(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode, body }));
      })
      .on('error', reject);
  });
}

(async () => {
  const viaFetch = await fetch(`${base}${path}?via=fetch`);
  console.log(`fetch ${viaFetch.status} ${await viaFetch.text()}`);
  const viaHttp = await httpGet(`${base}${path}?via=http`);
  console.log(`http ${viaHttp.status} ${viaHttp.body}`);
  if (process.env.APP_EXIT_CODE) process.exitCode = Number(process.env.APP_EXIT_CODE);
})();
