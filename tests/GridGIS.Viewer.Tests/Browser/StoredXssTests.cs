using System.Text.Json;
using Microsoft.Playwright;
using static GridGIS.Viewer.Tests.Browser.HostileDataFixture;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// Stored XSS (issue 13, item 3): every text field that import or the API accepts holds an attack
/// (<see cref="HostileDataFixture.Payloads"/>); each role signs in and opens every tab, panel and popup
/// that shows them. Fails on any script that runs (<c>window.__xss</c>, a dialog), on any
/// Content-Security-Policy violation, on any console error, and unless the hostile text is shown
/// literally, as text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StoredXssTests(BrowserFixture fx, HostileDataFixture data) : IClassFixture<HostileDataFixture>
{
    /// <summary>Before the page's own scripts: the flag the payloads set, and a record of CSP violations and dialogs.</summary>
    private const string Watch = """
        window.__xss = [];
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
        """;

    [Theory]
    [InlineData("admin")]
    [InlineData("planner")]
    [InlineData("official")]
    [InlineData("worker")]
    public async Task HostileNames_AreShownAsTextAndNeverRun_WhenEachRoleOpensEveryPanel(string user)
    {
        var dialogs = new List<string>();
        await using var vp = await ViewerPage.OpenAsync(fx, data.Server, data.Password, 1400, 900, async page =>
        {
            await page.AddInitScriptAsync(Watch);
            page.Dialog += (_, d) => { lock (dialogs) dialogs.Add($"{d.Type}: {d.Message}"); _ = d.DismissAsync(); };
        });
        var page = vp.Page;

        // A refused sign-in with a hostile user name: the error line shows the server's answer as text.
        await page.FillAsync("input[name=userName]", P("signin.userName"));
        await page.FillAsync("input[name=password]", "not the password, not at all");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForFunctionAsync("() => document.querySelector('.signin .error')?.textContent.length > 0");
        lock (vp.Errors) vp.Errors.RemoveAll(e => e.Contains("status of 401", StringComparison.Ordinal));   // the refusal itself
        await AssertCleanAsync(vp, dialogs, "sign-in");

        await vp.SignInAsync(user);
        var analyst = user is "admin" or "planner" or "official";
        await page.ClickAsync("button[data-tab=layers]");     // a grid worker lands on their own view
        await GoToAsync(vp, 116.61, 40.108, 15);

        // Layers panel: categories in the picker and the facility legend.
        await AssertCleanAsync(vp, dialogs, "layers panel");
        Assert.Contains(P("category1.nameZh"), await page.Locator("#category").TextContentAsync());
        Assert.Contains(P("category2.nameZh"), await page.Locator("li[data-layer=facilities] .legend").InnerTextAsync());

        // Popups: a street, a community, a grid, a facility.
        var popup = page.GetByTestId("popup");
        await ClickAtAsync(vp, dialogs, 116.635, 40.115);
        await Assertions.Expect(popup.Locator("h3")).ToHaveTextAsync(P("streetB.nameZh"));
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=popup] table').length >= 2", null, new() { Timeout = 15_000 });
        await ClickAtAsync(vp, dialogs, 116.61, 40.108);   // on its edge: a community is drawn without fill
        await Assertions.Expect(popup.Locator("h3")).ToHaveTextAsync(P("community.nameZh"));
        Assert.Contains(P("streetA.nameZh"), await popup.InnerTextAsync());
        await ClickAtAsync(vp, dialogs, 116.6041, 40.1004);
        await Assertions.Expect(popup.Locator("h3")).ToHaveTextAsync(P("grid1.name"));
        await Assertions.Expect(popup.GetByTestId("grid-figures")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        using (var admin = await data.ClientAsAsync("admin"))
        using (var grid = JsonDocument.Parse(await admin.GetStringAsync($"/api/grids?limit=10000")))
        {
            // The worker's name is in the popup where the grids layer gives it (what it gives is the privacy rule's business).
            var shown = grid.RootElement.GetProperty("features").EnumerateArray().First(f => f.GetProperty("id").GetInt64() == data.Ids["grid1"]);
            if (shown.GetProperty("properties").TryGetProperty("worker", out var w) && w.ValueKind == JsonValueKind.String)
                Assert.Contains(P("worker.name"), await popup.InnerTextAsync());
        }
        await ScreenshotAsync(vp, $"xss-{user}-grid-popup");
        await ClickAtAsync(vp, dialogs, 116.615, 40.115);
        await Assertions.Expect(popup.Locator("h3")).ToHaveTextAsync(P("facility1.name"));
        Assert.Contains(P("category1.nameZh"), await popup.InnerTextAsync());
        if (analyst) await Assertions.Expect(popup.GetByTestId("facility-load")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await AssertCleanAsync(vp, dialogs, "popups");

        // Every layer on once (legends, heatmap cells, service areas, gaps).
        foreach (var id in await page.EvaluateAsync<string[]>("() => window.gridgis.layers.filter(l => l.get('available')).map(l => l.get('id'))"))
            await page.GetByTestId($"layer-{id}").SetCheckedAsync(true);
        await vp.WaitForMapAsync(timeoutMs: 60_000);
        await AssertCleanAsync(vp, dialogs, "layers");

        if (user is "admin" or "planner")
        {
            await page.ClickAsync("button[data-tab=planner]");
            var table = page.GetByTestId("planner-table");
            await Assertions.Expect(table.Locator("tr[data-street]")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
            await AssertCleanAsync(vp, dialogs, "planner");
            Assert.Contains(P("streetA.nameZh"), await table.InnerTextAsync());
            Assert.Contains(P("streetB.nameZh"), await table.InnerTextAsync());
            Assert.Contains(P("category2.nameZh"), await page.GetByTestId("planner-category").TextContentAsync());
            await ScreenshotAsync(vp, $"xss-{user}-planner");
            await AssertCleanAsync(vp, dialogs, "planner");
        }
        if (analyst)
        {
            await page.ClickAsync("button[data-tab=compare]");
            var select = page.GetByTestId("compare-streets");
            await Assertions.Expect(select.Locator("option")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
            await AssertCleanAsync(vp, dialogs, "compare picker");
            Assert.Equal(new[] { P("streetA.nameZh"), P("streetB.nameZh") }.Order(StringComparer.Ordinal).ToArray(), (await select.Locator("option").AllTextContentsAsync()).Order(StringComparer.Ordinal).ToArray());
            await select.SelectOptionAsync(["110105901", "110105902"]);
            await page.GetByTestId("compare-run").ClickAsync();
            var table = page.GetByTestId("compare-table");
            await Assertions.Expect(table).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await AssertCleanAsync(vp, dialogs, "compare table");
            var headings = await table.Locator("thead th").AllTextContentsAsync();
            Assert.Contains(P("streetA.nameZh"), headings);
            Assert.Contains(P("streetB.nameZh"), headings);
            Assert.Contains(P("category1.nameZh"), await table.InnerTextAsync());
            Assert.Contains(P("streetB.nameZh"), await page.Locator(".compare-map h3").AllTextContentsAsync());
            await ScreenshotAsync(vp, $"xss-{user}-compare");
            await AssertCleanAsync(vp, dialogs, "compare");
            await page.ClickAsync("#c-close");
        }
        if (user is "admin" or "worker")
        {
            await page.ClickAsync("button[data-tab=worker]");
            var grids = page.GetByTestId("worker-grids");
            await page.WaitForSelectorAsync("[data-testid=worker-topology]", new() { Timeout = 30_000 });
            await AssertCleanAsync(vp, dialogs, "worker panel");
            // A worker's grids are buttons; an administrator's are every grid, offered in the move form.
            if (user == "worker")
            {
                await Assertions.Expect(grids).ToContainTextAsync(P("grid1.name"));
                Assert.Contains(P("grid2.name"), await grids.InnerTextAsync());
            }
            await page.WaitForSelectorAsync("[data-testid=worker-topology]");
            if (user == "admin")
                await Assertions.Expect(page.Locator("#w-workload")).ToContainTextAsync(P("worker.name"), new() { Timeout = 15_000 });

            // Move a household with a hostile reason through the card's form, see it in the history, and move it back by the API.
            using var api = await data.ClientAsAsync(user);
            using var households = JsonDocument.Parse(await api.GetStringAsync($"/api/grids/{data.Ids["grid1"]}/households?limit=1"));
            var household = households.RootElement.GetProperty("features")[0].GetProperty("id").GetInt64();
            var id = household.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await page.FillAsync("#w-q", id);
            await page.ClickAsync(".w-search button");
            await page.ClickAsync($"#w-list .hh-row[data-id='{id}']");
            await page.WaitForSelectorAsync("#w-card:not([hidden]) #w-to");
            Assert.Contains(P("grid1.name"), await page.Locator("#w-to").TextContentAsync());
            Assert.Contains(P("grid2.name"), await page.Locator("#w-to").TextContentAsync());
            await page.SelectOptionAsync("#w-to", data.Ids["grid2"].ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.FillAsync("#w-reason", P("move.reason"));
            await page.ClickAsync("#w-move-submit");
            await page.WaitForSelectorAsync("#w-move-result.success", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("move-history")).ToContainTextAsync(P("move.reason"), new() { Timeout = 15_000 });
            await AssertCleanAsync(vp, dialogs, "worker card");
            (await api.PostAsync($"/api/households/{household}/move",
                System.Net.Http.Json.JsonContent.Create(new { toGridId = data.Ids["grid1"], reason = "xss test: back" }))).EnsureSuccessStatusCode();
            await ScreenshotAsync(vp, $"xss-{user}-worker");
            await AssertCleanAsync(vp, dialogs, "worker");
        }

        // English: the other half of every name.
        await page.ClickAsync("button[data-tab=layers]");
        await page.GetByTestId("lang").ClickAsync();
        await page.WaitForSelectorAsync("#map canvas");
        await vp.WaitForMapAsync();
        await page.ClickAsync("button[data-tab=layers]");     // a language switch keeps the tab the user was on
        Assert.Contains(P("category1.nameEn"), await page.Locator("#category").TextContentAsync());
        await GoToAsync(vp, 116.61, 40.108, 15);
        await ClickAtAsync(vp, dialogs, 116.61, 40.108);   // on its edge: a community is drawn without fill
        await Assertions.Expect(popup.Locator("h3")).ToHaveTextAsync(P("community.nameEn"));
        await ClickAtAsync(vp, dialogs, 116.635, 40.115);
        await Assertions.Expect(popup.Locator("h3")).ToHaveTextAsync(P("streetB.nameEn"));
        await AssertCleanAsync(vp, dialogs, "english");
        await page.GetByTestId("lang").ClickAsync();
    }

    /// <summary>No payload ran, no dialog opened, the policy was never violated, the console has no error.</summary>
    private static async Task AssertCleanAsync(ViewerPage vp, List<string> dialogs, string where)
    {
        await vp.Page.WaitForTimeoutAsync(300);   // an image's onerror fires once its load has failed
        var ran = await vp.Page.EvaluateAsync<string[]>("() => window.__xss");
        Assert.True(ran.Length == 0, $"{where}: hostile text ran as script: {string.Join(", ", ran)}");
        lock (dialogs) Assert.True(dialogs.Count == 0, $"{where}: dialogs opened: {string.Join("; ", dialogs)}");
        var csp = await vp.Page.EvaluateAsync<string[]>("() => window.__csp");
        Assert.True(csp.Length == 0, $"{where}: Content-Security-Policy violations: {string.Join("; ", csp)}");
        vp.AssertNoErrors();
    }

    private static async Task GoToAsync(ViewerPage vp, double lon, double lat, double zoom)
    {
        await vp.Page.EvaluateAsync("([c, z]) => { const v = window.gridgis.map.getView(); v.setCenter(c); v.setZoom(z); }",
            new object[] { WebMercator(lon, lat), zoom });
        await vp.WaitForMapAsync();
    }

    /// <summary>Centres the map on a WGS84 position and clicks it there.</summary>
    private static async Task ClickAtAsync(ViewerPage vp, List<string> dialogs, double lon, double lat)
    {
        await vp.Page.EvaluateAsync("c => { window.gridgis.map.getView().setCenter(c); window.gridgis.map.renderSync(); }", WebMercator(lon, lat));
        await vp.WaitForMapAsync();
        var at = await vp.Page.EvaluateAsync<JsonElement>("""
            c => {
              const p = window.gridgis.map.getPixelFromCoordinate(c);
              const r = document.getElementById('map').getBoundingClientRect();
              return { x: r.left + p[0], y: r.top + p[1] };
            }
            """, WebMercator(lon, lat));
        await vp.Page.Mouse.ClickAsync(at.GetProperty("x").GetSingle(), at.GetProperty("y").GetSingle());
        await Assertions.Expect(vp.Page.GetByTestId("popup")).ToBeVisibleAsync();
        await AssertCleanAsync(vp, dialogs, $"popup at {lon}, {lat}");
    }

    private static Task ScreenshotAsync(ViewerPage vp, string name) => vp.ScreenshotAsync(name);
}
