using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.ServiceAreas;

/// <summary>
/// Generated test networks (local metres of the fixture's city profile) and a writer that puts them into walk_node /
/// walk_edge with binary COPY. Each test places its network in its own spot far from the others
/// (an origin in metres) and its own id range, so tests sharing the fixture database never meet.
/// </summary>
internal static class TestNetworks
{
    /// <summary>A jittered grid, spacing ~100 m, ~10% of links dropped, some one-way, some bent, some zero-length links.</summary>
    public static WalkNetwork RandomGrid(int side, int seed, double originX, double originY, double onewayShare = 0.05)
    {
        var rnd = new Random(seed);
        var xs = new double[side * side]; var ys = new double[side * side];
        for (var i = 0; i < side; i++) for (var j = 0; j < side; j++)
        {
            xs[i * side + j] = originX + j * 100 + rnd.NextDouble() * 30;
            ys[i * side + j] = originY + i * 100 + rnd.NextDouble() * 30;
        }
        var edges = new List<WalkEdge>();
        void Add(int a, int b)
        {
            if (rnd.NextDouble() < 0.1) return;
            Coordinate[] geom = rnd.NextDouble() < 0.3
                ? [new(xs[a], ys[a]), new((xs[a] + xs[b]) / 2 + rnd.NextDouble() * 20 - 10, (ys[a] + ys[b]) / 2 + rnd.NextDouble() * 20 - 10), new(xs[b], ys[b])]
                : [new(xs[a], ys[a]), new(xs[b], ys[b])];
            // recorded length: the line's length, sometimes longer (stairs, slopes)
            var len = new LineString(geom).Length * (rnd.NextDouble() < 0.1 ? 1.3 : 1.0);
            edges.Add(new WalkEdge(a, b, len, rnd.NextDouble() < onewayShare, geom));
        }
        for (var i = 0; i < side; i++) for (var j = 0; j < side; j++)
        {
            if (j + 1 < side) Add(i * side + j, i * side + j + 1);
            if (i + 1 < side) Add(i * side + j, (i + 1) * side + j);
        }
        return new WalkNetwork(xs, ys, edges);
    }

    /// <summary>
    /// Writes <paramref name="net"/> with node ids nodeBase + index and edge ids edgeBase + index; geometries
    /// go back to WGS84. Returns nothing: ids are computable.
    /// </summary>
    public static async Task WriteAsync(NpgsqlDataSource db, WalkNetwork net, long nodeBase, long edgeBase)
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var proj = PostgisFixture.City.Projection;
        await using var conn = await db.OpenConnectionAsync();
        await using (var w = await conn.BeginBinaryImportAsync("copy walk_node (id, geom) from stdin (format binary)"))
        {
            for (var n = 0; n < net.NodeCount; n++)
            {
                var (lon, lat) = proj.Inverse(net.NodeX(n), net.NodeY(n));
                await w.StartRowAsync();
                await w.WriteAsync(nodeBase + n, NpgsqlDbType.Bigint);
                await w.WriteAsync((Geometry)factory.CreatePoint(new Coordinate(lon, lat)), NpgsqlDbType.Geometry);
            }
            await w.CompleteAsync();
        }
        await using (var w = await conn.BeginBinaryImportAsync("copy walk_edge (id, source, target, length_m, oneway, kind, geom) from stdin (format binary)"))
        {
            for (var e = 0; e < net.EdgeCount; e++)
            {
                var coords = net.EdgeCoordinates(e).Select(c => { var (lon, lat) = proj.Inverse(c.X, c.Y); return new Coordinate(lon, lat); }).ToArray();
                await w.StartRowAsync();
                await w.WriteAsync(edgeBase + e, NpgsqlDbType.Bigint);
                await w.WriteAsync(nodeBase + net.EdgeSource(e), NpgsqlDbType.Bigint);
                await w.WriteAsync(nodeBase + net.EdgeTarget(e), NpgsqlDbType.Bigint);
                await w.WriteAsync(net.EdgeLength(e), NpgsqlDbType.Double);
                await w.WriteAsync(net.EdgeOneway(e), NpgsqlDbType.Boolean);
                await w.WriteAsync("test", NpgsqlDbType.Text);
                await w.WriteAsync((Geometry)factory.CreateLineString(coords), NpgsqlDbType.Geometry);
            }
            await w.CompleteAsync();
        }
    }

    /// <summary>The pgRouting edge query over the whole table, costs in seconds at <paramref name="speed"/>.</summary>
    public static string EdgesSql(WalkSpeed speed)
    {
        var f = (3.6 / speed.KilometresPerHour).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return $"select id, source, target, length_m * {f} as cost, case when oneway then -1 else length_m * {f} end as reverse_cost from walk_edge";
    }
}
