/**
 * What Zscaler's "Understanding Response Codes & Error Messages" page (the project's seed document) says about
 * 409 and 429, as the agent's catalogue keeps it, and what the agent records as retryable. A test checks both
 * against the catalogue (src/catalog), so the dashboard never drifts from what the agent reports.
 */

export interface RetryCase {
  /** The error id in the body; undefined: any other answer of this status. */
  readonly errorId?: string;
  readonly retryable: boolean;
}

export interface SeedQuote {
  readonly service: string;
  readonly status: number;
  /** The seed table's description, as the catalogue gives it in the span status. */
  readonly description: string;
  /** The example the seed shows inside the cell, summarised. */
  readonly example?: string;
  readonly retry: readonly RetryCase[];
}

export const seedQuotes: readonly SeedQuote[] = [
  {
    service: 'zia',
    status: 409,
    description:
      'Request could not be processed because possible edit conflict occurred. Another admin might be saving a configuration change at the same time. In this scenario, the API client automatically retries after a short time period.',
    retry: [
      { errorId: 'EDIT_LOCK_NOT_AVAILABLE', retryable: true },
      { errorId: 'DUPLICATE_ITEM', retryable: false },
    ],
  },
  {
    service: 'ztw',
    status: 409,
    description:
      'Request could not be processed because a possible edit conflict occurred. Another admin might be saving configuration changes at the same time. In this scenario, the API client automatically retries after a short time period.',
    retry: [{ retryable: true }],
  },
  {
    service: 'zpa',
    status: 409,
    description:
      'Conflict. Concurrent API calls using POST, PUT, and DELETE methods to the policy set controller might return error 409 - Conflict. Ensure that only one PUT request per policy rule is sent at a given time.',
    example:
      'id `api.concurrent.access.error`, reason "Unable to modify the resource due to concurrent change requests. Try again"',
    retry: [{ errorId: 'api.concurrent.access.error', retryable: true }, { retryable: false }],
  },
  {
    service: 'zidentity',
    status: 409,
    description:
      'Conflict. The server encountered a request that conflicts with the current state of the resource.',
    retry: [{ retryable: false }],
  },
  {
    service: 'zpa',
    status: 429,
    description:
      'The API client exceeded the rate limit or quota. To learn more, see Understanding Rate Limiting.',
    example:
      'id `invalid.toomanyrequests`, reason "Exceeded the number of requests allowed", `retry-after: 13s`',
    retry: [{ retryable: true }],
  },
  {
    service: 'ztw',
    status: 429,
    description:
      'The API client exceeded the rate limit or quota. The response includes a `Retry-After` value.',
    retry: [{ retryable: true }],
  },
  {
    service: 'oneapi',
    status: 429,
    description:
      'The API client exceeded the rate limit or quota. Too many requests have been made in a short period.',
    retry: [{ retryable: true }],
  },
];

function retryText(cases: readonly RetryCase[]): string {
  return cases
    .map(({ errorId, retryable }) => {
      const answer = retryable ? 'yes' : 'no';
      if (errorId !== undefined) return `${answer} for \`${errorId}\``;
      return cases.length > 1 ? `${answer} otherwise` : answer;
    })
    .join('; ');
}

/** The quotes as a Markdown table for a text panel. */
export function seedQuotesMarkdown(): string {
  const rows = seedQuotes.map(({ service, status, description, example, retry }) => {
    const seed = example === undefined ? description : `${description} Example: ${example}.`;
    return `| ${service} | ${status} | ${seed} | ${retryText(retry)} |`;
  });
  return [
    "What Zscaler's documentation (*Understanding Response Codes & Error Messages*) says about the answers on this",
    'dashboard, and what the agent records as `zscaler.retryable`. A 429 is worth retrying after its Retry-After.',
    'ZIA answers 429 with a per-endpoint limit such as `Rate Limit (1/SECOND) exceeded` and `Retry-After: 1`; its',
    'x-ratelimit headers describe the gateway bucket, not that limit.',
    '',
    '| service | status | the seed says | retryable |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
