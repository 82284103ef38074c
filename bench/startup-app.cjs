/**
 * The app of the start-up measure (bench/startup.mjs): one fetch of a Zscaler 429 from the bench's loopback
 * server, then a natural exit, so whatever a preload does at exit (flushing to the sink) counts too.
 * CommonJS, so that every preload instruments it, whichever of --require and --import it uses.
 * Prints one JSON line when the process exits:
 *   readyMs   — from process start to this file's first line: the preload's start-up
 *   rssKb     — peak RSS right after the request (resourceUsage().maxRSS)
 *   cpuMs     — user + system CPU of the whole process, at exit
 *
 *   node [preload flags] bench/startup-app.cjs <url>
 */
const readyMs = performance.now();
const { writeSync } = require('node:fs');
const { installLoopbackResolver } = require('../dist/simulator/loopback-resolver.js');

installLoopbackResolver();
let rssKb;
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(1, `${JSON.stringify({ readyMs, rssKb, cpuMs: (user + system) / 1000 })}\n`);
});

fetch(process.argv[2])
  .then((response) => response.arrayBuffer())
  .then(() => {
    rssKb = process.resourceUsage().maxRSS;
  });
