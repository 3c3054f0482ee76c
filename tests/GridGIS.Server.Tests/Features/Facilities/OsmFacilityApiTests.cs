using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Facilities;

/// <summary>
/// The OSM tag mapping and facility import over HTTP, on a database of this class's own (replace and rule edits change
/// what every test of a shared database would see): a hand-made extract with a node, a closed way and a multipolygon
/// relation that the seeded rules take, amenities they do not, and one unnamed feature.
/// </summary>
public sealed class OsmFacilityApiTests(PostgisFixture fx) : IClassFixture<PostgisFixture>
{
    private const string Osm = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="hand">
          <bounds minlat="31.0" minlon="118.0" maxlat="31.01" maxlon="118.01"/>
          <node id="1" lat="31.001" lon="118.001"><tag k="amenity" v="kindergarten"/><tag k="name" v="阳光幼儿园"/><tag k="name:en" v="Sunshine Kindergarten"/><tag k="capacity" v="120"/><tag k="language:ko" v="yes"/></node>
          <node id="2" lat="31.002" lon="118.002"><tag k="amenity" v="restaurant"/></node>
          <node id="3" lat="31.003" lon="118.003"><tag k="amenity" v="restaurant"/><tag k="name" v="&lt;script&gt;alert(1)&lt;/script&gt;"/></node>
          <node id="4" lat="31.004" lon="118.004"><tag k="shop" v="supermarket"/></node>
          <node id="11" lat="31.005" lon="118.005"/><node id="12" lat="31.005" lon="118.006"/><node id="13" lat="31.006" lon="118.006"/><node id="14" lat="31.006" lon="118.005"/>
          <node id="21" lat="31.007" lon="118.007"/><node id="22" lat="31.007" lon="118.008"/><node id="23" lat="31.008" lon="118.008"/><node id="24" lat="31.008" lon="118.007"/>
          <way id="10"><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="14"/><nd ref="11"/><tag k="amenity" v="school"/><tag k="isced:level" v="1"/><tag k="name" v="测试小学"/></way>
          <way id="20"><nd ref="21"/><nd ref="22"/><nd ref="23"/><nd ref="24"/><nd ref="21"/></way>
          <relation id="30"><member type="way" ref="20" role="outer"/><tag k="type" v="multipolygon"/><tag k="amenity" v="marketplace"/><tag k="name" v="测试市场"/></relation>
        </osm>
        """;

    private static StringContent Body(string osm) => new(osm, Encoding.UTF8, "application/xml");

    private async Task<JsonDocument> ImportAsync(HttpClient admin, string mode)
    {
        var response = await admin.PostAsync($"/api/facilities/import/osm?mode={mode}", Body(Osm));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ImportOsm_PreviewsThenWritesNodesWaysAndMultipolygons_WithDefaultCapacitiesSaidSo()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        await using (var clear = fx.Db.CreateCommand("delete from facility")) await clear.ExecuteNonQueryAsync();

        using var preview = await ImportAsync(admin, "preview");
        Assert.Equal(0, await ScalarAsync("select count(*) from facility"));
        Assert.False(preview.RootElement.GetProperty("written").GetBoolean());
        Assert.Equal(4, preview.RootElement.GetProperty("facilities").GetInt32());
        var unmapped = preview.RootElement.GetProperty("unmapped").EnumerateArray().Select(u => (u.GetProperty("tag").GetString(), u.GetProperty("features").GetInt32()));
        Assert.Equal([("amenity=restaurant", 2)], unmapped);
        var taken = preview.RootElement.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("features").GetInt32() > 0)
            .Select(r => (r.GetProperty("rule").GetString(), r.GetProperty("features").GetInt32())).ToList();
        Assert.Equal([("amenity=kindergarten", 1), ("amenity=school + isced:level=1", 1), ("shop=supermarket", 1), ("amenity=marketplace", 1)], taken);

        using var written = await ImportAsync(admin, "append");
        Assert.Equal((4, 3, 4), (written.RootElement.GetProperty("facilities").GetInt32(), written.RootElement.GetProperty("defaultCapacityUsed").GetInt32(),
            written.RootElement.GetProperty("outsideStreets").GetInt32()));
        Assert.Equal(1, await ScalarAsync("select count(*) from facility where source_id = 'node/1' and capacity = 120 and name_en = 'Sunshine Kindergarten' and category_code = 'kindergarten'"));
        Assert.Equal(1, await ScalarAsync("select count(*) from facility where source_id = 'way/10' and category_code = 'primary_school' and capacity = 1170 and st_dwithin(geom, st_setsrid(st_makepoint(118.0055, 31.0055), 4326), 1e-9)"));
        Assert.Equal(1, await ScalarAsync("select count(*) from facility where source_id = 'relation/30' and category_code = 'food_market' and name = '测试市场' and capacity = 1750"));
        Assert.Equal(1, await ScalarAsync("select count(*) from facility where source_id = 'node/4' and name = 'food_market (node/4)'"));
        // Languages from language:xx tags (Core's OsmLanguageTags: Chinese unless refused), for language-aware coverage.
        Assert.Equal(1, await ScalarAsync("select count(*) from facility where source_id = 'node/1' and languages = '{zh,ko}'"));
        Assert.Equal(1, await ScalarAsync("select count(*) from facility where source_id = 'way/10' and languages = '{zh}'"));
        Assert.Equal(1, await ScalarAsync("select count(*) from audit_log where action = 'import-osm' and entity = 'facility' and after ->> 'Facilities' = '4'"));
        using (var listed = JsonDocument.Parse(await admin.GetStringAsync("/api/facilities?category=kindergarten")))
            Assert.Equal("阳光幼儿园", listed.RootElement.GetProperty("features")[0].GetProperty("properties").GetProperty("name").GetString());

        using (var again = await ImportAsync(admin, "append")) Assert.Equal(8, await ScalarAsync("select count(*) from facility"));
        using var replaced = await ImportAsync(admin, "replace");
        Assert.Equal((8, 4L), (replaced.RootElement.GetProperty("deleted").GetInt64(), await ScalarAsync("select count(*) from facility")));
    }

    [Fact]
    public async Task OsmRules_PlannersReadAdminsReplaceAudited_AndAnUnknownCategoryStopsTheImport()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var planner = await fx.ClientAsAsync(Roles.Planner);
        var worker = await fx.ClientAsAsync(Roles.GridWorker);
        var seeded = await planner.GetStringAsync("/api/facilities/osm-rules");
        using var seededDoc = JsonDocument.Parse(seeded);
        Assert.Contains(seededDoc.RootElement.EnumerateArray(), r => r.GetProperty("tagValue").GetString() == "kindergarten");
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/facilities/osm-rules")).StatusCode);
        var mine = new { rules = new[] { new { position = 5, category = "night_market", tagKey = "amenity", tagValue = "restaurant", alsoKey = (string?)null, alsoValue = (string?)null, nameContains = (string?)null, note = "a planner's own category" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.PutAsJsonAsync("/api/facilities/osm-rules", mine)).StatusCode);
        try
        {
            var bad = await admin.PutAsJsonAsync("/api/facilities/osm-rules", new { rules = new[] { new { position = 1, category = "kindergarten", tagKey = "amen ity" } } });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
                Assert.Equal("rules[0]", problem.RootElement.GetProperty("field").GetString());

            var put = await admin.PutAsJsonAsync("/api/facilities/osm-rules", mine);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            using (var now = JsonDocument.Parse(await planner.GetStringAsync("/api/facilities/osm-rules")))
                Assert.Equal("night_market", Assert.Single(now.RootElement.EnumerateArray()).GetProperty("category").GetString());
            Assert.Equal(1, await ScalarAsync("select count(*) from audit_log where entity = 'osm_facility_rule' and jsonb_array_length(before) > 20 and after -> 0 ->> 'Category' = 'night_market'"));

            var before = await ScalarAsync("select count(*) from facility");
            var refused = await admin.PostAsync("/api/facilities/import/osm?mode=append", Body(Osm));
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("night_market", await refused.Content.ReadAsStringAsync());
            Assert.Equal(before, await ScalarAsync("select count(*) from facility"));
        }
        finally
        {
            var restore = await admin.PutAsync("/api/facilities/osm-rules", new StringContent($"{{\"rules\": {seeded}}}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        }
    }

    [Theory]
    [InlineData("mode=write", "parameter", "mode")]
    [InlineData("mode=append", "field", "body")]
    public async Task ImportOsm_AnswersProblemDetails_ForABadModeOrFile(string query, string member, string expected)
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var before = await ScalarAsync("select count(*) from facility");
        var response = await admin.PostAsync($"/api/facilities/import/osm?{query}", Body("<osm>\n<node id=\"1\" lat=\"x\" lon=\"118\"/></osm>"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, problem.RootElement.GetProperty(member).GetString());
        if (expected == "body") Assert.Contains("line 2", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, await ScalarAsync("select count(*) from facility"));
    }
}
