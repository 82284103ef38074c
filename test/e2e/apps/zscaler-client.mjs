// Fixture app (ESM): the same calls as zscaler-client.cjs, importing node:http the ESM way (default and named).
import './loopback-dns.cjs';
import http, { request } from 'node:http';

const base = `http://config.private.zscaler.com:${process.env.ZSCALER_PORT}`;
const path = '/mgmtconfig/v1/admin/customers/72058304855015424/application';

function read(res) {
  return new Promise((resolve) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      body += chunk;
    });
    res.on('end', () => resolve({ status: res.statusCode, body }));
  });
}

const viaFetch = await fetch(`${base}${path}?via=fetch`);
console.log(`fetch ${viaFetch.status} ${await viaFetch.text()}`);
const viaGet = await new Promise((resolve, reject) =>
  http.get(`${base}${path}?via=http`, resolve).on('error', reject),
);
const got = await read(viaGet);
console.log(`http ${got.status} ${got.body}`);
const viaRequest = await new Promise((resolve, reject) =>
  request(`${base}${path}?via=request`, resolve).on('error', reject).end(),
);
const requested = await read(viaRequest);
console.log(`request ${requested.status} ${requested.body}`);
