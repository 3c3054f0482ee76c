using System.Text.Json;
using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// The viewer's one state store and what it keeps: panels that go stop listening, a language switch
/// keeps the view, the tab and the choices, a popup closes when the run it describes is switched away.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StateTests(BrowserFixture fx)
{
    [Fact]
    public async Task LayerPanel_ListensToMapOnce_WhenRenderedManyTimes()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        const string moveend = "() => window.gridgis.map.getListeners('moveend')?.length ?? 0";
        var before = await vp.Page.EvaluateAsync<int>(moveend);
        for (var i = 0; i < 8; i++)
        {
            await vp.Page.ClickAsync("button[data-tab=compare]");
            await vp.Page.ClickAsync("button[data-tab=layers]");
        }
        await vp.Page.WaitForSelectorAsync("[data-testid=layer-streets]");
        // Every render of the layer panel once added a moveend listener and never removed it.
        Assert.Equal(before, await vp.Page.EvaluateAsync<int>(moveend));
        vp.AssertNoErrors();
    }

    [Fact]
    public async Task LanguageSwitch_KeepsViewTabAndChoices_WhenPlannerSwitches()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        var second = await vp.Page.EvaluateAsync<string>("() => window.gridgis.categories[1].code");
        await vp.Page.GetByTestId("category").SelectOptionAsync(second);
        await vp.Page.GetByTestId("metric").SelectOptionAsync("residents");
        await vp.Page.GetByTestId("layer-heatmap").SetCheckedAsync(true);
        await vp.Page.EvaluateAsync("() => { const v = window.gridgis.map.getView(); v.setZoom(14.5); v.setCenter([v.getCenter()[0] + 500, v.getCenter()[1] - 300]); }");
        var view = await vp.Page.EvaluateAsync<JsonElement>("() => { const v = window.gridgis.map.getView(); return { z: v.getZoom(), x: v.getCenter()[0], y: v.getCenter()[1] }; }");

        await vp.Page.GetByTestId("lang").ClickAsync();
        await Assertions.Expect(vp.Page.Locator("header h1")).ToHaveTextAsync("GridGIS map");
        var after = await vp.Page.EvaluateAsync<JsonElement>("() => { const v = window.gridgis.map.getView(); return { z: v.getZoom(), x: v.getCenter()[0], y: v.getCenter()[1] }; }");
        Assert.Equal(view.GetProperty("z").GetDouble(), after.GetProperty("z").GetDouble(), 6);
        Assert.Equal(view.GetProperty("x").GetDouble(), after.GetProperty("x").GetDouble(), 3);
        Assert.Equal(view.GetProperty("y").GetDouble(), after.GetProperty("y").GetDouble(), 3);
        Assert.Equal(second, await vp.Page.GetByTestId("category").InputValueAsync());
        Assert.Equal("residents", await vp.Page.GetByTestId("metric").InputValueAsync());
        Assert.True(await vp.Page.GetByTestId("layer-heatmap").IsCheckedAsync());
        await vp.WaitForMapAsync();
        await vp.ScreenshotAsync("h17-language-kept-1400");

        // The tab too: switch to the planner tab, then language, and the planner tab stays.
        await vp.Page.ClickAsync("button[data-tab=planner]");
        await vp.Page.GetByTestId("lang").ClickAsync();
        await Assertions.Expect(vp.Page.Locator("button[data-tab=planner]")).ToHaveClassAsync("active");
        await Assertions.Expect(vp.Page.GetByTestId("planner-category")).ToBeVisibleAsync();
        vp.AssertNoErrors();
    }

    [Fact]
    public async Task Popup_Closes_WhenRunSwitched()
    {
        // Two complete nightly runs, so that the planner can switch from one to the other.
        using var api = await fx.Server.ClientAsAsync("planner");
        if (await NightlyRunsAsync(api) < 2)
        {
            using var started = JsonDocument.Parse(await (await api.PostAsync("/api/coverage/runs", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync());
            var id = started.RootElement.GetProperty("id").GetInt64();
            for (var i = 0; i < 300; i++)
            {
                using var run = JsonDocument.Parse(await api.GetStringAsync("/api/coverage/runs?limit=50"));
                var state = run.RootElement.GetProperty("runs").EnumerateArray().First(r => r.GetProperty("id").GetInt64() == id).GetProperty("state").GetString();
                if (state is not ("queued" or "running")) break;
                await Task.Delay(1000);
            }
        }
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        await vp.Page.ClickAsync("button[data-tab=planner]");
        await vp.Page.WaitForSelectorAsync("[data-testid=households-outside]", new() { Timeout = 30_000 });
        await vp.WaitForMapAsync();
        await ClickStreetAsync(vp);
        var popup = vp.Page.GetByTestId("popup");
        await Assertions.Expect(popup.Locator("h3")).ToBeVisibleAsync();
        // The planner shows the other run: the popup's figures were the first run's.
        await vp.Page.EvaluateAsync("""
            () => {
              const s = document.querySelector('[data-testid=planner-after]');
              s.value = [...s.options].find(o => o.value !== s.value).value;
              s.dispatchEvent(new Event('change'));
            }
            """);
        await Assertions.Expect(popup.Locator("h3")).Not.ToBeVisibleAsync();
        vp.AssertNoErrors();
    }

    [Fact]
    public async Task RevokedToken_SaysSoAndKeepsPlace_WhenSignedInAgain()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("official");
        await vp.Page.GetByTestId("layer-heatmap").SetCheckedAsync(true);
        await vp.Page.EvaluateAsync("() => { const v = window.gridgis.map.getView(); v.setZoom(14.25); v.setCenter([v.getCenter()[0] - 800, v.getCenter()[1] + 400]); }");
        var view = await vp.Page.EvaluateAsync<double[]>("() => { const v = window.gridgis.map.getView(); return [v.getCenter()[0], v.getCenter()[1], v.getZoom()]; }");

        // Signed out elsewhere: the server revokes every token of the account, this page's too.
        using (var other = await fx.Server.ClientAsAsync("official"))
            (await other.PostAsync("/api/auth/signout", null)).EnsureSuccessStatusCode();
        await vp.Page.ClickAsync("button[data-tab=compare]");    // its request for the streets is refused
        var notice = vp.Page.GetByTestId("signin-notice");
        await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Contains("重新登录", await notice.InnerTextAsync());
        await MapActions.ScreenshotSignInAsync(vp, "h17-session-ended");

        await vp.SignInAsync("official");
        var after = await vp.Page.EvaluateAsync<double[]>("() => { const v = window.gridgis.map.getView(); return [v.getCenter()[0], v.getCenter()[1], v.getZoom()]; }");
        Assert.Equal(view[2], after[2], 6);
        Assert.Equal(view[0], after[0], 3);
        Assert.Equal(view[1], after[1], 3);
        await Assertions.Expect(vp.Page.Locator("button[data-tab=compare]")).ToHaveAttributeAsync("aria-selected", "true");
        Assert.True(await vp.Page.EvaluateAsync<bool>("() => window.gridgis.byId('heatmap').getVisible()"), "the heatmap the user had on is off again");
        lock (vp.Errors) vp.Errors.RemoveAll(e => e.Contains("status of 401", StringComparison.Ordinal));   // the refusal this test caused
        vp.AssertNoErrors();
    }

    private static async Task<int> NightlyRunsAsync(HttpClient api)
    {
        using var runs = JsonDocument.Parse(await api.GetStringAsync("/api/coverage/runs?limit=50"));
        return runs.RootElement.GetProperty("runs").EnumerateArray()
            .Count(r => r.GetProperty("state").GetString() == "complete" && !r.GetProperty("noOp").GetBoolean() && !r.GetProperty("whatIf").GetBoolean());
    }

    /// <summary>Clicks inside the first street the map has loaded (its interior point).</summary>
    internal static async Task ClickStreetAsync(ViewerPage vp)
    {
        var at = await vp.Page.EvaluateAsync<JsonElement>("""
            () => {
              const f = window.gridgis.byId('streets').getSource().getFeatures()[0];
              const c = f.getGeometry().getInteriorPoints().getCoordinates()[0];
              window.gridgis.map.getView().setCenter([c[0], c[1]]);
              window.gridgis.map.renderSync();
              const p = window.gridgis.map.getPixelFromCoordinate([c[0], c[1]]);
              const r = document.getElementById('map').getBoundingClientRect();
              return { x: r.left + p[0], y: r.top + p[1] };
            }
            """);
        await vp.WaitForMapAsync();
        await vp.Page.Mouse.ClickAsync(at.GetProperty("x").GetSingle(), at.GetProperty("y").GetSingle());
    }
}
