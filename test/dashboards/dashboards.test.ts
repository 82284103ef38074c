import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDashboards } from '../../dashboards/src/render.js';
import { datasource } from '../../dashboards/src/variables.js';
import { panelQueries } from './panel-queries.js';

const rendered = renderDashboards();

interface Panel {
  type: string;
  title: string;
  description?: string;
  datasource?: { type: string; uid: string };
  fieldConfig?: { defaults: { unit?: string; thresholds?: { steps: unknown[] } } };
  options?: { legend?: { showLegend: boolean } };
  targets?: { expr: string; legendFormat?: string }[];
}

const dashboards = [...rendered].map(([file, json]) => ({
  file,
  json,
  dashboard: JSON.parse(json) as {
    uid: string;
    schemaVersion: number;
    templating: { list: { name: string; type: string }[] };
    panels: Panel[];
  },
}));

describe('dashboards', () => {
  it.each(dashboards)('$file is committed exactly as the code renders it (run `npm run dashboards`)', ({
    file,
    json,
  }) => {
    const committed = readFileSync(new URL(`../../dashboards/${file}`, import.meta.url), 'utf8');
    expect(committed).toBe(json);
  });

  it.each(dashboards)('$file takes its datasource from a variable and never names a datasource uid', ({
    json,
    dashboard,
  }) => {
    expect(dashboard.templating.list.map((v) => `${v.type}:${v.name}`)).toEqual([
      'datasource:datasource',
      'query:job',
      'query:service',
      'query:cloud',
    ]);
    const uids = [...json.matchAll(/"uid": "([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(uids)).toEqual(new Set([dashboard.uid, datasource.uid]));
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
  });

  it.each(dashboards)('$file: every data panel has a description, a unit, thresholds and a legend', ({
    dashboard,
  }) => {
    const dataPanels = dashboard.panels.filter((p) => p.targets !== undefined);
    expect(dataPanels.length).toBeGreaterThan(5);
    for (const panel of dataPanels) {
      expect(panel.description, panel.title).toBeTruthy();
      expect(panel.datasource, panel.title).toEqual(datasource);
      expect(panel.fieldConfig?.defaults.unit, panel.title).toBeTruthy();
      if (panel.type === 'timeseries') {
        expect(panel.options?.legend?.showLegend, panel.title).toBe(true);
        for (const target of panel.targets ?? [])
          expect(target.legendFormat, panel.title).toMatch(/\{\{\w+\}\}/);
      }
      if (panel.type === 'stat')
        expect(panel.fieldConfig?.defaults.thresholds?.steps.length, panel.title).toBeGreaterThan(0);
    }
  });

  it('filters every series by job, Zscaler service and cloud', () => {
    for (const { key, expr } of panelQueries()) {
      const selectors = expr.match(/\{[^{}]*\}\[|\w+\{[^{}]*\}/g) ?? [];
      expect(selectors.length, key).toBeGreaterThan(0);
      for (const selector of selectors) {
        expect(selector, key).toContain('job=~"$job", zscaler_service=~"$service", zscaler_cloud=~"$cloud"');
      }
    }
  });

  it('reads histograms under both names: with _seconds (Collector, OTLP receiver) and without (direct scrape)', () => {
    const histogramQueries = panelQueries().filter(({ expr }) => expr.includes('__name__'));
    expect(histogramQueries.length).toBeGreaterThan(3);
    for (const { key, expr } of histogramQueries)
      expect(expr, key).toMatch(/__name__=~"zscaler_api_\w+\(_seconds\)\?_/);
  });
});
