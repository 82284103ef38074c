/**
 * Another OpenTelemetry SDK already registered in this process (another `--require` preload, a vendor agent
 * started before this one). Every `@opentelemetry/api` 1.x copy keeps what was registered under one global
 * symbol, whichever copy registered it, so this sees EDOT's 1.9 registration as well as a 1.10 one.
 */
const API_GLOBALS = Symbol.for('opentelemetry.js.api.1');

interface Registry {
  readonly version?: unknown;
  readonly trace?: { getDelegate?: () => unknown };
  readonly metrics?: unknown;
  readonly context?: unknown;
}

/**
 * What registered a tracer provider, a meter provider or a context manager, in words; undefined when nothing
 * has. A context manager alone counts: an SDK started with every exporter off registers only that, and its
 * instrumentations still trace every request.
 */
export function registeredSdk(): string | undefined {
  const registry = (globalThis as Record<symbol, Registry | undefined>)[API_GLOBALS];
  const provider =
    registry?.trace?.getDelegate?.() ?? registry?.trace ?? registry?.metrics ?? registry?.context;
  if (provider === undefined) return undefined;
  const name = (provider as { constructor?: { name?: unknown } }).constructor?.name;
  const version = typeof registry?.version === 'string' ? ` ${registry.version}` : '';
  return `${typeof name === 'string' && name !== '' ? name : 'a provider'}, through @opentelemetry/api${version}`;
}
