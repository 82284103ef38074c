/**
 * The shape of one service's module: what Zscaler's documentation, real traffic and the official SDKs say about
 * that service's error responses, each fact with its source (research/zscaler-api.md §0 names the sources).
 */
import type { ErrorCategory, ZscalerService } from '../types.js';

/** The seed document: Zscaler's help page "Understanding Response Codes & Error Messages". */
export const SEED = 'help.zscaler.com/oneapi/understanding-response-codes-error-messages';

/** One row of a seed status table, its description cleaned of the example bodies run into it. */
export interface StatusRow {
  readonly status: number;
  /** The reason phrase the table shows next to the code (the Cloud & Branch Connector table only). */
  readonly phrase?: string;
  readonly description: string;
  /** Example body and headers the seed shows inside the description, verbatim. */
  readonly example?: { readonly body?: string; readonly headers?: Readonly<Record<string, string>> };
}

export interface StatusTable {
  /** Where the table is: the seed and its position there (seed/README.md). */
  readonly source: string;
  readonly rows: readonly StatusRow[];
}

/** An error id the catalogue names: safe as a metric attribute value. */
export interface KnownErrorId {
  readonly id: string;
  /** The body field that carries it. */
  readonly field: 'code' | 'id' | 'title' | 'msgId' | 'error' | 'extensions.classification';
  readonly statuses: readonly number[];
  readonly meaning: string;
  readonly source: string;
}

/** What the policy rules look at. */
export interface Evidence {
  readonly status: number;
  readonly errorId?: string;
  readonly reason?: string;
  /** The body is a JSON object with a non-empty `code` member. */
  readonly hasCode: boolean;
  /** The response says the tenant is read-only (`x-zscaler-mode: read-only`). */
  readonly readOnlyMode: boolean;
}

/** A category/retry rule: the first rule whose statuses include the status and whose condition holds decides. */
export interface PolicyRule {
  readonly statuses: readonly number[] | '5xx';
  /** In words, for the README's table. */
  readonly rule: string;
  readonly when?: (evidence: Evidence) => boolean;
  /** Replaces the category the status alone gives. */
  readonly category?: ErrorCategory;
  readonly retryable: boolean;
  readonly source: string;
}

export interface ServiceModule {
  /** The `zscaler.service` values this module describes. */
  readonly services: readonly ZscalerService[];
  readonly name: string;
  /** How this service's error bodies look (research §2.2). */
  readonly bodyShape: string;
  readonly statusTable?: StatusTable;
  readonly knownErrorIds: readonly KnownErrorId[];
  /** Rules that come before the generic status rules of policy.ts. */
  readonly rules: readonly PolicyRule[];
  /** The body's `"Retry-After"` member is a Retry-After signal (ZIA, ZTW 429). */
  readonly bodyRetryAfter: boolean;
}

/** True when the error id or the reason contains one of the markers (the SDKs search the body text). */
export function mentionsAny(evidence: Evidence, markers: readonly string[]): boolean {
  return markers.some((marker) => evidence.errorId?.includes(marker) || evidence.reason?.includes(marker));
}
