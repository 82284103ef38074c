// Fixture app (CommonJS): one fetch and one node:http call to ZPA, then ends abruptly as APP_END says:
// `exit` (process.exit(3), then a line that must never print), `throw` (an uncaught error in a timer),
// `reject` (an unhandled rejection).
require('./loopback-dns.cjs');
const http = require('node:http');

const base = `http://config.private.zscaler.com:${process.env.ZSCALER_PORT}`;
const path = '/mgmtconfig/v1/admin/customers/72058304855015424/application';

function httpGet(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      })
      .on('error', reject);
  });
}

(async () => {
  const viaFetch = await fetch(`${base}${path}?via=fetch`);
  console.log(`fetch ${viaFetch.status} ${await viaFetch.text()}`);
  console.log(`http ${await httpGet(`${base}${path}?via=http`)}`);
  switch (process.env.APP_END) {
    case 'exit':
      process.exit(3);
      console.log('after process.exit');
      break;
    case 'throw':
      setTimeout(() => {
        throw new Error('sync job failed after a 429');
      }, 0);
      break;
    case 'reject':
      Promise.reject(new Error('async job failed after a 429'));
      break;
  }
})();
