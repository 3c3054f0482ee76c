using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// Issue 18: a flaky connection loses nothing. A move made with the network cut (Playwright's offline mode) is kept
/// on the device and shown as pending, then sent when the network returns and applied once; a move of a household
/// that was moved meanwhile comes back as a conflict for the worker to resolve.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkerOfflineTests(BrowserFixture fx)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Move_MadeOffline_IsPendingThenAppliedOnce_WhenNetworkReturns(bool phone)
    {
        await using var view = await WorkerView.SignInAsync(fx, phone);
        using var api = await fx.Server.ClientAsAsync("worker");
        var grids = await WorkerView.OwnGridsAsync(api);
        var (id, address, from) = await view.HouseholdAsync(api, phone ? 3 : 5);
        var to = grids.First(g => g != from);
        var reason = $"offline test {view.Size} {Guid.NewGuid():N}"[..40];
        try
        {
            await view.SearchAsync(address, id);
            await view.TapAsync($"#w-list .hh-row[data-id='{id}']");
            await view.WaitForCardAsync(id);

            await view.Viewer.Context.SetOfflineAsync(true);
            await view.Page.WaitForSelectorAsync(".w-outbox.offline");
            await view.MoveAsync(to, reason);
            await view.Page.WaitForSelectorAsync("#w-move-result.pending", new PageWaitForSelectorOptions { Timeout = 30_000 });
            await view.Page.WaitForSelectorAsync("[data-testid=outbox] li.pending");
            await view.Page.WaitForSelectorAsync("[data-testid=card-pending] li.pending");
            Assert.Equal(0, await WorkerView.MovesAsync(id, reason));
            Assert.Equal(from, await WorkerView.GridOfAsync(id));
            // Kept on the device under the signed-in worker's name.
            Assert.Contains(reason, await view.Page.EvaluateAsync<string>("() => localStorage.getItem('gridgis.outbox.worker') ?? ''"));
            await view.ScreenshotAsync("offline-pending");

            // The network returns: the move goes out by itself, once.
            await view.Viewer.Context.SetOfflineAsync(false);
            await view.Page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=outbox]') && document.querySelector('.w-outbox.online')",
                null, new PageWaitForFunctionOptions { Timeout = 60_000 });
            Assert.Equal(1, await WorkerView.MovesAsync(id, reason));
            Assert.Equal(to, await WorkerView.GridOfAsync(id));
            Assert.Null(await view.Page.EvaluateAsync<string?>("() => localStorage.getItem('gridgis.outbox.worker')"));
            // Sending it again (the phone never heard the answer) changes nothing.
            await view.Page.EvaluateAsync("() => window.dispatchEvent(new Event('online'))");
            await view.Page.WaitForTimeoutAsync(500);
            Assert.Equal(1, await WorkerView.MovesAsync(id, reason));
            await view.ScreenshotAsync("offline-sent");
            view.AssertNoErrorsBut("ERR_INTERNET_DISCONNECTED");
        }
        finally
        {
            await view.Viewer.Context.SetOfflineAsync(false);
            if (await WorkerView.GridOfAsync(id) != from)
                (await api.PostAsJsonAsync($"/api/households/{id}/move", new { toGridId = from, reason = "viewer test: restore" })).EnsureSuccessStatusCode();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Move_OfHouseholdMovedMeanwhile_ShowsConflict_AndCanBeDiscarded(bool phone)
    {
        await using var view = await WorkerView.SignInAsync(fx, phone);
        using var api = await fx.Server.ClientAsAsync("worker");
        using var admin = await fx.Server.ClientAsAsync("admin");
        var grids = await WorkerView.OwnGridsAsync(api);
        var (id, address, from) = await view.HouseholdAsync(api, phone ? 13 : 17);
        var to = grids.First(g => g != from);
        var reason = $"conflict test {view.Size} {Guid.NewGuid():N}"[..40];
        try
        {
            await view.SearchAsync(address, id);
            await view.TapAsync($"#w-list .hh-row[data-id='{id}']");
            await view.WaitForCardAsync(id);
            // Someone in the office moves it while the card is open.
            (await admin.PostAsJsonAsync($"/api/households/{id}/move", new { toGridId = to, reason = "office: moved meanwhile" })).EnsureSuccessStatusCode();

            await view.MoveAsync(to, reason);
            await view.Page.WaitForSelectorAsync("#w-move-result.conflict", new PageWaitForSelectorOptions { Timeout = 30_000 });
            var message = await view.Page.InnerTextAsync("#w-move-result");
            Assert.StartsWith("冲突", message, StringComparison.Ordinal);
            Assert.DoesNotContain("已调整", await view.Page.InnerTextAsync("#w-card"));     // no stale success message
            await view.Page.WaitForSelectorAsync("[data-testid=outbox] li.conflict");
            Assert.Equal(0, await WorkerView.MovesAsync(id, reason));
            await view.ScreenshotAsync("conflict");

            await view.TapAsync("[data-testid=outbox] li.conflict button[data-action=discard]");
            await view.Page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=outbox]')");
            Assert.Null(await view.Page.EvaluateAsync<string?>("() => localStorage.getItem('gridgis.outbox.worker')"));
            view.AssertNoErrorsBut("409");
        }
        finally
        {
            if (await WorkerView.GridOfAsync(id) != from)
                (await api.PostAsJsonAsync($"/api/households/{id}/move", new { toGridId = from, reason = "viewer test: restore" })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Viewer_StartsOffline_WithTheWorkersKeptHouseholds_AndSignOutRemovesThem()
    {
        await using var view = await WorkerView.SignInAsync(fx, phone: false);
        await view.Page.EvaluateAsync("async () => { await navigator.serviceWorker.ready; }");
        await view.Page.WaitForFunctionAsync("() => !!navigator.serviceWorker.controller && !!localStorage.getItem('gridgis.cache.households.worker')",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var kept = await view.Page.EvaluateAsync<int>("() => JSON.parse(localStorage.getItem('gridgis.cache.households.worker')).length");
        using var api = await fx.Server.ClientAsAsync("worker");
        using (var page = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync("/api/households?limit=1")))
            Assert.Equal(page.RootElement.GetProperty("total").GetInt64(), kept);

        await view.Viewer.Context.SetOfflineAsync(true);
        try
        {
            await view.Page.ReloadAsync();
            await view.WaitForListAsync();
            Assert.Contains("离线", await view.Page.InnerTextAsync("#w-list-status"));
            Assert.Equal(Math.Min(50, kept), await view.Page.Locator("#w-list .hh-row").CountAsync());
            Assert.True(await view.Page.Locator("[data-testid=worker-grids] button[data-grid]").CountAsync() >= 1);
            await view.ScreenshotAsync("offline-start");
        }
        finally { await view.Viewer.Context.SetOfflineAsync(false); }

        await view.Page.ClickAsync("#signout");
        await view.Page.WaitForSelectorAsync("input[name=userName]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal(0, await view.Page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('gridgis.cache.')).length"));
    }
}
