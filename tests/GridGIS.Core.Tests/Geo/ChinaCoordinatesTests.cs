using GridGIS.Core.Geo;

namespace GridGIS.Core.Tests.Geo;

/// <summary>
/// GCJ-02 and BD-09 against point pairs published by widely used open-source converters:
/// - googollee/eviltransform (MIT), python/test.py and go/transform_test.go, TESTS: WGS84 -> GCJ-02 for
///   Shanghai, Shenzhen and Beijing. (Its TESTS_bd pairs are not used: its own published bd2wgs gives
///   points 10-41 m away from them, so they do not describe the standard BD-09 formula.)
/// - wandergis/coordtransform (MIT), test/app.js: its printed results for (116.404, 39.915).
/// - hujiulong/gcoord (MIT), test/fixtures/china-cities.json: WGS84, GCJ02 and BD09 of the same city
///   points, 7 decimals (about 1 cm); six of them, from Tibet to Liaoning.
/// Each pair is checked in both directions to within 1 m; round trips to within 1 cm.
/// </summary>
public sealed class ChinaCoordinatesTests
{
    // lon, lat (eviltransform lists lat first; reordered here).
    public static TheoryData<double, double, double, double> WgsGcjPairs => new()
    {
        { 121.5272106, 31.1774276, 121.531541859215, 31.17530398364597 },     // eviltransform, Shanghai
        { 113.912316, 22.543847, 113.9171764808363, 22.540796131694766 },     // eviltransform, Shenzhen
        { 116.377817, 39.911954, 116.38404722455657, 39.91334545536069 },     // eviltransform, Beijing
        { 116.404, 39.915, 116.41024449916938, 39.91640428150164 },           // coordtransform wgs84togcj02
        { 114.0164322, 33.0133556, 114.022306, 33.0115324 },                  // gcoord, Zhumadian
        { 92.0499619, 31.4784436, 92.0512438, 31.4762063 },                   // gcoord, Nagqu
        { 123.4253306, 41.8032629, 123.4314787, 41.8057023 },                 // gcoord, Shenyang
    };

    // BD-09 lon, lat -> WGS84 lon, lat.
    public static TheoryData<double, double, double, double> BdWgsPairs => new()
    {
        { 114.0287781, 33.0176697, 114.0164322, 33.0133556 },                 // gcoord, Zhumadian
        { 92.0576832, 31.4824421, 92.0499619, 31.4784436 },                   // gcoord, Nagqu
        { 123.438095, 41.8114013, 123.4253306, 41.8032629 },                  // gcoord, Shenyang
        { 115.3817179, 22.7918527, 115.3702248, 22.7888255 },                 // gcoord, Shanwei
        { 98.5008441, 39.7388949, 98.4937175, 39.7319946 },                   // gcoord, Jiuquan
        { 116.0546232, 43.9397782, 116.0414035, 43.9312805 },                 // gcoord, Xilingol
    };

    // GCJ-02 lon, lat -> BD-09 lon, lat.
    public static TheoryData<double, double, double, double> GcjBdPairs => new()
    {
        { 116.404, 39.915, 116.41036949371029, 39.92133699351021 },           // coordtransform gcj02tobd09
        { 116.39762729119315, 39.90865673957631, 116.404, 39.915 },           // coordtransform bd09togcj02
        { 114.022306, 33.0115324, 114.0287781, 33.0176697 },                  // gcoord, Zhumadian
        { 115.3751647, 22.7861903, 115.3817179, 22.7918527 },                 // gcoord, Shanwei
    };

    [Theory, MemberData(nameof(WgsGcjPairs))]
    public void Wgs84ToGcj02_MatchesPublishedPair_Within1m(double wLon, double wLat, double gLon, double gLat) =>
        AssertWithin(1.0, (gLon, gLat), ChinaCoordinates.Wgs84ToGcj02(wLon, wLat));

    [Theory, MemberData(nameof(WgsGcjPairs))]
    public void Gcj02ToWgs84_MatchesPublishedPair_Within1m(double wLon, double wLat, double gLon, double gLat) =>
        AssertWithin(1.0, (wLon, wLat), ChinaCoordinates.Gcj02ToWgs84(gLon, gLat));

    [Theory, MemberData(nameof(BdWgsPairs))]
    public void Bd09ToWgs84_MatchesPublishedPair_Within1m(double bLon, double bLat, double wLon, double wLat) =>
        AssertWithin(1.0, (wLon, wLat), ChinaCoordinates.Bd09ToWgs84(bLon, bLat));

    [Theory, MemberData(nameof(BdWgsPairs))]
    public void Wgs84ToBd09_MatchesPublishedPair_Within1m(double bLon, double bLat, double wLon, double wLat) =>
        AssertWithin(1.0, (bLon, bLat), ChinaCoordinates.Wgs84ToBd09(wLon, wLat));

    [Theory, MemberData(nameof(GcjBdPairs))]
    public void Gcj02ToBd09_MatchesPublishedPair_Within1m(double gLon, double gLat, double bLon, double bLat)
    {
        AssertWithin(1.0, (bLon, bLat), ChinaCoordinates.Gcj02ToBd09(gLon, gLat));
        AssertWithin(1.0, (gLon, gLat), ChinaCoordinates.Bd09ToGcj02(bLon, bLat));
    }

    [Fact]
    public void ToWgs84_RoundTripsWithin1cm_AcrossChina()
    {
        for (var lon = 74.0; lon <= 134.0; lon += 2.5)
        for (var lat = 19.0; lat <= 53.0; lat += 2.5)
        {
            var g = ChinaCoordinates.Wgs84ToGcj02(lon, lat);
            AssertWithin(0.01, (lon, lat), ChinaCoordinates.ToWgs84(InputCrs.Gcj02, g.Lon, g.Lat), "GCJ-02 round trip");
            var b = ChinaCoordinates.Wgs84ToBd09(lon, lat);
            AssertWithin(0.01, (lon, lat), ChinaCoordinates.ToWgs84(InputCrs.Bd09, b.Lon, b.Lat), "BD-09 round trip");
            AssertWithin(0.01, g, ChinaCoordinates.Bd09ToGcj02(ChinaCoordinates.Gcj02ToBd09(g.Lon, g.Lat).Lon, ChinaCoordinates.Gcj02ToBd09(g.Lon, g.Lat).Lat), "GCJ-02/BD-09 round trip");
            Assert.True(Metres((lon, lat), g) > 1, $"GCJ-02 should move ({lon}, {lat})");
        }
    }

    [Fact]
    public void Wgs84ToGcj02_LeavesPointUnchanged_WhenOutsideChina() =>
        Assert.Equal((2.35, 48.85), ChinaCoordinates.Wgs84ToGcj02(2.35, 48.85));

    /// <summary>Great-circle distance, metres (mean Earth radius 6,371,008.8 m).</summary>
    internal static double Metres((double Lon, double Lat) a, (double Lon, double Lat) b)
    {
        const double r = 6_371_008.8, rad = Math.PI / 180;
        var dLat = (b.Lat - a.Lat) * rad;
        var dLon = (b.Lon - a.Lon) * rad;
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(a.Lat * rad) * Math.Cos(b.Lat * rad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * r * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static void AssertWithin(double metres, (double Lon, double Lat) expected, (double Lon, double Lat) actual, string what = "")
    {
        var d = Metres(expected, actual);
        Assert.True(d <= metres, $"{what} expected ({expected.Lon}, {expected.Lat}), got ({actual.Lon}, {actual.Lat}): {d:0.####} m apart, allowed {metres} m");
    }
}
