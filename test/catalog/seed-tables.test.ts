/**
 * Every row of the seed's six status tables is in the catalogue, in order, with the seed's words. The rows are
 * counted in the seed document itself (fixtures/seed-response-codes.txt, a verbatim copy of
 * /work/shared/seed/000_fccfae7e6b59bb20.txt), so no row can silently go missing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interpretResponse } from '../../src/catalog/index.js';
import { statusCategory } from '../../src/catalog/policy.js';
import { oneapi } from '../../src/catalog/services/oneapi.js';
import type { ServiceModule } from '../../src/catalog/services/service.js';
import { zcc } from '../../src/catalog/services/zcc.js';
import { zia } from '../../src/catalog/services/zia.js';
import { zidentity } from '../../src/catalog/services/zidentity.js';
import { zpa } from '../../src/catalog/services/zpa.js';
import { ztw } from '../../src/catalog/services/ztw.js';
import type { ZscalerApi } from '../../src/catalog/types.js';

interface SeedRow {
  readonly status: number;
  readonly phrase?: string;
  /** The description cell as the seed has it, examples and all. */
  readonly cell: string;
}

/** seed/README.md: the tables' services, in the order they appear. */
const TABLE_SERVICES: readonly ServiceModule[] = [zia, zpa, zcc, oneapi, ztw, zidentity];

const seed = readFileSync(new URL('./fixtures/seed-response-codes.txt', import.meta.url), 'utf8');

/** Tables begin after `| ---- | ----------- |`; a row begins with `| <code>` and may run over several lines. */
function seedTables(text: string): SeedRow[][] {
  const tables: SeedRow[][] = [];
  let table: SeedRow[] | undefined;
  let pending: string | undefined;
  for (const line of text.split('\n')) {
    if (pending !== undefined) {
      pending += `\n${line}`;
      if (line.trimEnd().endsWith('|')) {
        table?.push(seedRow(pending));
        pending = undefined;
      }
    } else if (/^\| -+ \| -+ \|$/.test(line.trim())) {
      table = [];
      tables.push(table);
    } else if (table !== undefined && /^\| \d{3}\b/.test(line)) {
      if (line.trimEnd().endsWith('|') && line.trim() !== '|') table.push(seedRow(line));
      else pending = line;
    } else if (line.trim() !== '') {
      table = undefined;
    }
  }
  return tables;
}

function seedRow(text: string): SeedRow {
  const match = /^\| (\d{3})(?: ([A-Za-z ]+?))? \| ([\s\S]*) \|\s*$/.exec(text);
  if (match === null) throw new Error(`not a seed row: ${text}`);
  const [, status, phrase, cell] = match;
  return phrase === undefined
    ? { status: Number(status), cell: cell as string }
    : { status: Number(status), phrase, cell: cell as string };
}

const alphanumerics = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');

/** The catalogue's description keeps the seed's words in the seed's order, dropping only example text. */
function keepsSeedWords(description: string, cell: string): boolean {
  const words = description.split(/\s+/).map((word) => word.replace(/^[^A-Za-z0-9`]+|[^A-Za-z0-9`]+$/g, ''));
  if (!words.every((word) => cell.includes(word))) return false;
  const wanted = alphanumerics(description);
  const have = alphanumerics(cell);
  let at = 0;
  for (const char of wanted) {
    at = have.indexOf(char, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

const tables = seedTables(seed);

describe('the seed status tables', () => {
  it('has six tables with the row counts of seed/README.md', () => {
    expect(tables.map((rows) => rows.map((row) => row.status))).toEqual([
      [200, 204, 400, 403, 404, 405, 409, 415, 500, 503],
      [200, 201, 204, 400, 401, 403, 404, 409, 429, 503],
      [200, 400, 401, 403, 404],
      [401, 403, 404, 408, 413, 429, 500, 503, 504],
      [200, 204, 400, 401, 403, 404, 409, 415, 429, 500, 503],
      [200, 201, 202, 204, 400, 401, 403, 404, 409, 413, 500],
    ]);
  });

  TABLE_SERVICES.forEach((module, index) => {
    const seedRows = tables[index] ?? [];
    const service = module.services[0] as string;
    describe(`${module.name} (table ${index + 1})`, () => {
      it('has every seed row, in order, and no other', () => {
        expect(module.statusTable?.rows.map((row) => row.status)).toEqual(seedRows.map((row) => row.status));
        expect(module.statusTable?.rows.length).toBe(seedRows.length);
      });

      it.each(
        seedRows.map((row, at) => [row.status, row, at] as const),
      )('%i keeps the seed words', (_, row, at) => {
        const catalogued = module.statusTable?.rows[at];
        expect(catalogued?.status).toBe(row.status);
        expect(catalogued?.phrase).toBe(row.phrase);
        expect(catalogued?.description.length).toBeGreaterThan(0);
        expect(keepsSeedWords(catalogued?.description ?? '', row.cell)).toBe(true);
        // Clean text: no run-together sentences, no example bodies.
        expect(catalogued?.description).not.toMatch(/[a-z][A-Z]|For example:|[{}]/);
      });

      const errorRows = seedRows.filter((row) => row.status >= 400);
      const apis: readonly ZscalerApi[] = ['oneapi', 'legacy'];
      it.each(
        errorRows.flatMap((row, at) => apis.map((api) => [row.status, api, at] as const)),
      )('%i (%s) is the span description and has a CONTRACT category', (status, api) => {
        const catalogued = module.statusTable?.rows.find((row) => row.status === status);
        const result = interpretResponse({ target: { service, api }, status, header: () => undefined });
        expect(result.description).toBe(catalogued?.description);
        expect(result.category).toBe(statusCategory(status));
      });
    });
  });

  it('keeps the example bodies of the ZPA rows verbatim', () => {
    for (const row of zpa.statusTable?.rows ?? []) {
      const body = row.example?.body;
      if (body !== undefined) expect(seed).toContain(body);
    }
    expect(zpa.statusTable?.rows.filter((row) => row.example !== undefined).map((row) => row.status)).toEqual(
      [400, 401, 409, 429, 503],
    );
  });
});
