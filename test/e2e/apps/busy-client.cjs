// Fixture app: calls ZPA every 100 ms for about 1.5 s, then ends; with a short metric interval and batch
// delay, exports run all the while (the case where a dead collector could keep the app alive).
require('./loopback-dns.cjs');

const url = `http://config.private.zscaler.com:${process.env.ZSCALER_PORT}/mgmtconfig/v1/admin/customers/1/server`;
let calls = 0;
const timer = setInterval(() => {
  fetch(url).then((res) => res.text());
  calls += 1;
  if (calls === 15) {
    clearInterval(timer);
    console.log('done');
  }
}, 100);
