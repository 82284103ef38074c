// Fixture app: stays alive until signalled; with APP_SIGNAL_HANDLER=1 it handles SIGTERM/SIGINT itself
// (prints, then exits 7 a moment later, as a graceful server would).
require('./loopback-dns.cjs');

const keepAlive = setInterval(() => {}, 1000);
if (process.env.APP_SIGNAL_HANDLER === '1') {
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      console.log(`app got ${signal}`);
      clearInterval(keepAlive);
      setTimeout(() => process.exit(7), 50);
    });
  }
}

fetch(`http://config.private.zscaler.com:${process.env.ZSCALER_PORT}/mgmtconfig/v1/admin/customers/1/server`)
  .then((res) => res.text().then((body) => console.log(`ready ${res.status} ${body}`)))
  .catch((error) => console.log(`ready error ${error.message}`));
