using GridGIS.Core.Import.Osm;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Import.Osm;

public sealed class OsmFacilityMappingTests
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    private static Dictionary<string, string> Tags(params string[] kv) =>
        kv.Select(t => t.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static OsmFeature Node(long id, params string[] kv) => new(OsmType.Node, id, Tags(kv), Wgs84.CreatePoint(new Coordinate(118.78, 32.04)));

    private static readonly OsmFacilityRule[] Rules =
    [
        new(30, "primary_school", "amenity", "school", "isced:level", "1"),
        new(32, "primary_school", "amenity", "school", NameContains: "小学"),
        new(10, "health_station", "name", null, NameContains: "社区卫生服务"),
        new(50, "health_station", "amenity", "clinic"),
        new(40, "food_market", "shop", "supermarket"),
    ];

    private static void CheckMatch(string[] tags, string? expectedCategory)
    {
        var match = OsmFacilityMapping.Map([Node(1, tags)], Rules);
        Assert.Equal(expectedCategory, match.Facilities.SingleOrDefault()?.Category);
    }

    [Fact] public void Map_TakesSchoolByIscedLevel() => CheckMatch(["amenity=school", "isced:level=1;2"], "primary_school");
    [Fact] public void Map_TakesSchoolByName_WhenLevelIsNotTagged() => CheckMatch(["amenity=school", "name=游府西街小学"], "primary_school");
    [Fact] public void Map_LeavesMiddleSchool_WhenNeitherLevelNorNameSaysPrimary() => CheckMatch(["amenity=school", "name=南京市第一中学"], null);
    [Fact] public void Map_NamePatternReadsNameZh() => CheckMatch(["amenity=hospital", "name=Clinic", "name:zh=新街口社区卫生服务中心"], "health_station");
    [Fact] public void Map_RequiresTheValue_WhenTheRuleNamesOne() => CheckMatch(["shop=convenience"], null);

    [Fact]
    public void Map_FirstRuleByPositionWins_AndCountsPerRule()
    {
        // Tagged a clinic but named a community health station: rule 10 (position) comes before rule 50.
        var match = OsmFacilityMapping.Map([Node(1, "amenity=clinic", "name=汉中门社区卫生服务站"), Node(2, "amenity=clinic")], Rules);
        Assert.Equal([1, 1], match.Rules.Where(r => r.Category == "health_station").Select(r => r.Features));
        Assert.Equal(10, match.Rules[0].Position);
        Assert.Equal("name=*, name contains 社区卫生服务", match.Rules[0].Rule);
    }

    [Fact]
    public void Map_ListsTheTagsNoRuleTakes_MostFrequentFirst()
    {
        var match = OsmFacilityMapping.Map(
            [Node(1, "amenity=restaurant"), Node(2, "amenity=restaurant"), Node(3, "shop=clothes"), Node(4, "highway=bus_stop"), Node(5, "shop=supermarket")], Rules);
        Assert.Equal([("amenity=restaurant", 2), ("shop=clothes", 1)], match.Unmapped.Select(u => (u.Tag, u.Features)));
    }

    [Fact]
    public void Map_KeepsNamesAndCapacity_AndNamesAnUnnamedFacilityByItsOsmId()
    {
        var match = OsmFacilityMapping.Map(
        [
            Node(1, "shop=supermarket", "name=苏果超市", "name:zh=苏果超市", "name:en=Suguo", "capacity=900"),
            Node(2, "shop=supermarket", "capacity=lots"),
        ], Rules);
        var (named, unnamed) = (match.Facilities[0], match.Facilities[1]);
        Assert.Equal(("苏果超市", "苏果超市", "Suguo", 900, "node/1"), (named.Name, named.NameZh, named.NameEn, named.Capacity, named.SourceId));
        Assert.Equal(("food_market (node/2)", (int?)null), (unnamed.Name, unnamed.Capacity));
    }

    [Theory]
    [InlineData("POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))", 2, 2)]
    [InlineData("LINESTRING(0 0, 2 0)", 1, 0)]
    public void Location_IsTheCentroid(string wkt, double x, double y) =>
        Assert.Equal(new Coordinate(x, y), OsmFacilityMapping.Location(new WKTReader().Read(wkt)).Coordinate);

    [Fact]
    public void Location_IsAPointInside_WhenTheCentroidFallsInAGap()
    {
        var u = new WKTReader().Read("POLYGON((0 0, 6 0, 6 6, 4 6, 4 2, 2 2, 2 6, 0 6, 0 0))");   // a U whose centroid (3, 2.4) lies in its gap
        Assert.False(u.Contains(u.Centroid));
        Assert.True(u.Contains(OsmFacilityMapping.Location(u)));
    }

    [Theory]
    [InlineData("amen ity", "kindergarten", "tagKey")]
    [InlineData("amenity", "Kindergarten", "category")]
    [InlineData("amenity", "k", "category")]
    public void Problem_NamesTheBadPart(string key, string category, string expected)
    {
        Assert.StartsWith(expected, new OsmFacilityRule(1, category, key, "x").Problem());
        Assert.Null(new OsmFacilityRule(1, "kindergarten", "amenity", "kindergarten").Problem());
        Assert.Equal("alsoValue needs an alsoKey", new OsmFacilityRule(1, "kindergarten", "amenity", null, null, "x").Problem());
    }
}
