using System.Globalization;
using System.Net;
using GridGIS.Core.Geo;
using GridGIS.Core.Import;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Import;
using GridGIS.Server.Tests.Infrastructure;
using NetTopologySuite.Geometries;
using static GridGIS.Server.Tests.Features.Import.ImportTestFiles;

namespace GridGIS.Server.Tests.Features.Export;

/// <summary>
/// Issue 14's round trips on real PostGIS: a layer imported, exported (<c>/api/export/{layer}</c>, narrowed by bbox to this
/// test's own square), its rows deleted, the exported file imported again, exported again: the same features (geometries
/// within 1e-7 degrees, the same attributes the import takes), rings counter-clockwise although the source's were clockwise.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ExportRoundTripTests(PostgisFixture fx)
{
    private readonly ImportTestFiles _t = new();

    /// <summary>The attributes each layer's import takes, compared after the round trip (ids and node numbers are new).</summary>
    private static readonly Dictionary<string, string[]> Compared = new()
    {
        ["streets"] = ["code", "name_zh", "name_en"],
        ["communities"] = ["code", "street_code", "name_zh", "name_en"],
        ["grids"] = ["code", "community_code", "kind", "name"],
        ["facilities"] = ["category", "name", "capacity", "languages", "street_code"],
        ["network"] = ["oneway", "kind"],
    };

    private static readonly Dictionary<string, (string MediaType, ImportFormat Format)> Formats = new()
    {
        ["geojson"] = ("application/geo+json", ImportFormat.GeoJson),
        ["csv"] = ("text/csv", ImportFormat.Csv),
        ["shp"] = ("application/zip", ImportFormat.Shapefile),
        ["gpkg"] = ("application/geopackage+sqlite3", ImportFormat.GeoPackage),
    };

    // A clockwise ring (north first from the south-west corner): the import must turn it round.
    private string ClockwiseBox(double x0, double y0, double x1, double y1) =>
        _t.Box(x0, y0, x1, y1).Replace("POLYGON((", "", StringComparison.Ordinal).TrimEnd(')') is var ring
            ? "POLYGON((" + string.Join(", ", ring.Split(", ").Reverse()) + "))" : "";

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var layer in Compared.Keys) foreach (var format in Formats.Keys) data.Add(layer, format);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task ExportThenImport_GivesTheSameFeatures(string layer, string format)
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var category = await SeedAsync(admin, layer);
        var first = await ExportAsync(admin, layer, format);
        Assert.True(first.Count >= 1, $"nothing exported for {layer}");
        Assert.All(first.Features, f => Assert.True(RingOrder.IsRightHand(f.Geometry!), $"{layer} {format}: a clockwise exterior ring came out: {f.Geometry}"));

        await DeleteAsync(layer, category);
        var (mediaType, _) = Formats[format];
        var response = await admin.PostAsync($"/api/import/{layer}", Content(first.Bytes, mediaType));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{layer} {format} re-import: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

        var second = await ExportAsync(admin, layer, format);
        Assert.Equal(first.Count, second.Count);
        string Key(SourceFeature f) => string.Join('|', Compared[layer].Select(a => f.Properties.GetValueOrDefault(a))) + f.Geometry!.Centroid.AsText();
        foreach (var (a, b) in first.Features.OrderBy(Key).Zip(second.Features.OrderBy(Key)))
        {
            Assert.True(Same(a.Geometry!, b.Geometry!), $"{layer} {format}: {a.Geometry} came back as {b.Geometry}");
            foreach (var attribute in Compared[layer])
                Assert.Equal(a.Properties.GetValueOrDefault(attribute), b.Properties.GetValueOrDefault(attribute));
        }
    }

    private static bool Same(Geometry a, Geometry b)
    {
        static Geometry Part(Geometry g) => g is GeometryCollection { NumGeometries: 1 } ? g.GetGeometryN(0) : g;
        return Part(a).EqualsExact(Part(b), 1e-7);
    }

    /// <summary>Imports this test's rows of <paramref name="layer"/> (and their parents); the facility category when it makes one.</summary>
    private async Task<string?> SeedAsync(HttpClient admin, string layer)
    {
        async Task Import(string l, HttpContent body)
        {
            var r = await admin.PostAsync($"/api/import/{l}", body);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"seeding {l}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        if (layer == "network")
        {
            await Import("network", Json((Props(("oneway", true), ("kind", "path")), _t.Line((0.1, 0.1), (0.5, 0.1000000444), (0.5, 0.5))),
                (Props(), _t.Line((0.5, 0.5), (0.9, 0.9)))));
            return null;
        }
        await Import("streets", Json((Props(("code", _t.StreetCode), ("name_zh", "测试街道, \"引号\""), ("name_en", "Test street")), ClockwiseBox(0, 0, 1, 1))));
        if (layer == "streets") return null;
        if (layer == "facilities")
        {
            var category = await InsertCategoryAsync(fx);
            await Import("facilities", Json(
                (Props(("category", category), ("name", "图书馆"), ("capacity", 120), ("languages", new[] { "zh", "en" })), _t.Point(0.3, 0.3)),
                (Props(("category", category), ("name", "B")), _t.Point(0.7, 0.712345678))));
            return category;
        }
        await Import("communities", Json((Props(("code", _t.CommunityCode), ("name_zh", "社区"), ("name_en", "Community")), ClockwiseBox(0, 0, 0.5, 1))));
        if (layer == "communities") return null;
        await Import("grids", Json(
            (Props(("code", _t.GridCode), ("kind", "foreign_resident"), ("name", "A")), ClockwiseBox(0, 0, 0.5, 0.5)),
            (Props(("code", _t.CommunityCode + "002")), _t.Box(0, 0.5, 0.5, 1))));
        return null;
    }

    private async Task DeleteAsync(string layer, string? category)
    {
        var sql = layer switch
        {
            "streets" => "delete from street where code = $1",
            "communities" => "delete from community where code like $1 || '%'",
            "grids" => "delete from grid where code like $1 || '%'",
            "facilities" => "delete from facility where category_code = $2",
            _ => """
                 with e as (delete from walk_edge where geom && st_makeenvelope($3, $4, $3 + 0.01, $4 + 0.01, 4326) returning source, target)
                 delete from walk_node where id in (select source from e union select target from e)
                 """,
        };
        await using var cmd = fx.Db.CreateCommand(sql);
        cmd.Parameters.Add(new() { Value = _t.StreetCode });
        cmd.Parameters.Add(new() { Value = (object?)category ?? "" });
        cmd.Parameters.Add(new() { Value = _t.Lon });
        cmd.Parameters.Add(new() { Value = _t.Lat });
        Assert.True(await cmd.ExecuteNonQueryAsync() > 0, $"nothing of {layer} to delete");
    }

    private sealed record Exported(byte[] Bytes, IReadOnlyList<SourceFeature> Features)
    {
        public int Count => Features.Count;
    }

    private async Task<Exported> ExportAsync(HttpClient client, string layer, string format)
    {
        var bbox = string.Create(CultureInfo.InvariantCulture, $"{_t.Lon - 0.001},{_t.Lat - 0.001},{_t.Lon + 0.011},{_t.Lat + 0.011}");
        var response = await client.GetAsync($"/api/export/{layer}?format={format}&bbox={bbox}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{layer} {format}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.StartsWith(Formats[format].MediaType, response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var errors = new ImportErrorList();
        var features = ImportFile.Read(bytes, Formats[format].Format, ImportLimits.Default, errors);
        Assert.False(errors.Any, string.Join("; ", errors.Errors));
        return new Exported(bytes, features);
    }
}
