/** Z-Insights (`/zins/graphql`) and Microsegmentation (`/zms/graphql`): GraphQL APIs. No seed table. */
import type { ServiceModule } from './service.js';

export const graphql: ServiceModule = {
  services: ['zins', 'zms'],
  name: 'Z-Insights and Microsegmentation (GraphQL)',
  bodyShape:
    '`{"errors":[{"message":"…","locations":[…],"path":[…],"extensions":{"classification":"BAD_REQUEST"}}],' +
    '"data":…}`, possibly with HTTP 200 (PY zscaler/errors/graphql_error.py); only error statuses are read.',
  knownErrorIds: [
    {
      id: 'BAD_REQUEST',
      field: 'extensions.classification',
      statuses: [200, 400],
      meaning: 'the GraphQL request is invalid',
      source: 'PY zscaler/errors/graphql_error.py',
    },
  ],
  rules: [],
  bodyRetryAfter: false,
};
