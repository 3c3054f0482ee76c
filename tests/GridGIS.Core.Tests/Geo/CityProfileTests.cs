using GridGIS.Core.Geo;

namespace GridGIS.Core.Tests.Geo;

public sealed class CityProfileTests
{
    // The seeds' cities and Shenzhen: centre lon -> the EPSG code PostGIS's spatial_ref_sys names
    // "CGCS2000 / 3-degree Gauss-Kruger CM nnnE" for their zone (checked: 4547 = 114E, 4548 = 117E, 4549 = 120E).
    [Theory]
    [InlineData(116.45, 4548, 117)]     // Beijing, Chaoyang
    [InlineData(118.78, 4549, 120)]     // Nanjing
    [InlineData(120.16, 4549, 120)]     // Hangzhou
    [InlineData(113.06, 4547, 114)]     // Qingyuan
    [InlineData(114.06, 4547, 114)]     // Shenzhen
    [InlineData(75.99, 4534, 75)]       // Kashgar: the westmost zone
    [InlineData(134.3, 4554, 135)]      // Fuyuan: the eastmost
    public void ZoneEpsg_IsTheThreeDegreeZoneOfTheCentre(double lon, int epsg, double centralMeridian)
    {
        Assert.Equal(epsg, CityProfile.ZoneEpsg(lon));
        Assert.Equal(centralMeridian, CityProfile.CentralMeridianOf(epsg));
        Assert.Equal(epsg, CityProfile.EpsgOfCentralMeridian(centralMeridian));
        Assert.Equal(centralMeridian, new CityProfile("x", epsg, "Asia/Shanghai", "").Projection.CentralMeridian);
    }

    [Theory]
    [InlineData(118.49, 117)]
    [InlineData(118.5, 120)]            // on a zone boundary: the eastern zone
    [InlineData(-0.4, 0)]
    public void ZoneCentralMeridian_RoundsToMultiplesOfThree(double lon, double expected) =>
        Assert.Equal(expected, LocalProjection.ZoneCentralMeridian(lon));

    [Fact]
    public void Default_IsTheChaoyangDemo()
    {
        var d = CityProfile.Default;
        Assert.Equal((4548, 117.0, "Asia/Shanghai", "110105"), (d.MetricEpsg, d.CentralMeridian, d.TimeZone, d.CodePrefix));
        Assert.Equal(d, new CityProfile(d.Name, 4548, "Asia/Shanghai", "110105"));     // a value: equal profiles are equal
    }

    [Theory]
    [InlineData(4533)]       // zone 45 with its zone prefix in the easting: not of the family
    [InlineData(4555)]
    [InlineData(4326)]
    public void Constructor_RefusesAnotherCrs(int epsg) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CityProfile("x", epsg, "Asia/Shanghai", ""));

    [Theory]
    [InlineData("11a")]
    [InlineData("1101051234567")]
    public void Constructor_RefusesACodePrefixOtherThanUpTo12Digits(string prefix) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CityProfile("x", 4548, "Asia/Shanghai", prefix));

    [Theory]
    [InlineData(114.5)]
    [InlineData(72)]
    [InlineData(138)]
    public void EpsgOfCentralMeridian_RefusesWhatIsNotAZone(double centralMeridian) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CityProfile.EpsgOfCentralMeridian(centralMeridian));

    // Reference: PostGIS 3, st_distance(geography, geography, true) (WGS84 spheroid; CGCS2000's differs by 0.1 mm in b).
    [Theory]
    [InlineData(120.16, 30.27, 120.18, 30.275, 2002.665529)]
    [InlineData(116.45, 39.92, 116.47, 39.93, 2038.642214)]
    [InlineData(113.06, 23.68, 113.2, 23.5, 24528.050586)]
    public void Geodesic_MatchesPostgis(double lon1, double lat1, double lon2, double lat2, double metres)
    {
        Assert.Equal(metres, Geodesic.Distance(lon1, lat1, lon2, lat2), 0.001);
        // st_project(st_makepoint(120.16, 30.27)::geography, 1500, radians(37)) = (120.1693824954, 30.2808059478)
        var (lon, lat, _) = Geodesic.Destination(120.16, 30.27, 37, 1500);
        Assert.Equal(120.1693824954, lon, 1e-9);
        Assert.Equal(30.2808059478, lat, 1e-9);
    }
}
