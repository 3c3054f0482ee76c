using System.Net;
using System.Text;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using static GridGIS.Server.Tests.Features.Import.ImportTestFiles;

namespace GridGIS.Server.Tests.Features.Import;

/// <summary>
/// The bad-input corpus (issue 7) against every import layer: each file gets a 4xx ProblemDetails whose
/// <c>errors</c> name the field and the feature index or CSV line, never a 500, and the database is
/// unchanged afterwards (row counts and an md5 of every row of the import tables and the audit log).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ImportBadInputTests(PostgisFixture fx)
{
    private sealed record Case(string Layer, HttpContent Body, int Status, string Field, int? Feature, int? Line, string Message);

    public static TheoryData<string> Cases => new(
        "malformed json", "csv unbalanced quote", "csv wrong column count", "empty body", "csv header only", "invalid utf-8",
        "utf-16", "not a feature collection", "deep nesting", "too many vertices", "geometry collection", "nested property",
        "wrong geometry type", "self-intersecting polygon", "empty geometry", "nan in csv", "huge coordinate", "out of range",
        "swapped lat lon", "unknown category", "outside every street", "community outside street", "community street missing",
        "grid prefix mismatch", "grid outside community", "missing code", "missing name", "bad code", "injection in code",
        "injection in category", "duplicate in file", "duplicate in database", "negative capacity", "huge capacity",
        "fractional capacity", "text too long", "nul in text", "lone surrogate", "bad grid kind", "bad oneway",
        "polygon for network", "unclosed ring", "nested wkt");

    private static Case Build(string name, ImportTestFiles t, string category)
    {
        var street = Props(("code", "987654321"), ("name_zh", "街"));
        var facility = (Dictionary<string, object?> extra) =>
            new Dictionary<string, object?>(Props(("category", category), ("name", "A")).Concat(extra));
        var empty = new Dictionary<string, object?>();
        const string fc = """{"type":"FeatureCollection","features":[""";
        return name switch
        {
            "malformed json" => new("streets", Content(fc + """{"type":"Feature",""", "application/json"), 400, "json", null, 1, "malformed JSON"),
            "csv unbalanced quote" => new("streets", Content("code,name_zh,wkt\r\n987654321,\"unclosed,x\r\n", "text/csv"), 400, "csv", null, 2, "never closed"),
            "csv wrong column count" => new("streets", Content($"code,name_zh,wkt\r\n987654321,x,\"{t.Street}\",extra\r\n", "text/csv"), 400, "csv", 0, 2, "has 4 fields"),
            "empty body" => new("streets", Content("", "application/geo+json"), 400, "file", null, null, "empty"),
            "csv header only" => new("facilities", Content("name,category,lon,lat\r\n", "text/csv"), 400, "file", null, null, "no rows"),
            "invalid utf-8" => new("streets", Content([.. Encoding.UTF8.GetBytes("code,name_zh,wkt\n987654321,"), 0xBD, 0xA8, .. Encoding.UTF8.GetBytes($",\"{t.Street}\"\n")], "text/csv"),
                400, "file", null, 2, "not valid UTF-8"),
            "utf-16" => new("streets", Content([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("code,name_zh,wkt\n")], "text/csv"), 400, "file", null, null, "UTF-16"),
            "not a feature collection" => new("streets", Content("[1, 2, 3]", "application/json"), 400, "type", null, null, "FeatureCollection"),
            "deep nesting" => new("streets", Content(fc + """{"type":"Feature","properties":{"x":""" + new string('[', 500) + new string(']', 500) + "}}]}", "application/json"),
                400, "json", null, 1, "depth"),
            "too many vertices" => new("streets", Json((street, ManyVertices(t, 100_001))), 400, "geometry", 0, null, "more than 100000 vertices"),
            "geometry collection" => new("streets", Content(fc + """{"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[]}}]}""", "application/json"),
                400, "geometry", 0, null, "GeometryCollection"),
            "nested property" => new("facilities", Content(fc + """{"type":"Feature","properties":{"name":{"zh":"A"}},"geometry":{"type":"Point","coordinates":[""" + N(t.Lon + 0.005) + "," + N(t.Lat + 0.005) + "]}}]}", "application/json"),
                400, "name", 0, null, "nested"),
            "wrong geometry type" => new("streets", Json((street, t.Point(0.5, 0.5))), 422, "geometry", 0, null, "needs a Polygon or MultiPolygon, not a Point"),
            "self-intersecting polygon" => new("streets", Csv((street, $"POLYGON(({P(t, 0, 0)}, {P(t, 1, 1)}, {P(t, 1, 0)}, {P(t, 0, 1)}, {P(t, 0, 0)}))")),
                422, "geometry", 0, 2, "Self-intersection"),
            "empty geometry" => new("streets", Content(fc + """{"type":"Feature","properties":{"code":"987654321","name_zh":"x"},"geometry":{"type":"Polygon","coordinates":[]}}]}""", "application/json"),
                422, "geometry", 0, null, "empty"),
            "nan in csv" => new("facilities", Content($"name,category,lon,lat\r\nA,{category},NaN,{N(t.Lat)}\r\n", "text/csv"), 400, "lon", 0, 2, "not a finite number"),
            "huge coordinate" => new("facilities", Content(fc + """{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e400,39.9]}}]}""", "application/json"),
                400, "geometry", 0, null, "not a finite number"),
            "out of range" => new("facilities", Json((facility(empty), "POINT(200 95)")), 422, "geometry", 0, null, "out of range"),
            "swapped lat lon" => new("facilities", Json((facility(empty), $"POINT({N(t.Lat + 0.005)} {N(t.Lon + 0.005)})")), 422, "geometry", 0, null, "looks swapped"),
            "unknown category" => new("facilities", Json((Props(("category", "no_such_category"), ("name", "A")), t.Point(0.5, 0.5))), 422, "category", 0, null, "unknown facility category"),
            "outside every street" => new("facilities", Json((facility(empty), t.Point(0.5, 0.5)), (facility(empty), t.Point(-60, -60))), 422, "geometry", 1, null, "outside every street"),
            "community outside street" => new("communities", Json((Props(("code", t.StreetCode + "009"), ("name_zh", "社区")), t.Box(0.5, 0, 1.5, 1))),
                422, "geometry", 0, null, "outside its street"),
            "community street missing" => new("communities", Csv((Props(("code", "000000001001"), ("name_zh", "社区")), t.Box(0, 0, 0.5, 0.5))),
                422, "code", 0, 2, "street 000000001 (the first 9 digits of code 000000001001) does not exist"),
            "grid prefix mismatch" => new("grids", Json((Props(("code", t.GridCode), ("community_code", t.StreetCode + "002")), t.Box(0, 0, 0.2, 0.2))),
                422, "community_code", 0, null, "does not match"),
            "grid outside community" => new("grids", Json((Props(("code", t.GridCode)), t.Box(0.6, 0.1, 0.9, 0.4))), 422, "geometry", 0, null, "outside its community"),
            "missing code" => new("streets", Json((Props(("name_zh", "x")), t.Street)), 422, "code", 0, null, "code is missing"),
            "missing name" => new("streets", Csv((Props(("code", "987654321"), ("name_en", "x")), t.Street)), 422, "name_zh", 0, 2, "name_zh is missing"),
            "bad code" => new("grids", Json((Props(("code", "11010500102400")), t.Box(0, 0, 0.2, 0.2))), 422, "code", 0, null, "not a 15-digit grid code"),
            "injection in code" => new("streets", Json((Props(("code", "1'; drop table street; --"), ("name_zh", "x")), t.Street)), 422, "code", 0, null, "not a 9-digit"),
            "injection in category" => new("facilities", Json((Props(("category", "x'); delete from facility; --"), ("name", "A")), t.Point(0.5, 0.5))),
                422, "category", 0, null, "not a category code"),
            "duplicate in file" => new("streets", Json((street, t.Street), (street, t.Street)), 422, "code", 1, null, "appears twice"),
            "duplicate in database" => new("streets", Json((Props(("code", t.StreetCode), ("name_zh", "x")), t.Street)), 422, "code", 0, null, "already exists"),
            "negative capacity" => new("facilities", Json((facility(Props(("capacity", -1))), t.Point(0.5, 0.5))), 422, "capacity", 0, null, "whole number from 0 to 1000000"),
            "huge capacity" => new("facilities", Json((facility(Props(("capacity", 1e12))), t.Point(0.5, 0.5))), 422, "capacity", 0, null, "whole number"),
            "fractional capacity" => new("facilities", Csv((facility(Props(("capacity", "2.5"))), t.Point(0.5, 0.5))), 422, "capacity", 0, 2, "whole number"),
            "text too long" => new("facilities", Json((Props(("category", category), ("name", new string('名', 201))), t.Point(0.5, 0.5))), 422, "name", 0, null, "201 characters, at most 200"),
            "nul in text" => new("facilities", Json((Props(("category", category), ("name", "a\u0000b")), t.Point(0.5, 0.5))), 422, "name", 0, null, "control characters"),
            "lone surrogate" => new("streets", Content(fc + """{"type":"Feature","properties":{"code":"987654321","name_zh":"a\ud800b"},"geometry":{"type":"Point","coordinates":[""" + N(t.Lon) + "," + N(t.Lat) + "]}}]}", "application/json"),
                400, "name_zh", 0, null, "unpaired surrogate"),
            "bad grid kind" => new("grids", Json((Props(("code", t.GridCode), ("kind", "<script>")), t.Box(0, 0, 0.2, 0.2))), 422, "kind", 0, null, "not one of"),
            "bad oneway" => new("network", Json((empty, t.Line((0, 0), (0.5, 0.5))), (Props(("oneway", "sometimes")), t.Line((0.5, 0.5), (1, 1)))), 422, "oneway", 1, null, "true or false"),
            "polygon for network" => new("network", Csv((empty, t.Box(0, 0, 1, 1))), 422, "geometry", 0, 2, "needs a LineString"),
            "unclosed ring" => new("streets", Content(fc + """{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[""" + $"{N(t.Lon)},{N(t.Lat)}],[{N(t.Lon + 0.01)},{N(t.Lat)}],[{N(t.Lon)},{N(t.Lat + 0.01)}],[{N(t.Lon)},{N(t.Lat + 0.02)}" + "]]]}}]}", "application/json"),
                400, "geometry", 0, null, "not closed"),
            // 20,000 nested collections (380 KB): this once overflowed the stack and took the whole server down.
            "nested wkt" => new("streets", Content("code,name_zh,wkt\r\n987654321,x,\"" + string.Concat(Enumerable.Repeat("GEOMETRYCOLLECTION(", 20_000))
                + $"POINT({P(t, 0.5, 0.5)})" + new string(')', 20_000) + "\"\r\n", "text/csv"), 400, "wkt", 0, 2, "nested more than 8 levels deep"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
        };
    }

    private static string N(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string P(ImportTestFiles t, double fx, double fy) => FormattableString.Invariant($"{t.Lon + fx * 0.01} {t.Lat + fy * 0.01}");

    private static string ManyVertices(ImportTestFiles t, int n)
    {
        var pts = Enumerable.Range(0, n - 1).Select(i => i * 2 * Math.PI / (n - 1))
            .Select(a => P(t, 0.5 + 0.4 * Math.Cos(a), 0.5 + 0.4 * Math.Sin(a))).ToList();
        return $"POLYGON(({string.Join(", ", pts)}, {pts[0]}))";
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Import_RejectsWithProblemDetailsAndWritesNothing(string name)
    {
        var t = new ImportTestFiles();
        await t.InsertParentsAsync(fx, community: true);
        var category = await InsertCategoryAsync(fx);
        var c = Build(name, t, category);
        var client = await fx.ClientAsAsync(Roles.Administrator);
        var before = await ChecksumAsync(fx);

        var response = await client.PostAsync($"/api/import/{c.Layer}", c.Body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == c.Status, $"expected {c.Status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        var errors = doc.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.True(errors.Any(e =>
                e.GetProperty("field").GetString() == c.Field &&
                Int(e, "feature") == c.Feature && (c.Line is null || Int(e, "line") == c.Line) &&
                e.GetProperty("message").GetString()!.Contains(c.Message, StringComparison.Ordinal)),
            $"no error with field {c.Field}, feature {c.Feature}, line {c.Line}, message '{c.Message}' in {text}");
        Assert.Contains("nothing was written", doc.RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, await ChecksumAsync(fx));
    }

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    [Theory]
    [InlineData("/api/import/households", "application/json", 400, "unknown layer")]
    [InlineData("/api/import/streets?crs=utm", "application/json", 400, "unknown crs")]
    [InlineData("/api/import/streets?mode=merge", "application/json", 400, "unknown mode")]
    [InlineData("/api/import/streets", "text/plain", 415, "not importable")]
    [InlineData("/api/import/streets", "application/xml", 415, "not importable")]
    public async Task Import_RejectsRequest_WhenParametersAreBad(string url, string mediaType, int status, string message)
    {
        var client = await fx.ClientAsAsync(Roles.Administrator);
        var before = await ChecksumAsync(fx);
        var response = await client.PostAsync(url, Content("""{"type":"FeatureCollection","features":[]}""", mediaType));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await ChecksumAsync(fx));
    }

    [Fact]
    public async Task Import_Returns413_WhenBodyIsOver50MB()
    {
        var client = await fx.ClientAsAsync(Roles.Administrator);
        var before = await ChecksumAsync(fx);
        var big = new byte[50 * 1024 * 1024 + 1];
        Array.Fill(big, (byte)' ');
        var response = await client.PostAsync("/api/import/streets", Content(big, "application/geo+json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("at most 52,428,800 bytes", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await ChecksumAsync(fx));
    }
}
