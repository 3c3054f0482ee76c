using System.Text.Json;
using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>What the viewer tests do on the map: click a feature where it is drawn, screenshot at both sizes.</summary>
internal static class MapActions
{
    /// <summary>
    /// Centres the map on a point of the first feature of layer <paramref name="layer"/> that <paramref name="where"/>
    /// (a JavaScript predicate on the feature, or null) accepts, and clicks it there. Its id ("" when it has none), or null
    /// when the layer has no such feature.
    /// </summary>
    public static async Task<string?> ClickFeatureAsync(ViewerPage vp, string layer, string? where = null)
    {
        var at = await vp.Page.EvaluateAsync<JsonElement>("""
            ([layer, where]) => {
              const accept = where ? new Function('f', 'return (' + where + ')(f)') : () => true;
              const f = window.gridgis.byId(layer).getSource().getFeatures().find(x => accept(x));
              if (!f) return null;
              window.gridgis.map.getOverlays().forEach(o => o.setPosition(undefined));   // no popup over the spot
              const g = f.getGeometry();
              const t = g.getType();
              const c = t === 'Point' ? g.getCoordinates() : t === 'Polygon' ? g.getInteriorPoint().getCoordinates()
                : t === 'MultiPolygon' ? g.getInteriorPoints().getCoordinates()[0] : g.getClosestPoint(g.getExtent().slice(0, 2));
              window.gridgis.map.getView().setCenter([c[0], c[1]]);
              window.gridgis.map.renderSync();
              const p = window.gridgis.map.getPixelFromCoordinate([c[0], c[1]]);
              const r = document.getElementById('map').getBoundingClientRect();
              return { x: r.left + p[0], y: r.top + p[1], id: String(f.getId() ?? '') };
            }
            """, new object?[] { layer, where });
        if (at.ValueKind == JsonValueKind.Null) return null;
        await vp.WaitForMapAsync(timeoutMs: 60_000);
        await vp.Page.Mouse.ClickAsync(at.GetProperty("x").GetSingle(), at.GetProperty("y").GetSingle());
        return at.GetProperty("id").GetString();
    }

    /// <summary>Screenshots at the page's size (1400x900) and at a phone's (390x844), then back.</summary>
    public static async Task ScreenshotBothAsync(ViewerPage vp, string name)
    {
        var (width, height) = vp.Page.ViewportSize is { } v ? (v.Width, v.Height) : (1400, 900);
        await vp.WaitForMapAsync(timeoutMs: 60_000);
        await vp.ScreenshotAsync($"{name}-{width}");
        await vp.Page.SetViewportSizeAsync(390, 844);
        await vp.Page.EvaluateAsync("() => window.gridgis.map.updateSize()");
        await vp.WaitForMapAsync(timeoutMs: 60_000);
        await vp.ScreenshotAsync($"{name}-390");
        await vp.Page.SetViewportSizeAsync(width, height);
        await vp.Page.EvaluateAsync("() => window.gridgis.map.updateSize()");
    }

    /// <summary>Screenshots a page without a map (the sign-in form) at 1400x900 and 390x844.</summary>
    public static async Task ScreenshotSignInAsync(ViewerPage vp, string name)
    {
        var (width, height) = vp.Page.ViewportSize is { } v ? (v.Width, v.Height) : (1400, 900);
        await vp.ScreenshotAsync($"{name}-{width}");
        await vp.Page.SetViewportSizeAsync(390, 844);
        await vp.ScreenshotAsync($"{name}-390");
        await vp.Page.SetViewportSizeAsync(width, height);
    }

    /// <summary>Waits until layer <paramref name="layer"/> has features.</summary>
    public static Task WaitForFeaturesAsync(ViewerPage vp, string layer, int timeoutMs = 60_000) =>
        vp.Page.WaitForFunctionAsync("id => window.gridgis.byId(id).getSource().getFeatures().length > 0", layer,
            new PageWaitForFunctionOptions { Timeout = timeoutMs });
}
