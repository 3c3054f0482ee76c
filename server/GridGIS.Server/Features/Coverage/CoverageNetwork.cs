using GridGIS.Core.Coverage;
using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// The walking network of a network-mode run, in local metres, with every household and facility snapped
/// once (nearest point on the nearest edge, at most 300 m away; farther ones are off network and
/// reach nothing). Loaded with two binary COPYs (LoadWalkNodes.sql, LoadWalkEdges.sql).
/// </summary>
internal sealed record CoverageNetwork(WalkNetwork Network, NetworkSnapper Snapper, EdgePointIndex Households,
    IReadOnlyDictionary<string, SnappedPoint[]> Facilities, int HouseholdsOffNetwork)
{
    /// <summary>The network with everything snapped; null when no edge is loaded.</summary>
    public static async Task<CoverageNetwork?> LoadAsync(NpgsqlConnection conn, CoverageHousehold[] households,
        IReadOnlyDictionary<string, CoverageFacility[]> facilities, CancellationToken ct)
    {
        var projection = LocalProjection.Beijing;
        var index = new Dictionary<long, int>();
        var xs = new List<double>();
        var ys = new List<double>();
        await using (var r = await conn.BeginBinaryExportAsync(CoverageInputCache.Copy("Features/Coverage/LoadWalkNodes.sql"), ct))
            while (await r.StartRowAsync(ct) != -1)
            {
                index[await r.ReadAsync<long>(NpgsqlDbType.Bigint, ct)] = xs.Count;
                var (x, y) = projection.Forward(await r.ReadAsync<double>(NpgsqlDbType.Double, ct), await r.ReadAsync<double>(NpgsqlDbType.Double, ct));
                xs.Add(x);
                ys.Add(y);
            }
        var edges = new List<WalkEdge>();
        var wkb = new WKBReader();
        await using (var r = await conn.BeginBinaryExportAsync(CoverageInputCache.Copy("Features/Coverage/LoadWalkEdges.sql"), ct))
            while (await r.StartRowAsync(ct) != -1)
            {
                int s = index[await r.ReadAsync<long>(NpgsqlDbType.Bigint, ct)], t = index[await r.ReadAsync<long>(NpgsqlDbType.Bigint, ct)];
                var length = await r.ReadAsync<double>(NpgsqlDbType.Double, ct);
                var oneway = await r.ReadAsync<bool>(NpgsqlDbType.Boolean, ct);
                var line = wkb.Read(await r.ReadAsync<byte[]>(NpgsqlDbType.Bytea, ct)).Coordinates;
                Coordinate[]? coords = null;
                if (line.Length > 2)
                {
                    coords = line.Select(c => { var (x, y) = projection.Forward(c.X, c.Y); return new Coordinate(x, y); }).ToArray();
                    // Lines drawn target -> source are turned round: the engine reads them source -> target.
                    if (Dist2(coords[0], xs[t], ys[t]) < Dist2(coords[0], xs[s], ys[s])) Array.Reverse(coords);
                }
                edges.Add(new WalkEdge(s, t, length, oneway, coords));
            }
        if (edges.Count == 0) return null;
        var network = new WalkNetwork(xs.ToArray(), ys.ToArray(), edges);
        var snapper = new NetworkSnapper(network);
        var snapped = snapper.SnapAll(households.Select(h => h.X).ToArray(), households.Select(h => h.Y).ToArray());
        var fac = facilities.ToDictionary(kv => kv.Key,
            kv => snapper.SnapAll(kv.Value.Select(f => f.X).ToArray(), kv.Value.Select(f => f.Y).ToArray()));
        return new CoverageNetwork(network, snapper, new EdgePointIndex(network, snapped), fac, snapped.Count(p => p.IsOffNetwork));
    }

    private static double Dist2(Coordinate c, double x, double y) => (c.X - x) * (c.X - x) + (c.Y - y) * (c.Y - y);
}
