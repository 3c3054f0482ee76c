using System.Diagnostics;
using System.Globalization;
using System.Text;
using GridGIS.Viewer.Tests.Browser;
using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Bench;

/// <summary>
/// The viewer's benchmark (scripts/bench.d/viewer.sh runs it on the full-scale demo; scripts/test leaves
/// it out: Category=Bench). Measures, in real headless Chromium: first paint (navigation start to the
/// map's first complete render, signed in), and zooming into three dense places (view change to
/// complete render, every visible layer fetched by view). Baseline in the same run: the same HTTP
/// requests the page made for each zoom, fetched one after another by a plain HttpClient, so the
/// ratio says what drawing adds to moving the data. Writes a Markdown section to GRIDGIS_BENCH_OUT.
/// No timed assertions: it asserts only that the map is drawn and the requests succeed.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Bench")]
public sealed class ViewerBenchmark(BrowserFixture fx)
{
    private static readonly (string Name, double Lon, double Lat)[] Places =
        [("Wangjing", 116.470, 40.000), ("Sanlitun", 116.455, 39.935), ("Jianwai", 116.450, 39.910)];

    private static (double X, double Y) WebMercator(double lon, double lat) =>
        (lon * 20037508.342789244 / 180, Math.Log(Math.Tan((90 + lat) * Math.PI / 360)) * 6378137);

    [Fact]
    public async Task FirstPaintAndZoom_AreMeasured_OnTheLoadedDemo()
    {
        var outFile = Environment.GetEnvironmentVariable("GRIDGIS_BENCH_OUT")
                      ?? throw new InvalidOperationException("GRIDGIS_BENCH_OUT is not set: run it through scripts/bench viewer");
        var runs = Math.Clamp(int.TryParse(Environment.GetEnvironmentVariable("GRIDGIS_BENCH_RUNS"), out var r) ? r : 5, 1, 20);
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");

        var firstPaint = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await vp.Page.ReloadAsync();
            await vp.Page.WaitForFunctionAsync("() => document.body.dataset.firstPaintMs", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
            firstPaint.Add(double.Parse(await vp.Page.EvaluateAsync<string>("() => document.body.dataset.firstPaintMs"), CultureInfo.InvariantCulture));
        }
        Assert.True(await vp.PaintedPixelsAsync() > 200, "the map canvas is blank after reload");

        var token = await vp.Page.EvaluateAsync<string>("() => sessionStorage.getItem('gridgis.token')");
        using var http = new HttpClient { BaseAddress = new Uri(fx.Server.BaseUrl), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var rows = new StringBuilder();
        foreach (var zoom in new[] { 14, 16 })
            foreach (var (name, lon, lat) in Places)
            {
                var page = new List<double>(); var plain = new List<double>(); long bytes = 0; var requests = 0;
                for (var i = 0; i < runs; i++)
                {
                    // start from the district view, so that every run fetches the place's data again
                    await vp.Page.ReloadAsync();
                    await vp.Page.WaitForFunctionAsync("() => document.body.dataset.firstPaintMs", null, new PageWaitForFunctionOptions { Timeout = 120_000 });
                    var urls = new List<string>();
                    void Track(object? _, IRequest q) { if (q.Url.Contains("/api/", StringComparison.Ordinal)) lock (urls) urls.Add(q.Url); }
                    vp.Page.Request += Track;
                    var (x, y) = WebMercator(lon, lat);
                    page.Add(await vp.Page.EvaluateAsync<double>("""
                        ([x, y, z]) => new Promise(resolve => {
                          const m = window.gridgis.map, t0 = performance.now();
                          m.once('rendercomplete', () => resolve(performance.now() - t0));
                          m.getView().setCenter([x, y]); m.getView().setZoom(z);
                        })
                        """, new object[] { x, y, zoom }));
                    vp.Page.Request -= Track;
                    // baseline: the same requests, one after another, without a browser
                    var sw = Stopwatch.StartNew();
                    long b = 0;
                    foreach (var u in urls)
                    {
                        using var response = await http.GetAsync(new Uri(u).PathAndQuery);
                        Assert.True(response.IsSuccessStatusCode, $"{u}: {(int)response.StatusCode}");
                        b += (await response.Content.ReadAsByteArrayAsync()).LongLength;
                    }
                    plain.Add(sw.Elapsed.TotalMilliseconds);
                    bytes = b; requests = urls.Count;
                }
                Assert.True(await vp.PaintedPixelsAsync() > 200, $"the map is blank at {name}, zoom {zoom}");
                rows.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name}, zoom {zoom} | {Stats(page)} | {requests} requests, {bytes / 1024.0:N0} KiB: {Stats(plain)} | {Median(page) / Math.Max(1, Median(plain)):F1}x |");
            }
        vp.AssertNoErrors();

        // Frame times while panning and zooming: the gaps between animation frames (requestAnimationFrame) and
        // Chromium's long-animation-frame entries (performance timeline) over a scripted 4 s pan and zoom.
        var frames = new List<double>(); var longFrames = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await vp.Page.ReloadAsync();
            await vp.Page.WaitForFunctionAsync("() => document.body.dataset.firstPaintMs", null, new PageWaitForFunctionOptions { Timeout = 120_000 });
            var (x, y) = WebMercator(Places[1].Lon, Places[1].Lat);
            var f = await vp.Page.EvaluateAsync<double[]>(FramesScript, new object[] { x, y });
            frames.Add(f[0]); longFrames.Add(f[1]);
        }
        var label = Environment.GetEnvironmentVariable("GRIDGIS_BENCH_LABEL") ?? "viewer";
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"| What ({label}) | Viewer (headless Chromium), ms | Baseline: the same API requests by a plain HttpClient, ms | Ratio |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| First paint (navigation start to the map's first complete render, signed in, district view) | {Stats(firstPaint)} | - | - |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Frame time while panning and zooming (95th percentile of the gaps between frames, 4 s scripted) | {Stats(frames)} | - | - |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Longest long-animation-frame entry in that time (0: none over 50 ms) | {Stats(longFrames)} | - | - |");
        md.Append(rows);
        await File.WriteAllTextAsync(outFile, md.ToString());
    }

    /// <summary>Pans towards (x, y) and zooms in and out over about 4 s; [p95 frame gap ms, longest long-animation-frame ms].</summary>
    private const string FramesScript = """
        ([x, y]) => new Promise(resolve => {
          const v = window.gridgis.map.getView();
          const gaps = []; let last = performance.now(); let longest = 0; let running = true;
          const po = 'PerformanceObserver' in window && PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')
            ? new PerformanceObserver(list => { for (const e of list.getEntries()) longest = Math.max(longest, e.duration); }) : null;
          po?.observe({ type: 'long-animation-frame' });
          const tick = t => { gaps.push(t - last); last = t; if (running) requestAnimationFrame(tick); };
          requestAnimationFrame(tick);
          const z = v.getZoom();
          v.animate({ center: [x, y], duration: 1500 }, { zoom: z + 2, duration: 1000 }, { zoom: z + 1, duration: 700 },
            { center: [x + 1500, y - 800], duration: 800 }, () => {
              running = false; po?.disconnect();
              const s = gaps.slice(1).sort((a, b) => a - b);
              resolve([s[Math.floor(s.length * 0.95)] ?? 0, longest]);
            });
        })
        """;

    private static double Median(List<double> v) { var s = v.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }

    private static string Stats(List<double> v) =>
        string.Create(CultureInfo.InvariantCulture, $"{Median(v):N0} ({v.Min():N0}-{v.Max():N0}, n={v.Count})");
}
