namespace GridGIS.Core.Network;

/// <summary>
/// Which OpenStreetMap ways a pedestrian may use, and in which direction.
/// Kept: highway = footway, path, pedestrian, steps, corridor, living_street, residential, service,
/// unclassified, road, track, cycleway, bridleway, tertiary(_link), secondary(_link), primary(_link).
/// motorway and trunk (and their _link) only with foot=yes/designated/permissive or a sidewalk on the
/// way (sidewalk=both/left/right/yes). Dropped: foot=no, and access=no/private unless foot allows it;
/// anything under construction or proposed (not in the list).
/// Direction: pedestrians ignore oneway=* (it is for vehicles), so edges are two-way, except
/// oneway:foot=yes/-1, or oneway=yes/-1 on a way built for walking (footway, path, steps, pedestrian, corridor).
/// </summary>
public static class OsmWalkways
{
    private static readonly HashSet<string> Walkable =
    [
        "footway", "path", "pedestrian", "steps", "corridor", "living_street", "residential", "service", "unclassified", "road",
        "track", "cycleway", "bridleway", "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link",
    ];
    private static readonly HashSet<string> MotorRoads = ["motorway", "motorway_link", "trunk", "trunk_link"];
    private static readonly HashSet<string> FootYes = ["yes", "designated", "permissive", "official"];
    private static readonly HashSet<string> WalkingWays = ["footway", "path", "steps", "pedestrian", "corridor"];

    /// <summary>True when a way with these tags is walkable.</summary>
    public static bool IsWalkable(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (!tags.TryGetValue("highway", out var highway)) return false;
        var foot = tags.GetValueOrDefault("foot");
        if (foot == "no") return false;
        var footAllowed = foot is not null && FootYes.Contains(foot);
        if (tags.GetValueOrDefault("access") is "no" or "private" && !footAllowed) return false;
        if (Walkable.Contains(highway)) return true;
        if (MotorRoads.Contains(highway))
            return footAllowed || tags.GetValueOrDefault("sidewalk") is "both" or "left" or "right" or "yes";
        return false;
    }

    /// <summary>+1 one-way along the way's node order, -1 one-way against it, 0 two-way (for a pedestrian).</summary>
    public static int Direction(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var value = tags.GetValueOrDefault("oneway:foot");
        if (value is null && tags.TryGetValue("highway", out var h) && WalkingWays.Contains(h)) value = tags.GetValueOrDefault("oneway");
        return value switch { "yes" or "true" or "1" => 1, "-1" or "reverse" => -1, _ => 0 };
    }
}

/// <summary>An edge of an imported OSM network: a piece of one way between two graph nodes (OSM node ids), lon/lat.</summary>
public sealed record OsmWalkEdge(long WayId, long Source, long Target, (double Lon, double Lat)[] Coordinates, bool Oneway, string Kind);

/// <summary>
/// Builds a walking network from OSM nodes and ways: keeps the walkable ways (<see cref="OsmWalkways"/>),
/// splits them where they share a node (and where a referenced node is missing from the extract), turns
/// one-way-against-order ways round. Graph nodes are the split points; every other node is a vertex of an
/// edge's line. Coordinates stay WGS84 lon/lat; lengths are the database's job (along the spheroid).
/// Feed every node before <see cref="Build"/>; ways may come in any order.
/// </summary>
public sealed class OsmWalkGraphBuilder
{
    private readonly Dictionary<long, (double Lon, double Lat)> _nodes = new();
    private readonly List<(long Id, long[] Refs, int Direction, string Kind)> _ways = new();

    public int WaysSeen { get; private set; }
    public int WaysKept => _ways.Count;

    public void AddNode(long id, double lon, double lat)
    {
        if (!(lon is >= -180 and <= 180) || !(lat is >= -90 and <= 90))
            throw new ArgumentOutOfRangeException(nameof(lon), $"node {id}: lon/lat {lon}, {lat} out of range");
        _nodes[id] = (lon, lat);
    }

    /// <summary>Offers a way; it is kept when walkable. Returns whether it was kept.</summary>
    public bool AddWay(long id, IReadOnlyList<long> nodeRefs, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(nodeRefs);
        WaysSeen++;
        if (nodeRefs.Count < 2 || !OsmWalkways.IsWalkable(tags)) return false;
        var refs = nodeRefs.ToArray();
        var dir = OsmWalkways.Direction(tags);
        if (dir < 0) Array.Reverse(refs);
        _ways.Add((id, refs, dir, tags["highway"]));
        return true;
    }

    /// <summary>The edges, in way order then along each way.</summary>
    public List<OsmWalkEdge> Build()
    {
        var uses = new Dictionary<long, int>();
        foreach (var w in _ways)
            for (var i = 0; i < w.Refs.Length; i++)
            {
                var n = w.Refs[i];
                // ends always split; interior nodes split when another way (or this one again) uses them
                uses[n] = uses.GetValueOrDefault(n) + (i == 0 || i == w.Refs.Length - 1 ? 2 : 1);
            }
        var edges = new List<OsmWalkEdge>();
        var piece = new List<long>();
        foreach (var w in _ways)
        {
            piece.Clear();
            foreach (var n in w.Refs)
            {
                if (!_nodes.ContainsKey(n)) { Emit(w, piece, edges); piece.Clear(); continue; }   // clipped extract: a gap
                if (piece.Count > 0 && piece[^1] == n) continue;                                 // repeated node
                piece.Add(n);
                if (piece.Count > 1 && uses[n] > 1) { Emit(w, piece, edges); piece.Clear(); piece.Add(n); }
            }
            Emit(w, piece, edges);
        }
        return edges;
    }

    private void Emit((long Id, long[] Refs, int Direction, string Kind) w, List<long> piece, List<OsmWalkEdge> edges)
    {
        if (piece.Count < 2) return;
        edges.Add(new OsmWalkEdge(w.Id, piece[0], piece[^1], piece.Select(n => _nodes[n]).ToArray(), w.Direction != 0, w.Kind));
    }

    /// <summary>The position of an OSM node fed to the builder.</summary>
    public (double Lon, double Lat) Node(long id) => _nodes[id];
}
