/**
 * Command-line parsing shared by the subcommands: node:util's strict parseArgs, with every mistake turned into
 * one message for the usage text instead of an exception.
 */
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

type OptionValues = Record<string, string | boolean | undefined>;

/** The option values, or what is wrong with the arguments. */
export function parseOptionValues(
  args: readonly string[],
  options: ParseArgsOptionsConfig,
): OptionValues | string {
  try {
    return parseArgs({ args: [...args], options, strict: true }).values as OptionValues;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** `--port`: 0 (any free port) when absent. */
export function portOption(value: string | boolean | undefined): number | string {
  const port = Number(value ?? '0');
  return Number.isInteger(port) && port >= 0 && port <= 65_535
    ? port
    : `--port must be a port number, got "${value}"`;
}
