using GridGIS.Core.Import.Osm;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Import.Osm;

public sealed class OsmBasemapTests
{
    private const string Line = "LINESTRING(0 0, 1 1)";
    private const string Area = "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))";
    private const string Point = "POINT(0 0)";

    private static void CheckClassify(string tags, string wkt, string? expected)
    {
        var t = tags.Split(' ').Select(kv => kv.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var k = OsmBasemap.Classify(t, new WKTReader().Read(wkt));
        Assert.Equal(expected, k is { } v ? $"{v.Kind.ToString().ToLowerInvariant()}/{v.Class}" : null);
    }

    [Theory]
    [InlineData("highway=primary name=中山路", Line, "road/primary")]
    [InlineData("highway=footway", Line, "road/footway")]
    [InlineData("highway=bus_stop", Point, null)]
    [InlineData("building=apartments", Area, "building/apartments")]
    [InlineData("building=no landuse=grass", Area, "green/grass")]
    [InlineData("natural=water water=lake", Area, "water/lake")]
    [InlineData("landuse=reservoir", Area, "water/reservoir")]
    [InlineData("waterway=river", Line, "water/river")]
    [InlineData("waterway=riverbank", Area, "water/riverbank")]
    [InlineData("leisure=park", Area, "green/park")]
    [InlineData("landuse=residential", Area, "landuse/residential")]
    [InlineData("landuse=residential", Line, null)]
    [InlineData("railway=subway", Line, "rail/subway")]
    [InlineData("railway=platform", Line, null)]
    [InlineData("place=suburb name=新街口", Point, "place/suburb")]
    [InlineData("amenity=restaurant", Point, null)]
    public void Classify_KeepsWhatTheBasemapDraws(string tags, string wkt, string? expected) => CheckClassify(tags, wkt, expected);
}
