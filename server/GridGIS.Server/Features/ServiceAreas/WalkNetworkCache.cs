using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;

namespace GridGIS.Server.Features.ServiceAreas;

/// <summary>
/// The walking network as loaded into memory (local metres of <paramref name="Projection"/>, the city profile's),
/// with its snapper and the database ids of nodes and edges (index = engine index).
/// </summary>
internal sealed record LoadedNetwork(WalkNetwork Network, NetworkSnapper Snapper, long[] NodeIds, long[] EdgeIds, string Version, LocalProjection Projection)
{
    public bool IsEmpty => Network.EdgeCount == 0;

    /// <summary>Snaps a WGS84 point (lon/lat degrees).</summary>
    public SnappedPoint Snap(double lon, double lat)
    {
        var (x, y) = Projection.Forward(lon, lat);
        return Snapper.Snap(x, y);
    }
}

/// <summary>
/// Loads walk_node / walk_edge once (two queries) and keeps them until the network changes: every
/// <see cref="GetAsync"/> runs a cheap fingerprint query (counts, max ids, dataset_meta
/// 'walk_network_version') and reloads only when it differs. Singleton; thread-safe.
/// </summary>
internal sealed class WalkNetworkCache(NpgsqlDataSource db, CityProfile city)
{
    /// <summary>The city's metric projection, the one the network is loaded in.</summary>
    public LocalProjection Projection => city.Projection;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile LoadedNetwork? _current;

    public async Task<LoadedNetwork> GetAsync(CancellationToken ct = default)
    {
        var version = await VersionAsync(ct);
        var current = _current;
        if (current is not null && current.Version == version) return current;
        await _lock.WaitAsync(ct);
        try
        {
            if (_current is { } c && c.Version == version) return c;
            _current = await LoadAsync(db, version, city.Projection, ct);
            return _current;
        }
        finally { _lock.Release(); }
    }

    private async Task<string> VersionAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/ServiceAreas/GetNetworkVersion.sql"));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return $"{r.GetInt64(0)}:{r.GetInt64(1)}:{r.GetInt64(2)}:{r.GetInt64(3)}:{r.GetString(4)}";
    }

    /// <summary>Reads the whole network from the database (nodes, then edges) and builds the engine's arrays.</summary>
    public static async Task<LoadedNetwork> LoadAsync(NpgsqlDataSource db, string version, LocalProjection projection, CancellationToken ct = default)
    {
        var nodeIds = new List<long>(); var xs = new List<double>(); var ys = new List<double>();
        try
        {
            await using (var cmd = db.CreateCommand(Sql.Get("Features/ServiceAreas/LoadWalkNodes.sql")))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                {
                    nodeIds.Add(r.GetInt64(0));
                    var (x, y) = projection.Forward(r.GetDouble(1), r.GetDouble(2));
                    xs.Add(x); ys.Add(y);
                }
            var index = new Dictionary<long, int>(nodeIds.Count);
            for (var i = 0; i < nodeIds.Count; i++) index[nodeIds[i]] = i;
            var edges = new List<WalkEdge>(); var edgeIds = new List<long>();
            var wkb = new WKBReader();
            await using (var cmd = db.CreateCommand(Sql.Get("Features/ServiceAreas/LoadWalkEdges.sql")))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                {
                    int s = index[r.GetInt64(1)], t = index[r.GetInt64(2)];
                    var geom = wkb.Read(r.GetFieldValue<byte[]>(5)).Coordinates;
                    var coords = new Coordinate[geom.Length];
                    for (var k = 0; k < geom.Length; k++) { var (x, y) = projection.Forward(geom[k].X, geom[k].Y); coords[k] = new Coordinate(x, y); }
                    // the stored line should run source -> target; turn it round when it was drawn the other way
                    if (Dist2(coords[0], xs[t], ys[t]) < Dist2(coords[0], xs[s], ys[s])) Array.Reverse(coords);
                    edges.Add(new WalkEdge(s, t, r.GetDouble(3), r.GetBoolean(4), coords.Length > 2 ? coords : null));
                    edgeIds.Add(r.GetInt64(0));
                }
            var network = new WalkNetwork(xs.ToArray(), ys.ToArray(), edges);
            return new LoadedNetwork(network, new NetworkSnapper(network), nodeIds.ToArray(), edgeIds.ToArray(), version, projection);
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"loading the walking network (walk_node, walk_edge): {e.Message}", e);
        }
    }

    private static double Dist2(Coordinate c, double x, double y) => (c.X - x) * (c.X - x) + (c.Y - y) * (c.Y - y);
}
