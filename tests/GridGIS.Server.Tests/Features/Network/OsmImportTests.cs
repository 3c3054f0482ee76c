using System.Net;
using System.Net.Http.Json;
using System.Text;
using GridGIS.Core.Network;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Features.ServiceAreas;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Npgsql;
using OsmSharp;
using OsmSharp.Streams;
using OsmSharp.Tags;

namespace GridGIS.Server.Tests.Features.Network;

/// <summary>
/// OSM import through the API (appending, in the shared fixture database, at a spot of its own) and
/// through <see cref="OsmImport"/> with --replace in a database of its own (replace empties the network).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class OsmImportTests(PostgisFixture fx)
{
    /// <summary>A street of 4 nodes (oneway=yes for cars), a footpath off it, a motorway and a private service road.</summary>
    private static string SmallOsm(double lon0, double lat0) => FormattableString.Invariant($"""
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="hand">
          <node id="1" lat="{lat0}" lon="{lon0}"/>
          <node id="2" lat="{lat0}" lon="{lon0 + 0.001}"/>
          <node id="3" lat="{lat0}" lon="{lon0 + 0.002}"/>
          <node id="4" lat="{lat0}" lon="{lon0 + 0.003}"/>
          <node id="5" lat="{lat0}" lon="{lon0 + 0.004}"/>
          <node id="6" lat="{lat0}" lon="{lon0 + 0.005}"/>
          <node id="7" lat="{lat0 + 0.001}" lon="{lon0 + 0.002}"/>
          <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
          <way id="11"><nd ref="3"/><nd ref="7"/><tag k="highway" v="footway"/></way>
          <way id="12"><nd ref="4"/><nd ref="5"/><nd ref="6"/><tag k="highway" v="motorway"/></way>
          <way id="13"><nd ref="5"/><nd ref="6"/><tag k="highway" v="service"/><tag k="access" v="private"/></way>
        </osm>
        """);

    private async Task<long> EdgesNear(NpgsqlDataSource db, double lon0, double lat0)
    {
        await using var cmd = db.CreateCommand("select count(*) from walk_edge where geom && st_makeenvelope($1, $2, $1 + 0.01, $2 + 0.01, 4326)");
        cmd.Parameters.Add(new() { Value = lon0 - 0.0001 }); cmd.Parameters.Add(new() { Value = lat0 - 0.0001 });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task ImportOsm_KeepsWalkableWaysSplitAtSharedNodes_WhenAdminPostsXml()
    {
        var client = await fx.ClientAsAsync(Roles.Administrator);
        var response = await client.PostAsync("/api/network/import/osm", new StringContent(SmallOsm(115.0, 41.0), Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<OsmImportResult>();
        Assert.Equal((4, 2, 3, 4, "join"), (result!.WaysSeen, result.WaysKept, result.Edges, result.Nodes, result.Mode));
        await using var cmd = fx.Db.CreateCommand("""
            select kind, oneway, length_m from walk_edge
             where geom && st_makeenvelope(114.9999, 40.9999, 115.01, 41.01, 4326) order by length_m desc
            """);
        var rows = new List<(string Kind, bool Oneway, double Length)>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) rows.Add((r.GetString(0), r.GetBoolean(1), r.GetDouble(2)));
        // 0.002 deg of longitude at 41N is ~168 m; 0.001 deg of latitude ~111 m; car oneway ignored
        Assert.Equal(["osm:residential", "osm:footway", "osm:residential"], rows.Select(r => r.Kind));
        Assert.All(rows, r => Assert.False(r.Oneway));
        Assert.Equal(168.3, rows[0].Length, 1.0);
        Assert.Equal(111.1, rows[1].Length, 1.0);
        await using var audit = fx.Db.CreateCommand("select count(*) from audit_log where action = 'import-osm' and after ->> 'Edges' = '3'");
        Assert.True((long)(await audit.ExecuteScalarAsync())! >= 1);
    }

    [Fact]
    public async Task ImportOsm_Returns400AndWritesNothing_WhenXmlIsBroken()
    {
        var client = await fx.ClientAsAsync(Roles.Administrator);
        var broken = SmallOsm(115.1, 41.0).Replace("<way id=\"12\">", "<way id=\"12\"><nd ref=\"x\"/>");
        var response = await client.PostAsync("/api/network/import/osm", new StringContent(broken, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 12", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await EdgesNear(fx.Db, 115.1, 41.0));
    }

    [Fact]
    public async Task ImportOsm_Returns403_WhenNotAdmin()
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var response = await client.PostAsync("/api/network/import/osm", new StringContent(SmallOsm(115.2, 41.0), Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await EdgesNear(fx.Db, 115.2, 41.0));
    }

    [Fact]
    public async Task ImportOsm_ReplacesTheNetwork_WhenPbfImportedWithReplace()
    {
        var name = $"gridgis_it_eng_{Guid.NewGuid():N}"[..40];
        var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("GRIDGIS_TEST_ADMIN_DB")) { Database = "postgres", Pooling = false };
        await using (var c = new NpgsqlConnection(admin.ConnectionString)) { await c.OpenAsync(); await using var cmd = new NpgsqlCommand($"create database \"{name}\"", c); await cmd.ExecuteNonQueryAsync(); }
        try
        {
            await using var db = Database.Create(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name }.ConnectionString);
            await Migrator.MigrateAsync(db);
            var store = new WalkNetworkStore(db, PostgisFixture.City);
            await OsmImport.RunAsync(db, store, new MemoryStream(Encoding.UTF8.GetBytes(SmallOsm(116.0, 40.0))), "first.osm", OsmImportMode.Join, 1, "test", _ => { }, default);

            var pbf = new MemoryStream();
            var target = new PBFOsmStreamTarget(pbf, false);
            target.Initialize();
            for (var i = 1; i <= 3; i++)
                target.AddNode(new Node { Id = i, Latitude = 40.5, Longitude = 116.5 + i * 0.001, Version = 1, ChangeSetId = 1, UserId = 1, UserName = "t", TimeStamp = DateTime.UnixEpoch, Visible = true });
            target.AddWay(new Way { Id = 20, Nodes = [1, 2, 3], Tags = new TagsCollection(new Tag("highway", "path")), Version = 1, ChangeSetId = 1, UserId = 1, UserName = "t", TimeStamp = DateTime.UnixEpoch, Visible = true });
            target.Flush();
            var bytes = pbf.ToArray();
            var result = await OsmImport.RunAsync(db, store, new MemoryStream(bytes), "second.osm.pbf", OsmImportMode.Replace, 1, "test", _ => { }, default);
            Assert.Equal((1, 2, 3L, 4L), (result.Edges, result.Nodes, result.DeletedEdges, result.DeletedNodes));
            Assert.Equal((1, 1, 0.0), (result.Network.Components, result.Network.Edges, result.Network.ShareOutsideLargest));

            // what the engine loads is exactly the new network: one path of ~170 m (0.002 deg at 40.5N)
            var loaded = await WalkNetworkStore.LoadAsync(db, PostgisFixture.City.Projection);
            Assert.Equal((2, 1), (loaded.Network.NodeCount, loaded.Network.EdgeCount));
            var search = new BoundedSearch(loaded.Network);
            search.RunFromNode(0, 1000);
            Assert.Equal(loaded.Network.EdgeLength(0), search.NodeMetres(1), 1e-9);
            Assert.Equal(169.4, loaded.Network.EdgeLength(0), 1.0);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(admin.ConnectionString);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", c);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
