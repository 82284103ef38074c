/**
 * Where the agent talks: stderr only (stdout belongs to the app), one line per message, never throwing.
 */
import { format } from 'node:util';
import type { DiagLogger } from '@opentelemetry/api';
import { createOnceLog, type OnceLog, writeLine } from '../telemetry/notice.js';

export type AgentLog = OnceLog;

/** The agent's own diagnostic lines; `silent` (OTEL_LOG_LEVEL=none) drops them all. */
export function createAgentLog(silent: boolean): AgentLog {
  return createOnceLog(() => silent);
}

/**
 * The OpenTelemetry diag logger for OTEL_LOG_LEVEL: to stderr (the stock DiagConsoleLogger prints info and
 * debug to stdout), and errors and warnings print once each, so an unreachable collector does not repeat
 * the same line at every export.
 */
export function createStderrDiagLogger(): DiagLogger {
  const log = createAgentLog(false);
  const repeated =
    (level: string) =>
    (message: string, ...args: unknown[]) =>
      writeLine(`[otel ${level}] ${format(message, ...args)}`);
  const deduplicated =
    (level: string) =>
    (message: string, ...args: unknown[]) => {
      const text = `[otel ${level}] ${format(message, ...args)}`;
      log.once(text, text);
    };
  return {
    error: deduplicated('error'),
    warn: deduplicated('warn'),
    info: repeated('info'),
    debug: repeated('debug'),
    verbose: repeated('verbose'),
  };
}
