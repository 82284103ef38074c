/** `npm run dashboards`: regenerate the committed dashboard JSON from the TypeScript in ./src. */
import { writeFileSync } from 'node:fs';
import { renderDashboards } from '#src/render';

for (const [file, json] of renderDashboards()) {
  writeFileSync(new URL(file, import.meta.url), json);
  console.log(`dashboards/${file}`);
}
