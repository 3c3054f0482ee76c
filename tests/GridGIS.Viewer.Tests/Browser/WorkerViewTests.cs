using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// Issue 18, as the demo grid worker at phone and desktop size in real Chromium: own grids highlighted and fitted;
/// a household found by address in the list and on the map; moved with a reason; the move in its history and in
/// the database once.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkerViewTests(BrowserFixture fx)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Worker_FindsHouseholdInListAndOnMap_MovesItWithReason_AndSeesItInHistory(bool phone)
    {
        await using var view = await WorkerView.SignInAsync(fx, phone);
        using var api = await fx.Server.ClientAsAsync("worker");
        var grids = await WorkerView.OwnGridsAsync(api);
        Assert.True(grids.Count >= 2, "the demo worker needs two grids to move a household between them");

        // Own grids: one highlighted outline each, all of them in view.
        var fit = await view.Page.EvaluateAsync<JsonElement>("""
            () => {
              const g = window.gridgis;
              const own = g.map.getAllLayers().find(l => l.get('id') === 'ownGrids');
              const e = own.getSource().getExtent();
              const v = g.map.getView().calculateExtent(g.map.getSize());
              return { count: own.getSource().getFeatures().length, inside: e[0] >= v[0] - 1 && e[1] >= v[1] - 1 && e[2] <= v[2] + 1 && e[3] <= v[3] + 1 };
            }
            """);
        Assert.Equal(grids.Count, fit.GetProperty("count").GetInt32());
        Assert.True(fit.GetProperty("inside").GetBoolean(), "the worker's grids are not all in view after sign-in");
        Assert.Equal(grids.Count, await view.Page.Locator("[data-testid=worker-grids] button[data-grid]").CountAsync());
        await view.ScreenshotAsync("signed-in");

        var (id, address, from) = await view.HouseholdAsync(api, phone ? 7 : 11);
        var to = grids.First(g => g != from);
        var reason = $"viewer test {view.Size}: moved to the next building {Guid.NewGuid():N}"[..60];
        try
        {
            // In the list, by address: tap the row, the map goes there and the household is selected.
            await view.SearchAsync(address, id);
            var row = view.Page.Locator($"#w-list .hh-row[data-id='{id}']");
            StringAssert(await row.InnerTextAsync(), address);
            await view.TapAsync($"#w-list .hh-row[data-id='{id}']");
            await view.WaitForCardAsync(id);
            await view.Page.WaitForFunctionAsync("""
                (id) => {
                  const g = window.gridgis, l = g.byId('households');
                  const c = l.get('points').getFeatureById(id).getGeometry().getCoordinates();
                  const v = g.map.getView();
                  return l.get('selected') === id && !v.getAnimating() && Math.hypot(v.getCenter()[0] - c[0], v.getCenter()[1] - c[1]) < 5;
                }
                """, id, new PageWaitForFunctionOptions { Timeout = 15_000 });
            Assert.Equal(address, await view.Page.GetByTestId("card-address").InnerTextAsync());
            Assert.Equal(from.ToString(CultureInfo.InvariantCulture), await view.Page.InputValueAsync("#w-to"));
            await view.ScreenshotAsync("card");

            // On the map: close the card, show another page of the list, tap the household: its card and row show.
            await view.TapAsync("#w-card .close");
            await view.Page.FillAsync("#w-q", "");
            await view.Page.ClickAsync(".w-search button");
            await view.WaitForListAsync();
            await view.TapOnMapAsync(id);
            await view.WaitForCardAsync(id);
            await view.Page.WaitForSelectorAsync($"#w-list .hh-row[data-id='{id}'][aria-current=true]");

            // Moved with a reason: one plain message, the move in the history, one move in the database.
            await view.TapAsync("#w-move-submit");
            Assert.Contains("网格", await view.Page.InnerTextAsync("#w-move-result"));     // same grid: choose another
            await view.MoveAsync(to, reason);
            await view.Page.WaitForSelectorAsync("#w-move-result.success", new PageWaitForSelectorOptions { Timeout = 30_000 });
            Assert.Contains(id.ToString(CultureInfo.InvariantCulture), await view.Page.InnerTextAsync("#w-move-result"));
            await view.Page.WaitForSelectorAsync($"[data-testid=move-history] li:has-text('{reason}')", new PageWaitForSelectorOptions { Timeout = 15_000 });
            Assert.Equal(1, await WorkerView.MovesAsync(id, reason));
            Assert.Equal(to, await WorkerView.GridOfAsync(id));
            Assert.Equal(to.ToString(CultureInfo.InvariantCulture), await view.Page.InputValueAsync("#w-to"));
            await view.ScreenshotAsync("moved");
            view.AssertNoErrors();
        }
        finally
        {
            if (await WorkerView.GridOfAsync(id) != from)
                (await api.PostAsJsonAsync($"/api/households/{id}/move", new { toGridId = from, reason = "viewer test: restore" })).EnsureSuccessStatusCode();
        }
    }

    private static void StringAssert(string text, string part) => Assert.Contains(part, text, StringComparison.Ordinal);
}
