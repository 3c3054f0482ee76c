using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>One signed-in browser page, recording console errors and page errors as they happen.</summary>
public sealed class ViewerPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    public IPage Page { get; }
    public List<string> Errors { get; } = [];
    public List<string> Warnings { get; } = [];
    private readonly BrowserFixture _fx;
    private readonly Func<string, string> _password;

    private ViewerPage(BrowserFixture fx, IBrowserContext context, IPage page, Func<string, string> password)
    {
        _fx = fx; _context = context; Page = page; _password = password;
        page.Console += (_, m) =>
        {
            if (m.Type == "error") lock (Errors) Errors.Add($"console: {m.Text}");
            if (m.Type == "warning") lock (Warnings) Warnings.Add(m.Text);
        };
        page.PageError += (_, e) => { lock (Errors) Errors.Add($"page error: {e}"); };
    }

    public static Task<ViewerPage> OpenAsync(BrowserFixture fx, int width = 1400, int height = 900) =>
        OpenAsync(fx, fx.Server, fx.Server.Password, width, height);

    /// <summary>The page as a phone shows it (390x844 CSS pixels, 3x, touch, mobile viewport) or a desktop (1400x900).</summary>
    public static async Task<ViewerPage> OpenDeviceAsync(BrowserFixture fx, bool phone)
    {
        var options = phone
            ? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, DeviceScaleFactor = 3, IsMobile = true, HasTouch = true }
            : new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } };
        var context = await fx.Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        var vp = new ViewerPage(fx, context, page, fx.Server.Password);
        await page.GotoAsync(fx.Server.BaseUrl + "/");
        return vp;
    }

    /// <summary>The browser context of this page (offline mode, storage).</summary>
    public IBrowserContext Context => _context;

    /// <summary>A page of another server than the fixture's, with its own accounts' passwords; <paramref name="beforeLoad"/> runs before the page loads (init scripts, listeners).</summary>
    public static async Task<ViewerPage> OpenAsync(BrowserFixture fx, ServerProcess server, Func<string, string> password, int width = 1400, int height = 900,
        Func<IPage, Task>? beforeLoad = null)
    {
        var context = await fx.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var vp = new ViewerPage(fx, context, page, password);
        if (beforeLoad is not null) await beforeLoad(page);
        await page.GotoAsync(server.BaseUrl + "/");
        return vp;
    }

    public async Task SignInAsync(string user)
    {
        await Page.FillAsync("input[name=userName]", user);
        await Page.FillAsync("input[name=password]", _password(user));
        await Page.ClickAsync("button[type=submit]");
        await Page.WaitForSelectorAsync("#map canvas", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await WaitForMapAsync();
    }

    /// <summary>Waits until the main map has rendered with no source still loading.</summary>
    public async Task WaitForMapAsync(string map = "window.gridgis.map", int timeoutMs = 30_000)
    {
        try { await WaitForRenderAsync(map, timeoutMs); }
        catch (TimeoutException)
        {
            var state = await Page.EvaluateAsync<string>($"() => JSON.stringify({map}.getAllLayers().map(l => [l.get('id'), l.getVisible(), l.getSource()?.loading, l.getSource()?.getState()]))");
            throw new TimeoutException($"the map did not finish rendering in time; layers [id, visible, loading, state]: {state}; errors: {string.Join("; ", Errors)}; warnings: {string.Join("; ", Warnings.TakeLast(5))}");
        }
    }

    private async Task WaitForRenderAsync(string map, int timeoutMs)
    {
        await Page.WaitForFunctionAsync($$"""
            () => new Promise(resolve => {
              const m = {{map}};
              if (!m) return resolve(false);
              m.once('rendercomplete', () => resolve(true));
              m.render();
            })
            """, null, new PageWaitForFunctionOptions { Timeout = timeoutMs });
    }

    /// <summary>Pixels of the map's canvases that differ from the neutral background, out of those sampled.</summary>
    public Task<int> PaintedPixelsAsync(string selector = "#map") => Page.EvaluateAsync<int>("""
        (selector) => {
          let painted = 0;
          for (const c of document.querySelectorAll(selector + ' canvas')) {
            if (!c.width || !c.height) continue;
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 0; i < d.length; i += 4 * 37) if (d[i + 3] > 0) painted++;
          }
          return painted;
        }
        """, selector);

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_fx.Screenshots, name + ".png") });

    public void AssertNoErrors() => Assert.True(Errors.Count == 0, "browser errors:\n" + string.Join("\n", Errors));

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
