using System.Net;
using System.Text.Json;
using GridGIS.Core.Geo;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using NetTopologySuite.Geometries;
using static GridGIS.Server.Tests.Features.Import.ImportTestFiles;

namespace GridGIS.Server.Tests.Features.Import;

[Collection(PostgisCollection.Name)]
public sealed class ImportApiTests(PostgisFixture fx)
{
    private readonly ImportTestFiles _t = new();

    private async Task<JsonElement> ImportOkAsync(string layer, HttpContent body, string query = "")
    {
        var client = await fx.ClientAsAsync(Roles.Administrator);
        var response = await client.PostAsync($"/api/import/{layer}{query}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new() { Value = a });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    [Theory, InlineData("geojson"), InlineData("csv")]
    public async Task ImportStreets_StoresStreetAndAuditRow_WhenFileIsValid(string format)
    {
        var result = await ImportOkAsync("streets", Body(format, (Props(("code", _t.StreetCode), ("name_zh", "测试街道"), ("name_en", "Test")), _t.Street)));
        Assert.Equal((1, 0), (result.GetProperty("inserted").GetInt32(), result.GetProperty("updated").GetInt32()));

        Assert.Equal("测试街道|Test|MULTIPOLYGON", await ScalarAsync<string>(
            "select name_zh || '|' || name_en || '|' || geometrytype(geom) from street where code = $1", _t.StreetCode));
        Assert.True(await ScalarAsync<bool>("select st_equals(geom, st_multi(st_geomfromtext($2, 4326))) from street where code = $1", _t.StreetCode, _t.Street));
        var audit = await ScalarAsync<string>(
            "select after::text from audit_log where action = 'import' and entity = 'street' and after->>'sha256' = $1", result.GetProperty("sha256").GetString()!);
        Assert.Contains("\"inserted\": 1", audit);
    }

    [Theory, InlineData("geojson"), InlineData("csv")]
    public async Task ImportCommunitiesAndGrids_LinkToParents_WhenInsideThem(string format)
    {
        await _t.InsertParentsAsync(fx, community: false);
        await ImportOkAsync("communities", Body(format, (Props(("code", _t.CommunityCode), ("name_zh", "社区"), ("street_code", _t.StreetCode)), _t.Box(0, 0, 0.5, 1))));
        var result = await ImportOkAsync("grids", Body(format,
            (Props(("code", _t.GridCode), ("kind", "foreign_resident"), ("name", "A")), _t.Box(0, 0, 0.5, 0.5)),
            (Props(("code", _t.CommunityCode + "002")), _t.Box(0, 0.5, 0.5, 1))));
        Assert.Equal(2, result.GetProperty("inserted").GetInt32());
        Assert.Equal($"{_t.StreetCode}|foreign_resident,ordinary", await ScalarAsync<string>("""
            select s.code || '|' || string_agg(g.kind, ',' order by g.code)
              from grid g join community c on c.id = g.community_id join street s on s.id = c.street_id
             where c.code = $1 group by s.code
            """, _t.CommunityCode));
    }

    [Theory, InlineData("geojson"), InlineData("csv")]
    public async Task ImportFacilities_AssignsContainingStreet_WhenCategoryIsKnown(string format)
    {
        await _t.InsertParentsAsync(fx, community: false);
        var category = await InsertCategoryAsync(fx);
        var result = await ImportOkAsync("facilities", Body(format,
            (Props(("category", category), ("name", "图书馆"), ("capacity", 120), ("languages", new[] { "zh", "en" })), _t.Point(0.3, 0.3)),
            (Props(("category", category), ("name", "B")), _t.Point(0.7, 0.7))));
        Assert.Equal(2, result.GetProperty("inserted").GetInt32());
        Assert.Equal($"{_t.StreetCode}|120|{{zh,en}}", await ScalarAsync<string>("""
            select s.code || '|' || f.capacity || '|' || f.languages::text
              from facility f join street s on s.id = f.street_id where f.category_code = $1 and f.name = '图书馆'
            """, category));
    }

    [Fact]
    public async Task ImportFacilities_ReadsLonLatColumns_FromCsv()
    {
        await _t.InsertParentsAsync(fx, community: false);
        var category = await InsertCategoryAsync(fx);
        var csv = FormattableString.Invariant($"name,category,lon,lat\nA,{category},{_t.Lon + 0.005:R},{_t.Lat + 0.005:R}\n");
        await ImportOkAsync("facilities", Content(csv, "text/csv"));
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from facility where category_code = $1", category));
    }

    [Theory, InlineData("geojson"), InlineData("csv")]
    public async Task ImportNetwork_MergesCoincidentEndpoints_AndNumbersNodesAfterMax(string format)
    {
        var maxBefore = await ScalarAsync<long>("select coalesce(max(id), 0) from walk_node");
        var versionBefore = await ScalarAsync<long>("select sum(version)::bigint from data_change where table_name in ('walk_node', 'walk_edge')");
        var result = await ImportOkAsync("network", Body(format,
            (Props(("oneway", true)), _t.Line((0.1, 0.1), (0.5, 0.1))),
            (Props(), _t.Line((0.5, 0.1), (0.5, 0.5), (0.5, 0.6))),
            (Props(("kind", "gate")), _t.Line((0.5, 0.6), (0.1, 0.1))),
            (Props(), _t.Line((0.5, 0.6), (0.9, 0.9)))));
        Assert.Equal((4, 4), (result.GetProperty("inserted").GetInt32(), result.GetProperty("nodesInserted").GetInt32()));

        // A triangle and a spur: the three triangle corners each join two edges, ids follow the old max.
        var degrees = await ScalarAsync<string>("""
            select string_agg(d::text, ',' order by d) from (
              select count(*) d from walk_edge e join walk_node n on n.id in (e.source, e.target)
               where e.geom && st_makeenvelope($1, $2, $1 + 0.01, $2 + 0.01, 4326) group by n.id having min(n.id) > $3) x
            """, _t.Lon, _t.Lat, maxBefore);
        Assert.Equal("1,2,2,3", degrees);
        Assert.True(await ScalarAsync<bool>("""
            select bool_and(abs(length_m - st_length(geom::geography)) < 1e-6 and length_m > 0)
                   and bool_or(oneway) and bool_or(kind = 'gate')
              from walk_edge where geom && st_makeenvelope($1, $2, $1 + 0.01, $2 + 0.01, 4326)
            """, _t.Lon, _t.Lat));

        // the network's version (its tables' change counters, the one the network store keys on) moved
        Assert.True(await ScalarAsync<long>("select sum(version)::bigint from data_change where table_name in ('walk_node', 'walk_edge')") > versionBefore);

        // A second file starting at a stored endpoint joins it instead of adding a node there.
        var again = await ImportOkAsync("network", Body(format, (Props(), _t.Line((0.9, 0.9), (0.95, 0.95)))));
        Assert.Equal(1, again.GetProperty("nodesInserted").GetInt32());
    }

    [Theory, InlineData("gcj02"), InlineData("bd09")]
    public async Task Import_StoresWgs84Within1m_WhenCoordinatesAreChinese(string crs)
    {
        Func<double, double, (double Lon, double Lat)> toInput = crs == "gcj02" ? ChinaCoordinates.Wgs84ToGcj02 : ChinaCoordinates.Wgs84ToBd09;
        var truth = new NetTopologySuite.IO.WKTReader().Read(_t.Street);
        var shifted = (Geometry)truth.Copy();
        shifted.Apply(new Shift(toInput));
        await ImportOkAsync("streets", Json((Props(("code", _t.StreetCode), ("name_zh", "街道")), shifted.AsText())), $"?crs={crs}");
        var category = await InsertCategoryAsync(fx);
        var p = toInput(_t.Lon + 0.005, _t.Lat + 0.005);
        await ImportOkAsync("facilities", Csv((Props(("category", category), ("name", "A")), FormattableString.Invariant($"POINT({p.Lon:R} {p.Lat:R})"))), $"?crs={crs}");

        var stored = await ScalarAsync<Geometry>("select geom from street where code = $1", _t.StreetCode);
        var storedCoords = stored.Coordinates;
        var truthCoords = truth.Coordinates;
        Assert.Equal(truthCoords.Length, storedCoords.Length);
        for (var i = 0; i < truthCoords.Length; i++)
            Assert.True(Metres(truthCoords[i], storedCoords[i]) < 1, $"vertex {i}: {Metres(truthCoords[i], storedCoords[i]):0.###} m from the truth");
        Assert.True(Metres(truthCoords[0], storedCoords[0]) < 1);
        var facility = await ScalarAsync<double>(
            "select st_distance(geom::geography, st_setsrid(st_makepoint($2, $3), 4326)::geography) from facility where category_code = $1",
            category, _t.Lon + 0.005, _t.Lat + 0.005);
        Assert.True(facility < 1, $"facility {facility:0.###} m from the truth");
        // The conversion did something: the input was hundreds of metres off.
        Assert.True(Metres(new Coordinate(p.Lon, p.Lat), new Coordinate(_t.Lon + 0.005, _t.Lat + 0.005)) > 50);
    }

    [Fact]
    public async Task ImportReplace_UpdatesStreetInPlace_AndReplacesFacilitiesOfItsCategories()
    {
        await ImportOkAsync("streets", Json((Props(("code", _t.StreetCode), ("name_zh", "旧")), _t.Street)));
        var id = await ScalarAsync<int>("select id from street where code = $1", _t.StreetCode);
        var replaced = await ImportOkAsync("streets", Json((Props(("code", _t.StreetCode), ("name_zh", "新")), _t.Street)), "?mode=replace");
        Assert.Equal((0, 1), (replaced.GetProperty("inserted").GetInt32(), replaced.GetProperty("updated").GetInt32()));
        Assert.Equal($"{id}|新", await ScalarAsync<string>("select id || '|' || name_zh from street where code = $1", _t.StreetCode));

        var category = await InsertCategoryAsync(fx);
        await ImportOkAsync("facilities", Json((Props(("category", category), ("name", "old")), _t.Point(0.2, 0.2))));
        var result = await ImportOkAsync("facilities", Json((Props(("category", category), ("name", "new")), _t.Point(0.4, 0.4))), "?mode=replace");
        Assert.Equal((1, 1), (result.GetProperty("inserted").GetInt32(), result.GetProperty("deleted").GetInt32()));
        Assert.Equal("new", await ScalarAsync<string>("select string_agg(name, ',') from facility where category_code = $1", category));
    }

    [Fact]
    public async Task ImportStreets_StoresInjectionTextVerbatim_AndApiReturnsItUnchanged()
    {
        const string sql = "x'); drop table street; --";
        const string script = "<script>alert('x')</script>";
        await ImportOkAsync("streets", Csv((Props(("code", _t.StreetCode), ("name_zh", sql), ("name_en", script)), _t.Street)));
        var id = await ScalarAsync<int>("select id from street where code = $1", _t.StreetCode);
        var client = await fx.ClientAsAsync(Roles.Planner);
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/streets/{id}"));
        var props = doc.RootElement.GetProperty("properties");
        Assert.Equal((sql, script), (props.GetProperty("nameZh").GetString(), props.GetProperty("nameEn").GetString()));
    }

    [Fact]
    public async Task Import_RequiresAdministrator()
    {
        var body = Json((Props(("code", _t.StreetCode), ("name_zh", "x")), _t.Street));
        Assert.Equal(HttpStatusCode.Unauthorized, (await fx.Factory.CreateClient().PostAsync("/api/import/streets", body)).StatusCode);
        var planner = await fx.ClientAsAsync(Roles.Planner);
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.PostAsync("/api/import/streets", body)).StatusCode);
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from street where code = $1", _t.StreetCode));
    }

    private static double Metres(Coordinate a, Coordinate b)
    {
        const double r = 6_371_008.8, rad = Math.PI / 180;
        var h = Math.Pow(Math.Sin((b.Y - a.Y) * rad / 2), 2) + Math.Cos(a.Y * rad) * Math.Cos(b.Y * rad) * Math.Pow(Math.Sin((b.X - a.X) * rad / 2), 2);
        return 2 * r * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private sealed class Shift(Func<double, double, (double Lon, double Lat)> f) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = f(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
