using System.Net;
using System.Text;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Basemap;

/// <summary>Basemap import over HTTP on a database of this class's own (replace=all empties the table): kinds, names, multipolygons, the replace modes.</summary>
public sealed class BasemapImportTests(PostgisFixture fx) : IClassFixture<PostgisFixture>
{
    private const string Osm = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="hand">
          <bounds minlat="31.0" minlon="118.0" maxlat="31.01" maxlon="118.01"/>
          <node id="1" lat="31.001" lon="118.001"/><node id="2" lat="31.001" lon="118.009"/>
          <node id="3" lat="31.009" lon="118.005"><tag k="place" v="suburb"/><tag k="name" v="新街口"/><tag k="name:en" v="Xinjiekou"/></node>
          <node id="11" lat="31.002" lon="118.002"/><node id="12" lat="31.002" lon="118.003"/><node id="13" lat="31.003" lon="118.003"/><node id="14" lat="31.003" lon="118.002"/>
          <node id="21" lat="31.004" lon="118.004"/><node id="22" lat="31.004" lon="118.008"/><node id="23" lat="31.008" lon="118.008"/><node id="24" lat="31.008" lon="118.004"/>
          <node id="25" lat="31.005" lon="118.005"/><node id="26" lat="31.005" lon="118.006"/><node id="27" lat="31.006" lon="118.006"/><node id="28" lat="31.006" lon="118.005"/>
          <way id="100"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="name" v="中山路"/><tag k="name:en" v="Zhongshan Road"/></way>
          <way id="101"><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="14"/><nd ref="11"/><tag k="building" v="apartments"/></way>
          <way id="102"><nd ref="21"/><nd ref="22"/><nd ref="23"/></way>
          <way id="103"><nd ref="23"/><nd ref="24"/><nd ref="21"/></way>
          <way id="104"><nd ref="25"/><nd ref="26"/><nd ref="27"/><nd ref="28"/><nd ref="25"/></way>
          <way id="105"><nd ref="1"/><nd ref="11"/><tag k="amenity" v="bench"/></way>
          <relation id="200"><member type="way" ref="102" role="outer"/><member type="way" ref="103" role="outer"/><member type="way" ref="104" role="inner"/>
            <tag k="type" v="multipolygon"/><tag k="natural" v="water"/><tag k="water" v="lake"/><tag k="name" v="测试湖"/></relation>
        </osm>
        """;

    private async Task<JsonDocument> ImportAsync(HttpClient admin, string replace)
    {
        var response = await admin.PostAsync($"/api/basemap/import/osm?replace={replace}", new StringContent(Osm, Encoding.UTF8, "application/xml"));
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
    public async Task ImportOsm_KeepsKindsClassesNamesAndMultipolygonHoles_AndReplacesByAreaOrAll()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        using (var first = await ImportAsync(admin, "all"))
        {
            var kinds = first.RootElement.GetProperty("kinds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
            Assert.Equal(new Dictionary<string, long> { ["building"] = 1, ["place"] = 1, ["road"] = 1, ["water"] = 1 }, kinds);
        }
        Assert.Equal(1, await ScalarAsync("select count(*) from basemap_feature where kind = 'road' and class = 'primary' and name = '中山路' and name_en = 'Zhongshan Road' and source_id = 'way/100'"));
        Assert.Equal(1, await ScalarAsync("select count(*) from basemap_feature where kind = 'water' and class = 'lake' and source_id = 'relation/200' and st_numinteriorrings(geom) = 1"));
        Assert.Equal(1, await ScalarAsync("select count(*) from basemap_feature where kind = 'building' and class = 'apartments' and geometrytype(geom) = 'POLYGON'"));

        // Outside the extract's box (an OSM feature of another extract) and inside it from another source: both stay.
        await using (var add = fx.Db.CreateCommand("""
            insert into basemap_feature (kind, class, source, source_id, geom) values
              ('building', 'yes', 'osm', 'way/9', st_makeenvelope(118.02, 31.02, 118.03, 31.03, 4326)),
              ('building', 'yes', 'generated', null, st_makeenvelope(118.002, 31.002, 118.003, 31.003, 4326))
            """)) await add.ExecuteNonQueryAsync();
        using (var area = await ImportAsync(admin, "area")) Assert.Equal(4, area.RootElement.GetProperty("deleted").GetInt64());
        Assert.Equal(6, await ScalarAsync("select count(*) from basemap_feature"));
        using (var all = await ImportAsync(admin, "all")) Assert.Equal(6, all.RootElement.GetProperty("deleted").GetInt64());
        Assert.Equal(4, await ScalarAsync("select count(*) from basemap_feature"));
        Assert.Equal(3, await ScalarAsync("select count(*) from audit_log where entity = 'basemap_feature'"));

        var bad = await admin.PostAsync("/api/basemap/import/osm?replace=some", new StringContent(Osm, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var planner = await fx.ClientAsAsync(Roles.Planner);
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.PostAsync("/api/basemap/import/osm", new StringContent(Osm, Encoding.UTF8, "application/xml"))).StatusCode);
        Assert.Equal(4, await ScalarAsync("select count(*) from basemap_feature"));
    }
}
