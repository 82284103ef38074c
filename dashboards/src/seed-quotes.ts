/**
 * What Zscaler's "Understanding Response Codes & Error Messages" page (the project's seed document) says about
 * 409 and 429, quoted word for word from its status tables, next to what the agent records as retryable.
 */

export interface SeedQuote {
  readonly service: string;
  readonly status: number;
  /** The seed table's description cell; its example bodies and headers summarised in parentheses. */
  readonly description: string;
  /** `zscaler.retryable` for this answer (CONTRACT.md, "Retryable"). */
  readonly retryable: string;
}

export const seedQuotes: readonly SeedQuote[] = [
  {
    service: 'zia',
    status: 409,
    description:
      'Request could not be processed because possible edit conflict occurred. Another admin might be saving a configuration change at the same time. In this scenario, the API client automatically retries after a short time period.',
    retryable:
      'yes (`EDIT_LOCK_NOT_AVAILABLE` and other lock errors); no for non-lock errors such as `DUPLICATE_ITEM`',
  },
  {
    service: 'ztw',
    status: 409,
    description:
      'Request could not be processed because a possible edit conflict occurred. Another admin might be saving configuration changes at the same time. In this scenario, the API client automatically retries after a short time period.',
    retryable: 'as ZIA',
  },
  {
    service: 'zpa',
    status: 409,
    description:
      'Conflict (example body: id `api.concurrent.access.error`, reason "Unable to modify the resource due to concurrent change requests. Try again"). Concurrent API calls using POST, PUT, and DELETE methods to the policy set controller might return error 409 - Conflict. Ensure that only one PUT request per policy rule is sent at a given time.',
    retryable:
      'yes for `api.concurrent.access.error` and `db.simultaneous.request` (also as 400); otherwise no',
  },
  {
    service: 'zidentity',
    status: 409,
    description:
      'Conflict. The server encountered a request that conflicts with the current state of the resource.',
    retryable: 'no',
  },
  {
    service: 'zpa',
    status: 429,
    description:
      'The API client exceeded the rate limit or quota. (Example body: id `invalid.toomanyrequests`, reason "Exceeded the number of requests allowed"; header `retry-after: 13s`.)',
    retryable: 'yes; wait the Retry-After',
  },
  {
    service: 'ztw',
    status: 429,
    description:
      'The API client exceeded the rate limit or quota. The response includes a `Retry-After` value.',
    retryable: 'yes; wait the Retry-After',
  },
  {
    service: 'oneapi',
    status: 429,
    description:
      'The API client exceeded the rate limit or quota. Too many requests have been made in a short period.',
    retryable: 'yes; wait the Retry-After',
  },
];

/** The quotes as a Markdown table for a text panel. */
export function seedQuotesMarkdown(): string {
  const rows = seedQuotes.map((q) => `| ${q.service} | ${q.status} | ${q.description} | ${q.retryable} |`);
  return [
    "What Zscaler's documentation (*Understanding Response Codes & Error Messages*) says about the answers on this",
    'dashboard, and what the agent records as `zscaler.retryable`. ZIA answers 429 with a per-endpoint limit such',
    'as `Rate Limit (1/SECOND) exceeded` and `Retry-After: 1`; its x-ratelimit headers describe the gateway bucket.',
    '',
    '| service | status | the seed says | retryable |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
