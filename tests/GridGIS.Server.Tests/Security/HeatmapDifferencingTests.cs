using System.Globalization;
using System.Text.Json;
using GridGIS.Core.Geo;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Grids;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// The heatmap attacks of issue 13: a planner who moves one edge of the view by 1e-9 degrees, or
/// bisects it, or asks two zoom levels, must learn nothing about a group of fewer than 5 households.
/// A cell's figure is a function of the data and the cell, never of the request's bbox.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class HeatmapDifferencingTests(PostgisFixture fx)
{
    private static readonly string[] Analysts = [Roles.Planner, Roles.Official];

    private static string Url(double minLon, double minLat, double maxLon, double maxLat, int zoom, string metric = "residents") =>
        string.Create(CultureInfo.InvariantCulture, $"/api/heatmap?metric={metric}&bbox={minLon:R},{minLat:R},{maxLon:R},{maxLat:R}&zoom={zoom}");

    /// <summary>Each shown cell's polygon (as rounded text, the cell's identity) with its households, value and merged flag.</summary>
    private static async Task<Dictionary<string, (long Households, long Value, bool Merged)>> CellsAsync(HttpClient client, string url)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync(url));
        var cells = new Dictionary<string, (long, long, bool)>();
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var p = f.GetProperty("properties");
            var key = string.Join(";", f.GetProperty("geometry").GetProperty("coordinates").ToString()
                .Split(',').Select(v => double.TryParse(v.Trim('[', ']', ' '), CultureInfo.InvariantCulture, out var d) ? d.ToString("F7", CultureInfo.InvariantCulture) : v));
            cells[key] = (p.GetProperty("households").GetInt64(), p.GetProperty("value").GetInt64(), p.GetProperty("merged").GetBoolean());
        }
        return cells;
    }

    [Theory]
    [InlineData(1e-9)]
    [InlineData(1e-4)]   // beyond the single-precision boxes of the spatial index (about 1.5e-5 degrees here): the edge really crosses it
    public async Task Heatmap_GivesEveryCellTheSameFigure_WhenTheBboxEdgeMovesAcrossAHousehold(double delta)
    {
        var t = new GridTestData(fx);
        // Nine households in a few metres, and 30 m east of them one more whose longitude is exactly the edge being moved.
        for (var i = 0; i < 9; i++) await t.HouseholdAsync(-0.3 + 0.01 * i, 0.01, residents: 2 + i % 3);
        await t.HouseholdAsync(0.1, 0.01, residents: 7);
        var edge = t.X(0.1);

        foreach (var role in Analysts)
        {
            var client = await fx.ClientAsAsync(role);
            var without = await CellsAsync(client, Url(t.X(-1), t.Y(-1), edge - delta, t.Y(1), 17));
            var with = await CellsAsync(client, Url(t.X(-1), t.Y(-1), edge + delta, t.Y(1), 17));
            var shared = without.Keys.Intersect(with.Keys).ToList();
            Assert.NotEmpty(shared);
            foreach (var key in shared) Assert.True(without[key] == with[key], $"{role}: cell {key} is {without[key]} or {with[key]} by the bbox");
        }
    }

    [Fact]
    public async Task Heatmap_TeachesABisectionNothing_WhenTheEdgeSweepsAcrossAHousehold()
    {
        var t = new GridTestData(fx);
        for (var i = 0; i < 6; i++) await t.HouseholdAsync(0.02 * i, 0.02, residents: 3);
        await t.HouseholdAsync(0.05, 0.03, residents: 5);   // the household to be found
        var client = await fx.ClientAsAsync(Roles.Planner);
        var full = await CellsAsync(client, Url(t.X(-1), t.Y(-1), t.X(1), t.Y(1), 17));
        Assert.NotEmpty(full);
        // Bisect the east edge around the household, as an attacker would: 20 steps from 4e-5 degrees wide.
        double lo = t.X(0.03), hi = t.X(0.07);
        for (var step = 0; step < 20; step++)
        {
            var mid = (lo + hi) / 2;
            var seen = await CellsAsync(client, Url(t.X(-1), t.Y(-1), mid, t.Y(1), 17));
            foreach (var (key, figure) in seen)
                Assert.True(full.TryGetValue(key, out var whole) && whole == figure,
                    $"step {step}: the bbox ending at {mid:R} shows cell {key} as {figure}, the whole view as {(full.TryGetValue(key, out var w) ? w : default)}");
            if (seen.Values.Sum(c => c.Value) < full.Values.Sum(c => c.Value)) lo = mid; else hi = mid;
        }
    }

    [Fact]
    public async Task Heatmap_RevealsNoSmallGroup_WhenACoarseCellIsDifferencedWithItsFinerCells()
    {
        // Six households in one 100 m cell and one in its sibling: the 200 m cell holding both must not
        // show 7 while the 100 m view shows 6 and withholds 1.
        var t = new GridTestData(fx);
        var p = PostgisFixture.City.Projection;
        var (x, y) = p.Forward(t.X(0), t.Y(0));
        double x0 = Math.Floor(x / 800) * 800, y0 = Math.Floor(y / 800) * 800;   // a corner of every nested lattice up to 800 m
        async Task At(double dx, double dy, int residents)
        {
            var (lon, lat) = p.Inverse(x0 + dx, y0 + dy);
            await t.ScalarAsync<long>("insert into household (geom, residents, foreign_residents, address) values (st_setsrid(st_makepoint($1, $2), 4326), $3, 0, 'test') returning id",
                lon, lat, residents);
        }
        for (var i = 0; i < 6; i++) await At(20 + i, 20, 3);
        await At(150, 30, 9);
        var (minLon, minLat) = p.Inverse(x0 - 900, y0 - 900);
        var (maxLon, maxLat) = p.Inverse(x0 + 1700, y0 + 1700);

        var client = await fx.ClientAsAsync(Roles.Official);
        var byZoom = new Dictionary<int, List<(Box Box, long Households, long Value, bool Merged)>>();
        foreach (var zoom in new[] { 13, 14, 15, 16, 17 })
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync(Url(minLon, minLat, maxLon, maxLat, zoom)));
            var list = new List<(Box, long, long, bool)>();
            foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                var pr = f.GetProperty("properties");
                var ring = f.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray()
                    .Select(c => p.Forward(c[0].GetDouble(), c[1].GetDouble())).ToList();
                list.Add((new(ring.Min(c => c.X), ring.Min(c => c.Y), ring.Max(c => c.X), ring.Max(c => c.Y)),
                    pr.GetProperty("households").GetInt64(), pr.GetProperty("value").GetInt64(), pr.GetProperty("merged").GetBoolean()));
            }
            byZoom[zoom] = list;
        }
        // Every whole cell at one zoom, minus the whole cells of the next finer zoom inside it, is 0 or >= 5 households.
        foreach (var zoom in new[] { 13, 14, 15, 16 })
            foreach (var coarse in byZoom[zoom].Where(c => !c.Merged))
            {
                var inside = byZoom[zoom + 1].Where(c => !c.Merged && coarse.Box.Contains(c.Box)).ToList();
                var households = coarse.Households - inside.Sum(c => c.Households);
                Assert.True(households == 0 || households >= 5,
                    $"zoom {zoom} cell {coarse.Box} holds {coarse.Households} households, its zoom {zoom + 1} cells {inside.Sum(c => c.Households)}: {households} left over, {coarse.Value - inside.Sum(c => c.Value)} residents");
            }
    }

    /// <summary>A cell's extent in the local metric CRS, metres.</summary>
    private sealed record Box(double X0, double Y0, double X1, double Y1)
    {
        public bool Contains(Box b) => b.X0 >= X0 - 0.5 && b.Y0 >= Y0 - 0.5 && b.X1 <= X1 + 0.5 && b.Y1 <= Y1 + 0.5;
        public override string ToString() => $"[{X0:F0},{Y0:F0} .. {X1:F0},{Y1:F0}]";
    }
}
