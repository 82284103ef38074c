/**
 * The committed dashboards: file name → JSON text. `npm run dashboards` writes them; a test checks that the
 * committed files are exactly what this code renders.
 */
import { buildDashboard } from '#src/dashboard';
import { overviewDashboard } from '#src/overview';
import { rateLimitsConflictsDashboard } from '#src/rate-limits-conflicts';

const dashboards = {
  'zscaler-overview.json': overviewDashboard,
  'zscaler-rate-limits-conflicts.json': rateLimitsConflictsDashboard,
};

export function renderDashboards(): Map<string, string> {
  return new Map(
    Object.entries(dashboards).map(([file, build]) => [
      file,
      `${JSON.stringify(buildDashboard(build()), null, 2)}\n`,
    ]),
  );
}
