/**
 * The loopback server every bench measurement calls: a ZPA path answers 429 with the JSON body and headers ZPA
 * sends behind the gateway (a new request id each time, as the gateway gives); any other path answers 200 with a
 * small JSON body. Keep-alive, as clients use it.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const ZPA_429 =
  '{"exception":"invalid.toomanyrequests","id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}';

/** Listens on a free loopback port; returns the two workloads' URLs and a close function. */
export async function startBenchServer() {
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/zpa/')) {
      response.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': '13s',
        'x-oneapi-request-id': randomUUID(),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '13',
      });
      response.end(ZPA_429);
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"orders":[{"id":1,"state":"open"}]}');
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    zscalerUrl: `http://api.zsapi.net:${port}/zpa/mgmtconfig/v1/admin/customers/1/application`,
    otherUrl: `http://api.example.com:${port}/v1/orders`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
