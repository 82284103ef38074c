// Fixture helper: Zscaler host names resolve to 127.0.0.1 in this app (the simulator's loopback resolver,
// from the build), so the app calls real Zscaler names while the test serves them on loopback.
const { installLoopbackResolver } = require('../../../dist/simulator/loopback-resolver.js');

installLoopbackResolver();
