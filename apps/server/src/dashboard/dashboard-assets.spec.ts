import { DashboardAssets } from './dashboard-assets';

describe('DashboardAssets', () => {
  it('serves a minified script without a source map', async () => {
    const script = await new DashboardAssets().get('app.js');
    expect(script.contentType).toBe('text/javascript; charset=utf-8');
    expect(script.body.length).toBeGreaterThan(1000);
    expect(script.body).not.toMatch(/sourceMappingURL/);
    // The sources' comments do not reach the browser either.
    expect(script.body).not.toMatch(/Calls to \/api\/v1 with the signed-in token/);
  });
});
