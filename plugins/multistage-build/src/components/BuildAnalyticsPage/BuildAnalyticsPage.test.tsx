import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { allRules, type FleetEntityPage, type FleetQuery, type FleetWindow } from '@stagecraft/plugin-multistage-build-common';
import { currentLocation, fleetAlerts, fleetEntity, fleetSummary, neverBuilt, renderBuildAnalyticsPage } from '../../__testUtils__/fleet';
import { fakeApi } from '../../__testUtils__/workspace';
import type { MultistageBuildApi } from '../../api';

const payments = fleetEntity();
const page = (total = 2): FleetEntityPage => ({ items: [payments, neverBuilt], total });

const csv = 'entityRef,owner\ncomponent:default/payments-api,group:default/payments\n';

/** A fake API over the fixtures, with the fleet methods as mocks a test can override and inspect. */
function fleetApi(overrides: Partial<Pick<MultistageBuildApi, 'getFleetSummary' | 'getFleetEntities' | 'getFleetCsv'>> = {}) {
  const getFleetSummary = jest.fn(overrides.getFleetSummary ?? (async (days: FleetWindow) => fleetSummary(days)));
  const getFleetEntities = jest.fn(overrides.getFleetEntities ?? (async (_query: FleetQuery) => page()));
  const getFleetCsv = jest.fn(overrides.getFleetCsv ?? (async (_query: FleetQuery) => csv));
  return { api: fakeApi({ getFleetSummary, getFleetEntities, getFleetCsv }), getFleetSummary, getFleetEntities, getFleetCsv };
}

async function httpError(status: number, message: string) {
  const response = new Response(JSON.stringify({ error: { name: 'ServiceUnavailableError', message }, response: { statusCode: status } }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
  return ResponseError.fromResponse(response as never);
}

const figure = (name: string) => document.querySelector(`[data-figure="${name}"]`)?.textContent;
const row = (entityRef: string) => document.querySelector(`[data-entity-link="${entityRef}"]`)!.closest('tr')!;

async function choose(select: string, option: string) {
  fireEvent.mouseDown(screen.getByRole('button', { name: select }));
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

describe('BuildAnalyticsPage', () => {
  it("shows the window's headline figures, charts and rankings, formatted", async () => {
    const { api, getFleetSummary } = fleetApi();
    await renderBuildAnalyticsPage(api);

    await waitFor(() => expect(figure('builds')).toBe('412380 succeeded · 24 failed · 8 cancelled'));
    expect(getFleetSummary).toHaveBeenCalledWith(30);
    expect(figure('success-rate')).toContain('94 %');
    expect(figure('duration')).toContain('42.0 s / 3 min 05 s');
    expect(figure('cache-hit-ratio')).toContain('73 %');
    expect(figure('time-saved')).toContain('1 h 02 min');
    expect(figure('total-image-size')).toContain('2.4 GB');
    expect(figure('median-image-size')).toContain('73 MB');
    expect([figure('errors'), figure('warnings'), figure('info')]).toEqual(['3errors', '17warnings', '1info']);
    expect(figure('built-entities')).toBe('19 of 24built in the window');
    expect(figure('never-built-entities')).toBe('5never built');
    expect([...document.querySelectorAll('[data-chart]')].map(c => c.getAttribute('data-chart'))).toEqual([
      'builds-per-day',
      'cache-per-day',
      'time-saved-per-day',
      'image-size-per-day',
    ]);

    const slowest = document.querySelector('[data-ranking="slowest"]') as HTMLElement;
    expect(within(slowest).getByText('Payments API').closest('a')?.getAttribute('href')).toBe('/catalog/default/component/payments-api/multistage-build');
    expect(slowest.textContent).toContain('10 min 12 s');
    const largest = document.querySelector('[data-ranking="largest-images"]') as HTMLElement;
    // No title: the name from the ref.
    expect(within(largest).getByText('ml-worker').closest('a')?.getAttribute('href')).toBe('/catalog/default/component/ml-worker/multistage-build');
    expect(largest.textContent).toContain('1.5 GB');
    const rules = document.querySelector('[data-ranking="findings-by-rule"]') as HTMLElement;
    expect(within(rules).getByText('maintainer-deprecated').closest('a')?.getAttribute('href')).toBe('/build-analytics/rules/maintainer-deprecated');
    expect(within(rules).getByText('maintainer-deprecated').closest('tr')?.textContent).toBe('maintainer-deprecatedinfo97');
    const misses = document.querySelector('[data-ranking="miss-reasons"]') as HTMLElement;
    expect([...misses.querySelectorAll('tbody tr')].map(tr => tr.textContent)).toEqual(['files changed30075 %', 'base image moved10025 %']);
  });

  it('fetches the summary and the table for another window and keeps the window in the URL', async () => {
    const { api, getFleetSummary, getFleetEntities } = fleetApi();
    await renderBuildAnalyticsPage(api);
    await waitFor(() => expect(figure('builds')).toBeDefined());

    await choose('Window', 'Last 7 days');
    await waitFor(() => expect(getFleetSummary).toHaveBeenLastCalledWith(7));
    expect(currentLocation()).toBe('/build-analytics?days=7');
    await waitFor(() => expect(getFleetEntities).toHaveBeenLastCalledWith({ days: 7, offset: 0, limit: 20 }));

    await choose('Window', 'Last 90 days');
    await waitFor(() => expect(getFleetSummary).toHaveBeenLastCalledWith(90));
    expect(currentLocation()).toBe('/build-analytics?days=90');
  });

  it("lists the fleet: rows link to the entity's tab and its last run, and say when an entity was never built or analysed", async () => {
    const { api, getFleetEntities } = fleetApi();
    await renderBuildAnalyticsPage(api);

    await waitFor(() => expect(document.querySelector('[data-entity-link]')).not.toBeNull());
    expect(getFleetEntities).toHaveBeenCalledWith({ days: 30, offset: 0, limit: 20 });
    const built = row(payments.entityRef);
    expect(within(built).getByText('Payments API').closest('a')?.getAttribute('href')).toBe('/catalog/default/component/payments-api/multistage-build');
    expect(within(built).getByText('3 h ago').closest('a')?.getAttribute('href')).toBe(
      '/catalog/default/component/payments-api/multistage-build/builds/11111111-2222-4333-8444-555555555555',
    );
    // Owner and system as the catalog links them: by name, to their pages.
    expect(within(built).getByRole('link', { name: 'payments' }).getAttribute('href')).toBe('/catalog/default/group/payments');
    for (const text of ['failed', 'payments', 'billing', '1 min 35 s', '10 min 12 s', '50 %', '84 MB', '+12 MB', '1 error · 2 warnings · 0 info']) {
      expect(built.textContent).toContain(text);
    }
    // The day without a build breaks the sparkline in two.
    expect(built.querySelectorAll('[data-sparkline] polyline')).toHaveLength(2);

    const never = row(neverBuilt.entityRef);
    expect(within(never).getByText('docs-site').closest('a')?.getAttribute('href')).toBe('/catalog/platform/website/docs-site/multistage-build');
    expect(within(never).getByText('never built')).toBeInTheDocument();
    expect(within(never).getByText('not analysed yet')).toBeInTheDocument();
    expect(within(never).getByLabelText('Analysis failed: Dockerfile not found at docs/Dockerfile')).toBeInTheDocument();
    expect(never.querySelectorAll('[data-sparkline] polyline, [data-sparkline] circle')).toHaveLength(0);
  });

  it('filters, searches, sorts and pages on the server, with every choice in the URL', async () => {
    const { api, getFleetEntities } = fleetApi({ getFleetEntities: async () => page(45) });
    await renderBuildAnalyticsPage(api);
    await waitFor(() => expect(document.querySelector('[data-entity-link]')).not.toBeNull());
    const lastQuery = () => getFleetEntities.mock.calls.at(-1)![0];

    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(lastQuery()).toEqual({ days: 30, offset: 20, limit: 20 }));
    expect(currentLocation()).toBe('/build-analytics?page=1');

    // Another filter starts again at the first page.
    await choose('Filter by owner', 'group:default/platform');
    await waitFor(() => expect(lastQuery()).toEqual({ days: 30, owner: 'group:default/platform', offset: 0, limit: 20 }));
    await choose('Filter by state', 'never built');
    await waitFor(() => expect(lastQuery()).toEqual({ days: 30, owner: 'group:default/platform', state: 'never-built', offset: 0, limit: 20 }));

    fireEvent.change(screen.getByLabelText('Search entities'), { target: { value: 'docs ' } });
    await waitFor(() => expect(lastQuery()).toEqual(expect.objectContaining({ search: 'docs' })));

    fireEvent.click(screen.getByRole('button', { name: 'p95' }));
    await waitFor(() => expect(lastQuery()).toEqual(expect.objectContaining({ sort: 'durationP95', order: 'asc' })));
    fireEvent.click(screen.getByRole('button', { name: 'p95' }));
    await waitFor(() => expect(lastQuery()).toEqual(expect.objectContaining({ sort: 'durationP95', order: 'desc' })));
    expect(lastQuery()).toEqual({
      days: 30,
      owner: 'group:default/platform',
      state: 'never-built',
      search: 'docs',
      sort: 'durationP95',
      order: 'desc',
      offset: 0,
      limit: 20,
    });
    const url = new URL(currentLocation(), 'http://localhost');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      owner: 'group:default/platform',
      state: 'never-built',
      search: 'docs',
      sort: 'durationP95',
      order: 'desc',
    });
  });

  it('reproduces a view from its link', async () => {
    const { api, getFleetSummary, getFleetEntities } = fleetApi();
    await renderBuildAnalyticsPage(api, '/build-analytics?days=7&kind=Component&state=failing&search=api&sort=imageSizeChange&order=desc&page=2&size=50');

    await waitFor(() =>
      expect(getFleetEntities).toHaveBeenCalledWith({ days: 7, kind: 'Component', state: 'failing', search: 'api', sort: 'imageSizeChange', order: 'desc', offset: 100, limit: 50 }),
    );
    expect(getFleetSummary).toHaveBeenCalledWith(7);
    expect(screen.getByLabelText('Search entities')).toHaveValue('api');
    expect(screen.getByRole('button', { name: 'Filter by kind' }).textContent).toBe('Component');
  });

  it('exports every row the filters match, in the same order, as a CSV download', async () => {
    const { api, getFleetCsv } = fleetApi();
    const created: Blob[] = [];
    (URL as any).createObjectURL = (blob: Blob) => {
      created.push(blob);
      return 'blob:fleet';
    };
    (URL as any).revokeObjectURL = () => undefined;
    const clicked: string[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function recordDownload(this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    await renderBuildAnalyticsPage(api, '/build-analytics?days=90&owner=group:default/payments&sort=durationP95&order=desc&page=1');
    await waitFor(() => expect(document.querySelector('[data-entity-link]')).not.toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(clicked).toEqual(['build-analytics-90d.csv']));
    // All pages: no offset, no limit.
    expect(getFleetCsv.mock.calls[0][0]).toEqual({ days: 90, owner: 'group:default/payments', sort: 'durationP95', order: 'desc' });
    expect(created[0].type).toBe('text/csv');
    expect(await created[0].text()).toBe(csv);
    click.mockRestore();
  });

  it('says so when the export fails', async () => {
    const { api } = fleetApi({ getFleetCsv: async () => Promise.reject(await httpError(503, 'the database is busy')) });
    await renderBuildAnalyticsPage(api);
    await waitFor(() => expect(document.querySelector('[data-entity-link]')).not.toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(fleetAlerts.map(a => a.message)).toEqual([expect.stringMatching(/^Could not export the table: .*the database is busy/)]));
  });

  it('opens a rule of the findings ranking on its own page, with its catalog facts and documentation', async () => {
    const { api } = fleetApi();
    await renderBuildAnalyticsPage(api, '/build-analytics?days=7', { multistageBuild: { ruleDocsBaseUrl: 'https://docs.example.com/rules/' } });
    const rule = allRules.find(r => r.id === 'maintainer-deprecated')!;

    fireEvent.click(await screen.findByRole('link', { name: 'maintainer-deprecated' }));
    expect(await screen.findByText(rule.description)).toBeInTheDocument();
    expect(currentLocation()).toBe('/build-analytics/rules/maintainer-deprecated?days=7');
    const field = (label: string) => document.querySelector(`[data-rule-field="${label}"]`)?.textContent;
    expect(field('Default severity')).toBe('Default severity: info');
    expect(field('Category')).toBe('Category: style');
    expect(field('Fix')).toBe('Fix: yes: the Dockerfile view offers a mechanical fix');
    expect(field('BuildKit check')).toBe('BuildKit check: MaintainerDeprecated');
    await waitFor(() => expect(field('In the fleet')).toBe("In the fleet: 9 open findings in 7 entities, at info with the operators' severities"));
    expect(screen.getByRole('link', { name: /^Full documentation of maintainer-deprecated/ }).getAttribute('href')).toBe(
      'https://docs.example.com/rules/maintainer-deprecated.md',
    );

    fireEvent.click(screen.getByRole('link', { name: 'Back to build analytics' }));
    await waitFor(() => expect(currentLocation()).toBe('/build-analytics?days=7'));
  });

  it("lists the entities behind a rule from its page, until the rule's chip is removed", async () => {
    const { api, getFleetEntities } = fleetApi();
    const lastQuery = () => getFleetEntities.mock.calls.at(-1)![0];
    await renderBuildAnalyticsPage(api, '/build-analytics/rules/maintainer-deprecated?days=7');

    fireEvent.click(await screen.findByRole('link', { name: 'The entities with findings of maintainer-deprecated' }));
    await waitFor(() => expect(currentLocation()).toBe('/build-analytics?days=7&rule=maintainer-deprecated'));
    await waitFor(() => expect(lastQuery()).toMatchObject({ days: 7, rule: 'maintainer-deprecated' }));
    const chip = document.querySelector('[data-rule-filter="maintainer-deprecated"]') as HTMLElement;
    expect(chip).toHaveTextContent('With findings of maintainer-deprecated');

    // The chip's delete icon.
    fireEvent.click(chip.querySelector('svg')!);
    await waitFor(() => expect(currentLocation()).toBe('/build-analytics?days=7'));
    await waitFor(() => expect(lastQuery().rule).toBeUndefined());
  });

  it('shows a rule without a documentation link when none is configured, and says when there is no such rule', async () => {
    const { api } = fleetApi();
    const rule = allRules.find(r => r.fix === undefined && r.alsoKnownAs === undefined)!;
    const { unmount } = await renderBuildAnalyticsPage(api, `/build-analytics/rules/${rule.id}`);

    expect(await screen.findByText(rule.description)).toBeInTheDocument();
    expect(document.querySelector('[data-rule-field="Fix"]')?.textContent).toBe('Fix: no mechanical fix');
    expect(document.querySelector('[data-rule-field="BuildKit check"]')?.textContent).toBe('BuildKit check: none');
    expect(screen.queryByText(/Full documentation/)).toBeNull();
    unmount();

    await renderBuildAnalyticsPage(api, '/build-analytics/rules/no-such-rule-any-more');
    expect(await screen.findByText('No rule "no-such-rule-any-more"')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Back to build analytics' }).closest('a')?.getAttribute('href')).toBe('/build-analytics');
  });

  it('shows the error when the summary cannot be read', async () => {
    const { api, getFleetEntities } = fleetApi({ getFleetSummary: async () => Promise.reject(await httpError(503, 'the fleet summary timed out')) });
    await renderBuildAnalyticsPage(api);

    await waitFor(() => expect(document.body.textContent).toContain('503: ServiceUnavailableErrorMessagethe fleet summary timed out'));
    expect(document.querySelector('[data-figure]')).toBeNull();
    expect(getFleetEntities).not.toHaveBeenCalled();
  });

  it("shows the table's error beside the summary when only the table cannot be read", async () => {
    const { api } = fleetApi({ getFleetEntities: async () => Promise.reject(await httpError(503, 'the fleet table timed out')) });
    await renderBuildAnalyticsPage(api);

    await waitFor(() => expect(document.body.textContent).toContain('503: ServiceUnavailableErrorMessagethe fleet table timed out'));
    expect(figure('builds')).toContain('412');
  });

  it('says what to do when no entity names a Dockerfile', async () => {
    const empty = fleetSummary();
    empty.headline = { ...empty.headline, builds: 0, entities: 0, builtEntities: 0, neverBuiltEntities: 0 };
    const { api, getFleetEntities } = fleetApi({ getFleetSummary: async () => empty });
    await renderBuildAnalyticsPage(api);

    expect(await screen.findByText('No entity in the catalog names a Dockerfile')).toBeInTheDocument();
    expect(screen.getByText(/stagecraft\.io\/dockerfile annotation/)).toBeInTheDocument();
    expect(getFleetEntities).not.toHaveBeenCalled();
  });
});
