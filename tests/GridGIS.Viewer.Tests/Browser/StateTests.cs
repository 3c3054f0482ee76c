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
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        var runs = await vp.Page.EvaluateAsync<int>("() => window.gridgis.runs.length");
        Assert.True(runs > 0, "the test database has no complete coverage run");
        await vp.Page.ClickAsync("button[data-tab=planner]");
        await vp.Page.WaitForSelectorAsync("[data-testid=households-outside]", new() { Timeout = 30_000 });
        await vp.WaitForMapAsync();
        await ClickStreetAsync(vp);
        var popup = vp.Page.GetByTestId("popup");
        await Assertions.Expect(popup.Locator("h3")).ToBeVisibleAsync();
        // With one run only, the store switches it as a panel would (the run id need not exist: the popup must close first).
        await vp.Page.EvaluateAsync("""
            () => {
              const s = document.querySelector('[data-testid=planner-after]');
              const other = [...s.options].find(o => o.value !== s.value);
              if (other) { s.value = other.value; s.dispatchEvent(new Event('change')); }
              else window.gridgis.store.set({ run: window.gridgis.run + 1000000 });
            }
            """);
        await Assertions.Expect(popup.Locator("h3")).Not.ToBeVisibleAsync();
        vp.AssertNoErrors();
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
