using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// The grid worker's view driven as a worker would (issue 18): the household list, the map, the card and its move
/// form, at phone or desktop size; and the test database read directly to check what a move did.
/// </summary>
public sealed class WorkerView(ViewerPage vp, bool phone) : IAsyncDisposable
{
    public ViewerPage Viewer => vp;
    public IPage Page => vp.Page;
    public string Size => phone ? "390x844" : "1400x900";

    public static async Task<WorkerView> SignInAsync(BrowserFixture fx, bool phone, string user = "worker")
    {
        var vp = await ViewerPage.OpenDeviceAsync(fx, phone);
        await vp.SignInAsync(user);
        if (user != "worker") await vp.Page.ClickAsync("button[data-tab=worker]");
        var view = new WorkerView(vp, phone);
        await view.WaitForListAsync();
        return view;
    }

    public async Task WaitForListAsync() =>
        await Page.WaitForFunctionAsync("() => document.querySelectorAll('#w-list .hh-row').length > 0 && !document.getElementById('w-list-status').textContent.includes('加载')",
            null, new PageWaitForFunctionOptions { Timeout = 60_000 });

    /// <summary>Searches the list and waits until the household's row shows.</summary>
    public async Task SearchAsync(string text, long id)
    {
        await Page.FillAsync("#w-q", text);
        await Page.ClickAsync(".w-search button");
        await Page.WaitForSelectorAsync($"#w-list .hh-row[data-id='{id}']", new PageWaitForSelectorOptions { Timeout = 30_000 });
    }

    public async Task TapAsync(string selector)
    {
        if (phone) await Page.TapAsync(selector); else await Page.ClickAsync(selector);
    }

    public async Task WaitForCardAsync(long id) =>
        await Page.WaitForFunctionAsync("(id) => { const h = document.getElementById('w-card-h'); return h && h.textContent.endsWith('#' + id) && !document.getElementById('w-card').hidden; }",
            id, new PageWaitForFunctionOptions { Timeout = 30_000 });

    /// <summary>Taps the household where the map draws it; where it shares a cluster that cannot be split, picks it from the cluster's list.</summary>
    public async Task TapOnMapAsync(long id)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var at = await Page.EvaluateAsync<JsonElement>("""
                (id) => {
                  const g = window.gridgis;
                  const f = g.byId('households').get('points').getFeatureById(id);
                  const c = f.getGeometry().getCoordinates();
                  g.map.getView().setCenter(c);
                  g.map.renderSync();
                  const p = g.map.getPixelFromCoordinate(c);
                  const r = document.getElementById('map').getBoundingClientRect();
                  return { x: r.left + p[0], y: r.top + p[1] };
                }
                """, id);
            await vp.WaitForMapAsync();
            float x = at.GetProperty("x").GetSingle(), y = at.GetProperty("y").GetSingle();
            if (phone) await Page.Touchscreen.TapAsync(x, y); else await Page.Mouse.ClickAsync(x, y);
            await Page.WaitForTimeoutAsync(700);   // OpenLayers waits 250 ms to tell a single tap from a double one
            var head = await Page.EvaluateAsync<string?>("() => document.getElementById('w-card')?.hidden ? null : document.getElementById('w-card-h')?.textContent ?? null");
            if (head?.EndsWith("#" + id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) == true) return;
            var choice = Page.Locator("#w-card .hh-row", new PageLocatorOptions { HasText = "#" + id.ToString(CultureInfo.InvariantCulture) + " " });
            if (await choice.CountAsync() > 0) { await choice.First.ClickAsync(); return; }
            // A cluster that zoomed in: tap again.
        }
        throw new InvalidOperationException($"tapping household {id} on the map never selected it");
    }

    public async Task MoveAsync(int toGrid, string reason)
    {
        await Page.SelectOptionAsync("#w-to", toGrid.ToString(CultureInfo.InvariantCulture));
        await Page.FillAsync("#w-reason", reason);
        await TapAsync("#w-move-submit");
    }

    public Task ScreenshotAsync(string name) => vp.ScreenshotAsync($"worker-{name}-{Size}");

    public async Task<(long Id, string Address, int Grid)> HouseholdAsync(HttpClient worker, int index)
    {
        using var page = JsonDocument.Parse(await worker.GetStringAsync("/api/households?sort=id&limit=500"));
        var rows = page.RootElement.GetProperty("households").EnumerateArray().Where(r => r.GetProperty("address").GetString() is { Length: > 0 }).ToList();
        var r = rows[index % rows.Count];
        return (r.GetProperty("id").GetInt64(), r.GetProperty("address").GetString()!, r.GetProperty("gridId").GetInt32());
    }

    public static async Task<List<int>> OwnGridsAsync(HttpClient worker)
    {
        using var mine = JsonDocument.Parse(await worker.GetStringAsync("/api/viewer/my-grids"));
        return mine.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt32()).ToList();
    }

    /// <summary>One query on the test database (GRIDGIS_TEST_DB), its first value.</summary>
    public static async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB")
            ?? throw new InvalidOperationException("GRIDGIS_TEST_DB is not set: run the tests through scripts/test"));
        await using var cmd = db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The audit rows of moves of <paramref name="id"/> with this reason: one per move applied.</summary>
    public static Task<long> MovesAsync(long id, string reason) =>
        ScalarAsync<long>("select count(*) from audit_log where action = 'household.move' and entity_id = $1 and after->>'reason' = $2",
            id.ToString(CultureInfo.InvariantCulture), reason);

    public static Task<int> GridOfAsync(long id) => ScalarAsync<int>("select grid_id from household where id = $1", id);

    public void AssertNoErrors() => vp.AssertNoErrors();

    /// <summary>No browser error but the console's note of a request that failed as the test made it fail (offline, a 409).</summary>
    public void AssertNoErrorsBut(params string[] expected)
    {
        var unexpected = vp.Errors.Where(e => !expected.Any(x => e.Contains(x, StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, "browser errors:\n" + string.Join("\n", unexpected));
    }

    public ValueTask DisposeAsync() => vp.DisposeAsync();
}
