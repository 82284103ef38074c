// Fixture app (CommonJS): the requests of ZSCALER_REQUESTS (JSON: client, name, method, url), one after the
// other, through built-in fetch, node:https or axios; prints each status and a digest of the body the app got.
// Loopback DNS only when asked: behind the proxy the app must not resolve the Zscaler names itself.
if (process.env.LOOPBACK_DNS === '1') require('./loopback-dns.cjs');
const { createHash } = require('node:crypto');
const https = require('node:https');

const clients = {
  async fetch(url, method) {
    const response = await fetch(url, { method });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  },
  https(url, method) {
    return new Promise((resolve, reject) => {
      https
        .request(url, { method }, (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks) }));
          response.on('error', reject);
        })
        .on('error', reject)
        .end();
    });
  },
  async axios(url, method) {
    const axios = require('axios');
    const response = await axios.request({
      url,
      method,
      responseType: 'arraybuffer',
      validateStatus: () => true,
    });
    return { status: response.status, body: Buffer.from(response.data) };
  },
};

(async () => {
  for (const { client, name, method, url } of JSON.parse(process.env.ZSCALER_REQUESTS)) {
    const { status, body } = await clients[client](url, method);
    console.log(`${client} ${name} ${status} ${createHash('sha256').update(body).digest('hex')}`);
  }
})();
