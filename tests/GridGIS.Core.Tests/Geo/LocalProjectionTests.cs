using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Tests.Geo;

/// <summary>
/// The city's Gauss-Kruger projection: values against PostGIS's EPSG:4548/4549 (PROJ), round trips, and one
/// instance shared by many threads at once giving, to the last bit, what one thread gives.
/// </summary>
public sealed class LocalProjectionTests
{
    // lon, lat -> x, y from PostGIS 3 (PROJ): select st_x(p), st_y(p) from (select st_transform(st_setsrid(st_makepoint(lon, lat), 4326), epsg) p) q;
    [Theory]
    [InlineData(117, 116.45, 39.92, 452978.48609040, 4420791.15086686)]     // Chaoyang, EPSG:4548
    [InlineData(120, 120.16, 30.27, 515395.85311262, 3350055.00870115)]     // Hangzhou, EPSG:4549
    [InlineData(114, 113.06, 23.68, 404115.37973097, 2620162.67885245)]     // Qingyuan, EPSG:4547
    public void Forward_MatchesPostgis(double centralMeridian, double lon, double lat, double x, double y)
    {
        var p = new LocalProjection(centralMeridian);
        var (px, py) = p.Forward(lon, lat);
        Assert.Equal(x, px, 0.001);
        Assert.Equal(y, py, 0.001);
        var (qlon, qlat) = p.Inverse(px, py);
        Assert.Equal(lon, qlon, 1e-9);
        Assert.Equal(lat, qlat, 1e-9);
    }

    [Fact]
    public void Forward_GivesTheSameBitsOnEveryThread_WhenOneInstanceIsShared()
    {
        // One instance, as the city profile holds it, used by 16 threads at once, each over the same points (in its own
        // order) and forth and back: every result must equal the single-threaded one exactly.
        var p = new LocalProjection(117);
        const int n = 20_000;
        var lon = new double[n]; var lat = new double[n];
        var random = new Random(4548);
        for (var i = 0; i < n; i++) { lon[i] = 115.5 + random.NextDouble() * 3; lat[i] = 39 + random.NextDouble() * 2; }
        var expected = new (double X, double Y)[n];
        var back = new (double Lon, double Lat)[n];
        for (var i = 0; i < n; i++) { expected[i] = p.Forward(lon[i], lat[i]); back[i] = p.Inverse(expected[i].X, expected[i].Y); }

        var wrong = new int[16];
        using var start = new Barrier(16);
        var threads = Enumerable.Range(0, 16).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var round = 0; round < 3; round++)
                for (var k = 0; k < n; k++)
                {
                    var i = (k * 7919 + t * 104729) % n;
                    var (x, y) = p.Forward(lon[i], lat[i]);
                    var (bl, bb) = p.Inverse(expected[i].X, expected[i].Y);
                    if (x != expected[i].X || y != expected[i].Y || bl != back[i].Lon || bb != back[i].Lat) wrong[t]++;
                }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(0, wrong.Sum());
    }

    [Fact]
    public void ForwardGeometry_GivesTheSameBitsOnEveryThread_WhenOneInstanceIsShared()
    {
        var p = new LocalProjection(120);
        var factory = new GeometryFactory();
        var rings = Enumerable.Range(0, 200).Select(i => factory.CreatePolygon(
            Enumerable.Range(0, 65).Select(k => new Coordinate(120.1 + i * 1e-3 + 1e-3 * Math.Cos(k * Math.PI / 32), 30.2 + 1e-3 * Math.Sin(k * Math.PI / 32)))
                .Select((c, k) => k == 64 ? new Coordinate(120.1 + i * 1e-3 + 1e-3, 30.2) : c).ToArray())).ToArray();
        var expected = rings.Select(r => p.Forward(r)).ToArray();
        var wrong = 0;
        Parallel.For(0, 16 * rings.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, k =>
        {
            var i = k % rings.Length;
            if (!p.Forward(rings[i]).EqualsExact(expected[i]) || !p.Inverse(expected[i]).EqualsExact(p.Inverse(expected[i]))) Interlocked.Increment(ref wrong);
        });
        Assert.Equal(0, wrong);
    }
}
