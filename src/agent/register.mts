/**
 * `node --import zscaler-otel-agent/register app.mjs`: registers the ESM loader hook that instrumentation-http
 * needs to patch `import 'node:http'`, starts the agent (the same code as `--require`), then waits until the
 * hook has acknowledged the modules to patch, so the app's first import is already covered. fetch needs none.
 *
 * The hook is import-in-the-middle's own, from this package's dependency: the copy the bundled
 * @opentelemetry/instrumentation (dist/sdk/index.js) requires too, since both resolve it from this package's
 * folder, so its `Hook` calls reach the channel created here.
 */
import { createRequire, register } from 'node:module';
import type * as ImportInTheMiddle from 'import-in-the-middle';
import { createAgentLog } from './diagnostics.js';
import { startAgent } from './start.js';

const LOADER_HOOK = 'import-in-the-middle/hook.mjs';

/** Loaded only when the agent starts: disabled or in a worker, the process never loads it. */
function importInTheMiddle(): typeof ImportInTheMiddle {
  const require = createRequire(import.meta.url);
  return require('import-in-the-middle');
}

let waitForHooks: (() => Promise<void>) | undefined;
try {
  const outcome = startAgent({
    beforeInstrumentations: () => {
      const channel = importInTheMiddle().createAddHookMessageChannel();
      register(LOADER_HOOK, import.meta.url, channel.registerOptions);
      waitForHooks = channel.waitForAllMessagesAcknowledged;
    },
  });
  // Started by --require before any loader existed: its hooks were never announced, so hook every module.
  if (outcome === 'already-started') register(LOADER_HOOK, import.meta.url);
  await waitForHooks?.();
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  createAgentLog(false).once(
    'loader',
    `ESM loader hook failed (${reason}); imports of node:http may not be traced`,
  );
}
