using GridGIS.Core.Demo;
using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Tests.Demo;

public sealed class GeneratedCityTests
{
    private static readonly LocalProjection Cm120 = new(120);
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);
    private static readonly Envelope Box = new(118.765, 118.797, 32.028, 32.052);

    private static Polygon Square(double lon, double lat, double d) => Wgs84.CreatePolygon(
        [new(lon, lat), new(lon + d, lat), new(lon + d, lat + d), new(lon, lat + d), new(lon, lat)]);

    private static GeneratedCityData Generate(ulong seed = 1) => GeneratedCity.Generate(Box,
        [("residential", 10, Square(118.77, 32.03, 0.0005)), ("school", null, Square(118.78, 32.04, 0.001)), ("yes", null, Square(118.7968, 32.04, 0.0005))],
        Cm120, new GeneratedCityOptions("320102", "南京", Streets: 2, CommunitiesPerStreet: 3, Households: 500, Seed: seed));

    [Fact]
    public void Generate_UnitsTileEachParentExactly_WithCodesThatStartWithTheParents()
    {
        var city = Generate();
        Assert.Equal((2, 6, 24), (city.Streets.Count, city.Communities.Count, city.Grids.Count));
        foreach (var (children, parents) in new[] { (city.Communities, city.Streets), (city.Grids, city.Communities) })
            foreach (var parent in parents)
            {
                var mine = children.Where(c => c.ParentCode == parent.Code).ToList();
                Assert.All(mine, c => Assert.StartsWith(parent.Code, c.Code));
                var union = Wgs84.BuildGeometry(mine.Select(c => (Geometry)c.Area)).Union();
                Assert.True(union.SymmetricDifference(parent.Area).Area < 1e-12, $"{parent.Code}: its children do not tile it");
                Assert.Equal(parent.Area.Area, mine.Sum(c => c.Area.Area), 12);                 // no overlap
            }
        Assert.All(city.Grids, g => Assert.Matches("^320102[0-9]{9}$", g.Code));
        Assert.All(city.Grids.Concat(city.Streets), u => Assert.True(u.Area.IsValid && u.Area.Shell.IsCCW));
    }

    [Fact]
    public void Generate_PlacesHouseholdsInResidentialBuildingsInsideTheCity_Deterministically()
    {
        var city = Generate();
        var home = Square(118.77, 32.03, 0.0005);
        var edge = Square(118.7968, 32.04, 0.0005).Intersection(Wgs84.BuildGeometry(city.Streets.Select(s => (Geometry)s.Area)).Union());
        Assert.Equal(500, city.Households.Count);
        Assert.All(city.Households, h =>
        {
            var p = Wgs84.CreatePoint(new Coordinate(h.Lon, h.Lat));
            Assert.True(home.Contains(p) || edge.Contains(p), $"{h.Address} at {p} is not in a residential building inside the city");
            Assert.EndsWith("(generated)", h.Address, StringComparison.Ordinal);
            Assert.InRange(h.ForeignResidents, 0, h.Residents);
            Assert.Equal(h.ForeignResidents, h.Nationalities.Values.Sum());
        });
        Assert.Equal(city.Households, Generate().Households, new HouseholdComparer());
        Assert.NotEqual(city.Households.Select(h => h.Lon), Generate(seed: 2).Households.Select(h => h.Lon));
    }

    private sealed class HouseholdComparer : IEqualityComparer<GeneratedHousehold>
    {
        public bool Equals(GeneratedHousehold? a, GeneratedHousehold? b) => a!.Lon == b!.Lon && a.Lat == b.Lat && a.Residents == b.Residents && a.Address == b.Address;
        public int GetHashCode(GeneratedHousehold h) => h.Lon.GetHashCode();
    }
}
