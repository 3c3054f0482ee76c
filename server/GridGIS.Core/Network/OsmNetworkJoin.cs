using GridGIS.Core.Geo;

namespace GridGIS.Core.Network;

/// <summary>A node of the stored walking network as a join sees it: WGS84 degrees, its OSM node id if it has one, its level.</summary>
public sealed record StoredWalkNode(long Id, double Lon, double Lat, long? OsmId, int Level);

/// <summary>A node of a network being imported: its graph id, WGS84 degrees, OSM node id, level and number of edges.</summary>
public sealed record ImportedWalkNode(long GraphId, double Lon, double Lat, long? OsmId, int Level, int Degree);

/// <summary>Where each imported node goes: the database id per graph id, the nodes to insert, and how many joined.</summary>
public sealed record OsmJoinPlan(IReadOnlyDictionary<long, long> DatabaseIds, IReadOnlyList<StoredWalkNode> NewNodes, int JoinedByOsmId, int JoinedByDistance);

/// <summary>
/// Joins an imported OSM network onto the stored one: an imported node that is the same OSM node as a stored node
/// becomes that node (two extracts that overlap or touch share their OSM nodes); an imported dead end (one edge)
/// within <c>toleranceMetres</c> of a stored node at the same level becomes the nearest such node (an end of an
/// extract that stops where a network of other origin begins). Junctions are never moved, and a bridge's or tunnel's
/// end (level != 0) never joins a node on the ground, so what crosses stays apart. The rest become new nodes numbered
/// from <c>firstNewId</c> in the order given.
/// </summary>
public static class OsmNetworkJoin
{
    /// <summary>Default join distance for dead ends, metres.</summary>
    public const double DefaultToleranceMetres = 1.0;

    /// <param name="imported">the imported graph's nodes</param>
    /// <param name="stored">the stored nodes near them (those farther than the tolerance never join)</param>
    /// <param name="toleranceMetres">join distance for dead ends in metres, [0, 10]; 0 joins by OSM id only</param>
    /// <param name="projection">metric CRS the distances are measured in</param>
    /// <param name="firstNewId">the first id for new nodes, &gt;= 1</param>
    public static OsmJoinPlan Plan(IReadOnlyList<ImportedWalkNode> imported, IReadOnlyList<StoredWalkNode> stored, double toleranceMetres,
        LocalProjection projection, long firstNewId)
    {
        ArgumentNullException.ThrowIfNull(imported);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(projection);
        if (toleranceMetres is < 0 or > 10 || double.IsNaN(toleranceMetres))
            throw new ArgumentOutOfRangeException(nameof(toleranceMetres), toleranceMetres, "must be in [0, 10] metres");
        ArgumentOutOfRangeException.ThrowIfLessThan(firstNewId, 1);
        var byOsm = new Dictionary<long, long>();
        foreach (var s in stored)
            if (s.OsmId is { } o) byOsm.TryAdd(o, s.Id);
        var cell = Math.Max(toleranceMetres, 0.01);
        var grid = new Dictionary<(long, long), List<(StoredWalkNode Node, double X, double Y)>>();
        if (toleranceMetres > 0)
            foreach (var s in stored)
            {
                var (x, y) = projection.Forward(s.Lon, s.Lat);
                var key = ((long)Math.Floor(x / cell), (long)Math.Floor(y / cell));
                if (!grid.TryGetValue(key, out var list)) grid[key] = list = [];
                list.Add((s, x, y));
            }
        var ids = new Dictionary<long, long>(imported.Count);
        var added = new List<StoredWalkNode>();
        int byId = 0, byDistance = 0;
        var next = firstNewId;
        foreach (var n in imported)
        {
            if (n.OsmId is { } osm && byOsm.TryGetValue(osm, out var same)) { ids[n.GraphId] = same; byId++; continue; }
            if (n.Degree == 1 && toleranceMetres > 0 && Nearest(n, grid, cell, toleranceMetres, projection) is { } near)
            {
                ids[n.GraphId] = near; byDistance++; continue;
            }
            var id = next++;
            ids[n.GraphId] = id;
            added.Add(new StoredWalkNode(id, n.Lon, n.Lat, n.OsmId, n.Level));
        }
        return new OsmJoinPlan(ids, added, byId, byDistance);
    }

    private static long? Nearest(ImportedWalkNode n, Dictionary<(long, long), List<(StoredWalkNode Node, double X, double Y)>> grid,
        double cell, double tolerance, LocalProjection projection)
    {
        var (x, y) = projection.Forward(n.Lon, n.Lat);
        long cx = (long)Math.Floor(x / cell), cy = (long)Math.Floor(y / cell);
        long? best = null;
        var bestD = double.MaxValue;
        for (var dx = -1; dx <= 1; dx++)
            for (var dy = -1; dy <= 1; dy++)
            {
                if (!grid.TryGetValue((cx + dx, cy + dy), out var list)) continue;
                foreach (var (s, sx, sy) in list)
                {
                    if (s.Level != n.Level) continue;
                    var d = Math.Sqrt((sx - x) * (sx - x) + (sy - y) * (sy - y));
                    if (d <= tolerance && (d < bestD || (d == bestD && s.Id < best))) { best = s.Id; bestD = d; }
                }
            }
        return best;
    }
}
