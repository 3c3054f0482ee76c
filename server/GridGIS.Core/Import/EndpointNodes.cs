using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Import;

/// <summary>A node of the walking network: id and WGS84 position (degrees).</summary>
public sealed record WalkNode(long Id, double Lon, double Lat);

/// <summary>The nodes an imported network adds, and each edge's (source, target) node ids, in edge order.</summary>
public sealed record EndpointNodes(IReadOnlyList<WalkNode> NewNodes, IReadOnlyList<(long Source, long Target)> Ends)
{
    /// <summary>Default merge distance: endpoints closer than 1 cm are one node.</summary>
    public const double DefaultToleranceMetres = 0.01;

    /// <summary>
    /// Makes the network's nodes by merging edge endpoints (first and last vertex of each line, WGS84)
    /// that lie within <paramref name="toleranceMetres"/> of each other or of an <paramref name="existing"/>
    /// node, measured in <paramref name="projection"/> (metres; default: the Gauss-Kruger zone of the lines' centre). New
    /// nodes are numbered from <paramref name="firstNewId"/> in order of first use, at the position of the
    /// first endpoint that made them. An edge may start and end at the same node (a loop).
    /// </summary>
    /// <param name="toleranceMetres">merge distance in metres, (0, 10]</param>
    public static EndpointNodes Build(IReadOnlyList<LineString> lines, IReadOnlyList<WalkNode> existing, long firstNewId,
        double toleranceMetres = DefaultToleranceMetres, LocalProjection? projection = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstNewId, 1);
        if (toleranceMetres is <= 0 or > 10) throw new ArgumentOutOfRangeException(nameof(toleranceMetres), toleranceMetres, "must be in (0, 10] metres");
        projection ??= LocalProjection.ForLongitude(lines.Count == 0 ? 0 : CentreLongitude(lines));

        // Hash grid of cell size = tolerance: a match lies in the 3x3 cells around a point.
        var cells = new Dictionary<(long, long), List<(long Id, double X, double Y)>>();
        var newNodes = new List<WalkNode>();
        var nextId = firstNewId;
        void Add(long id, double x, double y)
        {
            var key = ((long)Math.Floor(x / toleranceMetres), (long)Math.Floor(y / toleranceMetres));
            if (!cells.TryGetValue(key, out var list)) cells[key] = list = [];
            list.Add((id, x, y));
        }
        long Node(Coordinate c)
        {
            var (x, y) = projection.Forward(c.X, c.Y);
            long cx = (long)Math.Floor(x / toleranceMetres), cy = (long)Math.Floor(y / toleranceMetres);
            long best = -1;
            var bestD = double.MaxValue;
            for (var dx = -1; dx <= 1; dx++)
            for (var dy = -1; dy <= 1; dy++)
            {
                if (!cells.TryGetValue((cx + dx, cy + dy), out var list)) continue;
                foreach (var (id, nx, ny) in list)
                {
                    var d = Math.Sqrt((nx - x) * (nx - x) + (ny - y) * (ny - y));
                    if (d <= toleranceMetres && (d < bestD || (d == bestD && id < best))) { best = id; bestD = d; }
                }
            }
            if (best >= 0) return best;
            var newId = nextId++;
            newNodes.Add(new WalkNode(newId, c.X, c.Y));
            Add(newId, x, y);
            return newId;
        }
        foreach (var n in existing)
        {
            var (x, y) = projection.Forward(n.Lon, n.Lat);
            Add(n.Id, x, y);
        }
        var ends = new List<(long, long)>(lines.Count);
        foreach (var line in lines)
        {
            if (line.IsEmpty) throw new ArgumentException("an edge has an empty geometry", nameof(lines));
            ends.Add((Node(line.StartPoint.Coordinate), Node(line.EndPoint.Coordinate)));
        }
        return new EndpointNodes(newNodes, ends);
    }

    /// <summary>Longitude midway between the westmost and eastmost endpoint, degrees.</summary>
    private static double CentreLongitude(IReadOnlyList<LineString> lines)
    {
        double west = double.PositiveInfinity, east = double.NegativeInfinity;
        foreach (var line in lines)
            if (!line.IsEmpty)
                foreach (var c in new[] { line.StartPoint.Coordinate, line.EndPoint.Coordinate })
                    (west, east) = (Math.Min(west, c.X), Math.Max(east, c.X));
        return west <= east ? Math.Clamp((west + east) / 2, -180, 180) : 0;
    }
}
