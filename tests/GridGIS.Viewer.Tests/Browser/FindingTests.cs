using System.Text.Json;
using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// Finding things (issue 17): the map starts fitted to the district; a search box finds streets, communities,
/// grid codes and facilities; facility categories switch on and off one by one; layers take an opacity and an
/// order; a facility clicked shows its own 5/10/15-minute area; a planner's table row zooms to its street.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FindingTests(BrowserFixture fx)
{
    [Fact]
    public async Task Map_StartsFittedAndFindsThings_WhenPlannerSearchesAndClicks()
    {
        using var api = await fx.Server.ClientAsAsync("planner");
        using var streets = JsonDocument.Parse(await api.GetStringAsync("/api/streets?limit=10000"));
        var district = Extent(streets.RootElement);
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");

        // Fitted: the whole district in view, filling it in one dimension.
        await vp.Page.WaitForFunctionAsync("() => !window.gridgis.map.getView().getAnimating()");
        var view = await vp.Page.EvaluateAsync<double[]>("() => window.gridgis.map.getView().calculateExtent(window.gridgis.map.getSize())");
        Assert.True(view[0] <= district[0] && view[1] <= district[1] && view[2] >= district[2] && view[3] >= district[3],
            $"the district [{string.Join(", ", district)}] is not all in view [{string.Join(", ", view)}]");
        var fill = Math.Max((district[2] - district[0]) / (view[2] - view[0]), (district[3] - district[1]) / (view[3] - view[1]));
        Assert.True(fill > 0.85, $"the district fills only {fill:P0} of the view");

        // Search: a community by name, then a grid by its code.
        using var communities = JsonDocument.Parse(await api.GetStringAsync("/api/communities?limit=5"));
        var community = communities.RootElement.GetProperty("features")[0];
        var name = community.GetProperty("properties").GetProperty("nameZh").GetString()!;
        var box = Extent(community);
        await vp.Page.GetByTestId("search").FillAsync(name);
        var hit = vp.Page.GetByTestId("search-results").Locator("button[data-kind=community]", new() { HasText = name }).First;
        await hit.ClickAsync(new() { Timeout = 30_000 });
        await vp.Page.WaitForFunctionAsync("() => !window.gridgis.map.getView().getAnimating()");
        var centre = await vp.Page.EvaluateAsync<double[]>("() => window.gridgis.map.getView().getCenter()");
        Assert.InRange(centre[0], box[0], box[2]);
        Assert.InRange(centre[1], box[1], box[3]);
        using var grids = JsonDocument.Parse(await api.GetStringAsync("/api/grids?limit=1"));
        var code = grids.RootElement.GetProperty("features")[0].GetProperty("properties").GetProperty("code").GetString()!;
        await vp.Page.GetByTestId("search").FillAsync(code);
        await Assertions.Expect(vp.Page.GetByTestId("search-results").Locator("button[data-kind=grids]")).ToHaveCountAsync(1);
        await MapActions.ScreenshotBothAsync(vp, "h17-search");
        await vp.Page.GetByTestId("search-results").Locator("button[data-kind=grids]").ClickAsync();

        // A facility category off: its symbols are no longer drawn; the others are.
        var category = await vp.Page.EvaluateAsync<string>("() => window.gridgis.categories[0].code");
        await vp.Page.GetByTestId($"facility-category-{category}").SetCheckedAsync(false);
        await MapActions.WaitForFeaturesAsync(vp, "facilities");
        var drawn = await vp.Page.EvaluateAsync<JsonElement>("""
            c => {
              const l = window.gridgis.byId('facilities');
              const style = l.getStyleFunction();
              const fs = l.getSource().getFeatures();
              return { off: fs.filter(f => f.get('category') === c).some(f => style(f, 1)), on: fs.filter(f => f.get('category') !== c).every(f => style(f, 1)) };
            }
            """, category);
        Assert.False(drawn.GetProperty("off").GetBoolean(), "a switched-off category is still drawn");
        Assert.True(drawn.GetProperty("on").GetBoolean());

        // Opacity and order.
        await vp.Page.GetByTestId("opacity-streets").FillAsync("40");
        Assert.Equal(0.4, await vp.Page.EvaluateAsync<double>("() => window.gridgis.byId('streets').getOpacity()"), 6);
        // Each "up" swaps gaps with the layer drawn just above them (how many lie above depends on the layers a role has:
        // the language gaps, the facilities), until they are drawn on top and first in the list.
        const string firstListed = "() => document.querySelector('ul.layers li[data-layer]').dataset.layer";
        for (var step = 0; step < 10 && await vp.Page.EvaluateAsync<string>(firstListed) != "gaps"; step++)
        {
            var zGaps = await vp.Page.EvaluateAsync<int>("() => window.gridgis.byId('gaps').getZIndex()");
            await vp.Page.GetByTestId("up-gaps").ClickAsync();
            Assert.True(await vp.Page.EvaluateAsync<int>("() => window.gridgis.byId('gaps').getZIndex()") > zGaps, "moving gaps up did not raise them");
        }
        Assert.Equal("gaps", await vp.Page.EvaluateAsync<string>(firstListed));

        // A facility's own 5/10/15-minute area.
        await vp.Page.GetByTestId($"facility-category-{category}").SetCheckedAsync(true);
        Assert.NotNull(await MapActions.ClickFeatureAsync(vp, "facilities"));
        await Assertions.Expect(vp.Page.GetByTestId("facility-bands").Locator("tr")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        var minutes = await vp.Page.EvaluateAsync<double[]>("() => window.gridgis.byId('facilityArea').getSource().getFeatures().map(f => f.get('minutes')).sort((a, b) => a - b)");
        Assert.Equal([5.0, 10.0, 15.0], minutes);
        Assert.True(await vp.Page.EvaluateAsync<bool>("() => window.gridgis.byId('facilityArea').getVisible()"));
        await MapActions.ScreenshotBothAsync(vp, "h17-facility-area");

        // A row of the planner's table zooms to its street.
        await vp.Page.ClickAsync("button[data-tab=planner]");
        var row = vp.Page.Locator("[data-testid=planner-table] tr[data-street]").First;
        await row.WaitForAsync(new() { Timeout = 30_000 });
        var street = await row.GetAttributeAsync("data-street");
        await row.ClickAsync();
        await vp.Page.WaitForFunctionAsync("() => !window.gridgis.map.getView().getAnimating()");
        var streetBox = Extent(streets.RootElement.GetProperty("features").EnumerateArray().First(f => f.GetProperty("properties").GetProperty("code").GetString() == street));
        centre = await vp.Page.EvaluateAsync<double[]>("() => window.gridgis.map.getView().getCenter()");
        Assert.InRange(centre[0], streetBox[0], streetBox[2]);
        Assert.InRange(centre[1], streetBox[1], streetBox[3]);
        vp.AssertNoErrors();
    }

    /// <summary>The Web Mercator extent [minX, minY, maxX, maxY] of a GeoJSON feature or collection's coordinates.</summary>
    private static double[] Extent(JsonElement geojson)
    {
        var e = new[] { double.MaxValue, double.MaxValue, double.MinValue, double.MinValue };
        void Walk(JsonElement x)
        {
            if (x.ValueKind != JsonValueKind.Array) return;
            if (x.GetArrayLength() >= 2 && x[0].ValueKind == JsonValueKind.Number)
            {
                var m = BasemapTests.Mercator(x[0].GetDouble(), x[1].GetDouble());
                e[0] = Math.Min(e[0], m[0]); e[1] = Math.Min(e[1], m[1]); e[2] = Math.Max(e[2], m[0]); e[3] = Math.Max(e[3], m[1]);
                return;
            }
            foreach (var c in x.EnumerateArray()) Walk(c);
        }
        var features = geojson.TryGetProperty("features", out var fs) ? fs.EnumerateArray().ToList() : [geojson];
        foreach (var f in features) Walk(f.GetProperty("geometry").GetProperty("coordinates"));
        return e;
    }
}
