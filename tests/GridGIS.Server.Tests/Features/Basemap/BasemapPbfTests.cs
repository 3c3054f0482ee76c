using GridGIS.Server.Features.Basemap;
using GridGIS.Server.Features.Import;
using GridGIS.Server.Tests.Infrastructure;
using OsmSharp;
using OsmSharp.Streams;
using OsmSharp.Tags;

namespace GridGIS.Server.Tests.Features.Basemap;

/// <summary>The basemap import reads .osm.pbf (written here by OsmSharp) as it reads XML: nodes with tags, ways, multipolygon relations.</summary>
public sealed class BasemapPbfTests(PostgisFixture fx) : IClassFixture<PostgisFixture>
{
    [Fact]
    public async Task RunAsync_ReadsPbfRelationsAndTaggedNodes()
    {
        var pbf = new MemoryStream();
        var target = new PBFOsmStreamTarget(pbf, false);
        target.Initialize();
        (double Lon, double Lat)[] corners = [(118.0, 31.0), (118.001, 31.0), (118.001, 31.001), (118.0, 31.001)];
        for (var i = 0; i < corners.Length; i++)
            target.AddNode(Meta(new Node { Id = i + 1, Longitude = corners[i].Lon, Latitude = corners[i].Lat }));
        target.AddNode(Meta(new Node { Id = 9, Longitude = 118.002, Latitude = 31.002, Tags = new TagsCollection(new Tag("place", "neighbourhood"), new Tag("name", "测试")) }));
        target.AddWay(Meta(new Way { Id = 20, Nodes = [1, 2, 3, 4, 1] }));
        target.AddRelation(Meta(new Relation
        {
            Id = 30, Members = [new RelationMember(20, "outer", OsmGeoType.Way)],
            Tags = new TagsCollection(new Tag("type", "multipolygon"), new Tag("building", "residential")),
        }));
        target.Flush();
        pbf.Position = 0;

        var result = await BasemapImport.RunAsync(fx.Db, pbf, "small.osm.pbf", BasemapReplace.All, "test", ImportProgress.None, default);

        Assert.Equal(new Dictionary<string, long> { ["building"] = 1, ["place"] = 1 }, result.Kinds);
        await using var cmd = fx.Db.CreateCommand("select count(*) from basemap_feature where source_id = 'relation/30' and class = 'residential' and geometrytype(geom) = 'POLYGON' and st_area(geom::geography) between 10000 and 11000");
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    private static T Meta<T>(T g) where T : OsmGeo
    {
        g.Version = 1; g.ChangeSetId = 1; g.UserId = 1; g.UserName = "t"; g.TimeStamp = DateTime.UnixEpoch; g.Visible = true;
        return g;
    }
}
