import { csvFileName, csvQuery, fleetTableView, windowFromParams, withParams } from './fleetSearchParams';

const params = (query: string) => new URLSearchParams(query);

describe('fleetSearchParams', () => {
  it('reads the window, falling back to 30 days for a missing or unknown one', () => {
    expect(windowFromParams(params('days=7'))).toBe(7);
    expect(windowFromParams(params('days=90'))).toBe(90);
    expect(windowFromParams(params(''))).toBe(30);
    expect(windowFromParams(params('days=14'))).toBe(30);
  });

  it("maps the URL to the table's query, leaving out what the API does not know", () => {
    expect(fleetTableView(params('days=7&owner=group:default/a&state=failing&sort=durationP95&order=desc&page=2&size=50&search=%20api%20'))).toEqual({
      query: { days: 7, owner: 'group:default/a', state: 'failing', sort: 'durationP95', order: 'desc', search: 'api', offset: 100, limit: 50 },
      page: 2,
      pageSize: 50,
    });
    expect(fleetTableView(params('state=broken&sort=colour&order=up&page=-3&size=7'))).toEqual({
      query: { days: 30, offset: 0, limit: 20 },
      page: 0,
      pageSize: 20,
    });
    // A sort without an order is ascending; an order without a sort means nothing.
    expect(fleetTableView(params('sort=name')).query).toEqual(expect.objectContaining({ sort: 'name', order: 'asc' }));
    expect(fleetTableView(params('order=desc')).query.order).toBeUndefined();
  });

  it('sets and removes parameters, going back to the first page unless the page is what changed', () => {
    expect(withParams(params('days=7&owner=a&page=3'), { owner: 'b' }).toString()).toBe('days=7&owner=b');
    expect(withParams(params('days=7&owner=a&page=3'), { owner: '' }).toString()).toBe('days=7');
    expect(withParams(params('days=7&page=3'), { page: '4' }).toString()).toBe('days=7&page=4');
    expect(withParams(params('sort=name&order=asc'), { sort: null, order: null }).toString()).toBe('');
  });

  it('exports all pages of the same query, named by the window', () => {
    expect(csvQuery({ days: 90, owner: 'a', sort: 'name', order: 'asc', offset: 40, limit: 20 })).toEqual({ days: 90, owner: 'a', sort: 'name', order: 'asc' });
    expect(csvFileName(7)).toBe('build-analytics-7d.csv');
  });
});
