using Xunit.Abstractions;
using GridGIS.Core.Coverage;
using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using GridGIS.Core.Tests.Geo;

namespace GridGIS.Core.Tests.Coverage;

/// <summary>
/// The same small coverage laid out around Beijing (117E) and Hangzhou (120E): a facility at the corner of two
/// straight streets of 2 km (east and north), households on them, beside them and off the corner, placed by geodesic
/// distance (<see cref="Geodesic"/>, independent of ProjNet). Built in the city profile's projection, the coverage's
/// walking distances (network and straight line) agree with the geodesic ones within 0.1 %; Hangzhou measured in
/// Beijing's zone does not (scale factor 1.0011 three degrees off its central meridian).
/// </summary>
public sealed class CityDistanceTests(ITestOutputHelper output)
{
    private const double Tolerance = 0.001;       // 0.1 %
    private const double ThresholdMetres = 1000;

    [Theory]
    [InlineData("Beijing", 116.45, 39.92)]
    [InlineData("Hangzhou", 120.16, 30.27)]
    public void WalkingDistances_AgreeWithGeodesicWithin01Percent_InTheCityProfilesProjection(string city, double lon, double lat)
    {
        var profile = new CityProfile(city, CityProfile.ZoneEpsg(lon), "Asia/Shanghai", "");
        var (network, straight, covered) = Measure(profile.Projection, lon, lat);
        output.WriteLine($"{city} in {profile.Projection}: network {network.Max:P5}, straight line {straight.Max:P5}");
        Assert.True(network.Max <= Tolerance, $"{city} in {profile.Projection}: network distances off by up to {network.Max:P4}");
        Assert.True(straight.Max <= Tolerance, $"{city} in {profile.Projection}: straight-line distances off by up to {straight.Max:P4}");
        Assert.True(covered, $"{city}: households within {ThresholdMetres} m x (1 - 0.1 %) must be covered, beyond x (1 + 0.1 %) not");
    }

    [Fact]
    public void WalkingDistances_AreOffByMoreThan01Percent_WhenHangzhouIsMeasuredInBeijingsZone()
    {
        var (network, straight, covered) = Measure(CityProfile.Default.Projection, 120.16, 30.27);
        output.WriteLine($"Hangzhou in {CityProfile.Default.Projection}: network {network.Max:P5}, straight line {straight.Max:P5}");
        Assert.True(network.Max > Tolerance, $"network error {network.Max:P4}");
        Assert.True(straight.Max > Tolerance, $"straight-line error {straight.Max:P4}");
        Assert.False(covered);
        Assert.InRange(straight.Max, 0.0011, 0.0012);    // k - 1 = (dlon cos lat)^2 (1 + eta^2) / 2 = 0.114 % at 3.16 degrees, 30.27N
    }

    /// <summary>Largest relative errors of the network and straight-line distances, and whether coverage at the threshold is right.</summary>
    private static (RelativeError Network, RelativeError Straight, bool CoverageRight) Measure(LocalProjection projection, double lon0, double lat0)
    {
        // Nodes: the corner A, B 2 km east of it, C 2 km north (geodesics: straight streets).
        var east = Geodesic.Destination(lon0, lat0, 90, 2000);
        var north = Geodesic.Destination(lon0, lat0, 0, 2000);
        (double Lon, double Lat)[] nodes = [(lon0, lat0), (east.Lon, east.Lat), (north.Lon, north.Lat)];
        var xy = nodes.Select(n => projection.Forward(n.Lon, n.Lat)).ToArray();
        var network = new WalkNetwork(xy.Select(p => p.X).ToArray(), xy.Select(p => p.Y).ToArray(),
            [new WalkEdge(0, 1, Geodesic.Distance(lon0, lat0, east.Lon, east.Lat)), new WalkEdge(0, 2, Geodesic.Distance(lon0, lat0, north.Lon, north.Lat))]);

        // Households with their geodesic walking distance from A: on the east street, beside it (along, then a
        // perpendicular access leg north of it), and south-west of the corner (an access leg only); the last four at
        // the threshold +- 0.1 %.
        var households = new List<(double Lon, double Lat, double Walk)>();
        foreach (var along in new[] { 150.0, 700, 1300, 1950 })
        {
            var p = Geodesic.Destination(lon0, lat0, 90, along);
            households.Add((p.Lon, p.Lat, along));
            foreach (var aside in new[] { 40.0, 180, 280 })
            {
                var q = Geodesic.Destination(p.Lon, p.Lat, p.Azimuth - 90, aside);
                households.Add((q.Lon, q.Lat, along + aside));
            }
        }
        foreach (var offCorner in new[] { 60.0, 250, 290 })
        {
            var q = Geodesic.Destination(lon0, lat0, 225, offCorner);
            households.Add((q.Lon, q.Lat, offCorner));
        }
        var atThreshold = households.Count;
        foreach (var (along, aside) in new[] { (ThresholdMetres * (1 - Tolerance) - 280, 280.0), (ThresholdMetres * (1 + Tolerance) - 280, 280.0) })
        {
            var p = Geodesic.Destination(lon0, lat0, 90, along);
            var q = Geodesic.Destination(p.Lon, p.Lat, p.Azimuth - 90, aside);
            households.Add((q.Lon, q.Lat, along + aside));
        }
        households.Add((Geodesic.Destination(lon0, lat0, 225, 290).Lon, Geodesic.Destination(lon0, lat0, 225, 290).Lat, 290));

        var hh = households.Select((h, i) => { var (x, y) = projection.Forward(h.Lon, h.Lat); return new CoverageHousehold(i + 1, x, y, 1, 0, 1, 1, 1); }).ToArray();
        var facility = new CoverageFacility(1, xy[0].X, xy[0].Y, 100);
        var speed = new WalkSpeed(3.6);                 // 1 m/s: seconds are metres

        var snapper = new NetworkSnapper(network);
        var points = new EdgePointIndex(network, snapper.SnapAll(hh.Select(h => h.X).ToArray(), hh.Select(h => h.Y).ToArray()));
        var (reach, _) = new NetworkReach(points).Compute("clinic", [facility], [snapper.Snap(facility.X, facility.Y)], 4000, speed, withServiceArea: false);
        var networkError = new RelativeError();
        for (var i = 0; i < atThreshold; i++) networkError.Add(reach.NearestSeconds[i], households[i].Walk);

        var straight = new StraightLineReach { DetourFactor = 1 }.Reach("clinic", hh, [facility], 4000, 1, StraightLineReach.Bucket(hh));
        var straightError = new RelativeError();
        for (var i = 0; i < hh.Length; i++) straightError.Add(straight.NearestSeconds[i], Geodesic.Distance(lon0, lat0, households[i].Lon, households[i].Lat));

        // Coverage at the threshold (1000 m): in by 0.1 %, out by 0.1 %, and 290 m from the corner within a 290.3 m threshold but not 289.7 m.
        var at = new NetworkReach(points).Compute("clinic", [facility], [snapper.Snap(facility.X, facility.Y)], ThresholdMetres, speed, withServiceArea: false).Reach;
        var corner = new NetworkReach(points).Compute("clinic", [facility], [snapper.Snap(facility.X, facility.Y)], 290 * (1 + Tolerance), speed, withServiceArea: false).Reach;
        var cornerTight = new NetworkReach(points).Compute("clinic", [facility], [snapper.Snap(facility.X, facility.Y)], 290 * (1 - Tolerance), speed, withServiceArea: false).Reach;
        var covered = CoverageAnalysis.Compute(hh, at).Covered;
        var right = covered[atThreshold] && !covered[atThreshold + 1]
                    && CoverageAnalysis.Compute(hh, corner).Covered[^1] && !CoverageAnalysis.Compute(hh, cornerTight).Covered[^1];
        return (networkError, straightError, right);
    }

    private sealed class RelativeError
    {
        public double Max { get; private set; }

        public void Add(double measured, double geodesic) => Max = Math.Max(Max, Math.Abs(measured - geodesic) / geodesic);
    }
}
