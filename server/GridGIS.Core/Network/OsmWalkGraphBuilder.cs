using NetTopologySuite.Geometries;

namespace GridGIS.Core.Network;

/// <summary>An edge of an imported OSM network: a piece of one way between two graph nodes, lon/lat.</summary>
/// <param name="WayId">the OSM way it comes from (for a crossing of a pedestrian area: the area's way)</param>
/// <param name="Source">graph node id: an OSM node id, or a negative id for one side of a blocking barrier</param>
/// <param name="Target">graph node id, as <paramref name="Source"/></param>
/// <param name="Coordinates">WGS84 lon/lat degrees, source to target</param>
/// <param name="Oneway">walkable source to target only</param>
/// <param name="Kind">the way's highway=* value, or pedestrian_area for a straight crossing of a square</param>
public sealed record OsmWalkEdge(long WayId, long Source, long Target, (double Lon, double Lat)[] Coordinates, bool Oneway, string Kind);

/// <summary>
/// Builds a walking network from OSM nodes and ways by the rules of <see cref="OsmWalkways"/>: keeps the walkable
/// ways, splits them where they share a node (and where a referenced node is missing from the extract), turns
/// one-way-against-order ways round, cuts them at barrier nodes that stop a pedestrian (each side ends at a node
/// of its own, with a negative id, so nothing passes), and crosses pedestrian areas straight between the ways that
/// meet their outline (where the straight line stays inside). Ways that only cross (a bridge over a road, with no
/// shared node) stay apart; each graph node has the level of its ways (<see cref="NodeLevel"/>) so that a later
/// join by distance keeps them apart too. Coordinates stay WGS84 lon/lat; lengths are the database's job.
/// Feed every node before <see cref="Build"/>; ways may come in any order.
/// </summary>
public sealed class OsmWalkGraphBuilder
{
    /// <summary>Pedestrian areas with more junctions than this get no crossings (pairs grow as the square).</summary>
    public const int MaxAreaJunctions = 40;

    private readonly Dictionary<long, (double Lon, double Lat)> _nodes = new();
    private readonly HashSet<long> _blocking = new();
    private readonly Dictionary<long, long> _copyOf = new();
    private readonly Dictionary<long, int> _level = new();
    private readonly List<(long Id, long[] Refs, int Direction, string Kind, int Level, bool Area)> _ways = new();
    private long _nextCopy = -1;

    /// <summary>The extract's bounds as its file states them (XML &lt;bounds&gt;), WGS84 degrees; null when it states none.</summary>
    public (double MinLon, double MinLat, double MaxLon, double MaxLat)? Bounds { get; set; }

    /// <summary>Ways offered.</summary>
    public int WaysSeen { get; private set; }
    /// <summary>Ways kept as walkable.</summary>
    public int WaysKept => _ways.Count;
    /// <summary>Barrier nodes on kept ways that stop a pedestrian (after <see cref="Build"/>).</summary>
    public int BlockingBarriers { get; private set; }
    /// <summary>Straight crossings added across pedestrian areas (after <see cref="Build"/>).</summary>
    public int AreaCrossings { get; private set; }

    /// <summary>Adds a node, lon/lat degrees; <paramref name="tags"/> (barriers) may be null.</summary>
    public void AddNode(long id, double lon, double lat, IReadOnlyDictionary<string, string>? tags = null)
    {
        if (!(lon is >= -180 and <= 180) || !(lat is >= -90 and <= 90))
            throw new ArgumentOutOfRangeException(nameof(lon), $"node {id}: lon/lat {lon}, {lat} out of range");
        _nodes[id] = (lon, lat);
        if (tags is not null && OsmWalkways.BlocksPassage(tags)) _blocking.Add(id);
    }

    /// <summary>Offers a way; it is kept when walkable. Returns whether it was kept.</summary>
    public bool AddWay(long id, IReadOnlyList<long> nodeRefs, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(nodeRefs);
        ArgumentNullException.ThrowIfNull(tags);
        WaysSeen++;
        if (nodeRefs.Count < 2 || !OsmWalkways.IsWalkable(tags)) return false;
        var refs = nodeRefs.ToArray();
        var dir = OsmWalkways.Direction(tags);
        if (dir < 0) Array.Reverse(refs);
        _ways.Add((id, refs, dir, tags["highway"], OsmWalkways.Level(tags), OsmWalkways.IsPedestrianArea(refs, tags)));
        return true;
    }

    /// <summary>The edges, in way order then along each way, then the crossings of pedestrian areas.</summary>
    public List<OsmWalkEdge> Build()
    {
        var uses = new Dictionary<long, int>();
        var ways = new Dictionary<long, int>();
        _level.Clear();
        foreach (var w in _ways)
        {
            for (var i = 0; i < w.Refs.Length; i++)
            {
                var n = w.Refs[i];
                // ends always split; interior nodes split when another way (or this one again) uses them
                uses[n] = uses.GetValueOrDefault(n) + (i == 0 || i == w.Refs.Length - 1 ? 2 : 1);
                // a node is on the ground when any of its ways is; else at the level of the first way through it
                if (w.Level == 0 || !_level.ContainsKey(n)) _level[n] = w.Level;
            }
            foreach (var n in w.Refs.Distinct()) ways[n] = ways.GetValueOrDefault(n) + 1;
        }
        BlockingBarriers = _blocking.Count(uses.ContainsKey);
        var edges = new List<OsmWalkEdge>();
        var piece = new List<long>();
        foreach (var w in _ways)
        {
            piece.Clear();
            foreach (var n in w.Refs)
            {
                if (!_nodes.ContainsKey(n)) { Emit(w, piece, edges); piece.Clear(); continue; }   // clipped extract: a gap
                if (_blocking.Contains(n))
                {
                    // each side of a closed barrier ends at a node of its own: nothing walks through
                    if (piece.Count > 0) { piece.Add(Copy(n)); Emit(w, piece, edges); piece.Clear(); }
                    piece.Add(Copy(n));
                    continue;
                }
                if (piece.Count > 0 && piece[^1] == n) continue;                                 // repeated node
                piece.Add(n);
                if (piece.Count > 1 && uses[n] > 1) { Emit(w, piece, edges); piece.Clear(); piece.Add(n); }
            }
            Emit(w, piece, edges);
        }
        AreaCrossings = 0;
        foreach (var w in _ways)
            if (w.Area) AddAreaCrossings(w.Id, w.Refs, ways, edges);
        return edges;
    }

    /// <summary>Straight edges between every two ring nodes that other ways meet, where the segment lies inside the area.</summary>
    private void AddAreaCrossings(long wayId, long[] ring, Dictionary<long, int> ways, List<OsmWalkEdge> edges)
    {
        if (ring.Any(n => !_nodes.ContainsKey(n))) return;                                     // clipped: no polygon
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var shell = ring.Select(n => new Coordinate(_nodes[n].Lon, _nodes[n].Lat)).ToArray();
        var area = factory.CreatePolygon(shell);
        if (!area.IsValid) return;
        var junctions = ring.Take(ring.Length - 1).Distinct().Where(n => ways[n] > 1 && !_blocking.Contains(n)).ToArray();
        if (junctions.Length > MaxAreaJunctions) return;
        var position = new Dictionary<long, int>();
        for (var i = 0; i < ring.Length - 1; i++) position.TryAdd(ring[i], i);
        var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(area);
        for (var i = 0; i < junctions.Length; i++)
            for (var j = i + 1; j < junctions.Length; j++)
            {
                var (a, b) = (junctions[i], junctions[j]);
                var gap = Math.Abs(position[a] - position[b]);
                if (gap == 1 || gap == ring.Length - 2) continue;                               // neighbours on the outline
                var segment = factory.CreateLineString([new Coordinate(_nodes[a].Lon, _nodes[a].Lat), new Coordinate(_nodes[b].Lon, _nodes[b].Lat)]);
                if (!prepared.Covers(segment)) continue;                                        // would leave a concave square
                edges.Add(new OsmWalkEdge(wayId, a, b, [_nodes[a], _nodes[b]], false, "pedestrian_area"));
                AreaCrossings++;
            }
    }

    private long Copy(long osmNode)
    {
        var id = _nextCopy--;
        _copyOf[id] = osmNode;
        _nodes[id] = _nodes[osmNode];
        return id;
    }

    private void Emit((long Id, long[] Refs, int Direction, string Kind, int Level, bool Area) w, List<long> piece, List<OsmWalkEdge> edges)
    {
        if (piece.Count < 2) return;
        edges.Add(new OsmWalkEdge(w.Id, piece[0], piece[^1], piece.Select(n => _nodes[n]).ToArray(), w.Direction != 0, w.Kind));
    }

    /// <summary>The position of a graph node (an OSM node fed to the builder, or one side of a barrier).</summary>
    public (double Lon, double Lat) Node(long id) => _nodes[id];

    /// <summary>The OSM node id of a graph node; null for one side of a blocking barrier (never shared with another import).</summary>
    public long? OsmNodeId(long id) => id >= 0 ? id : null;

    /// <summary>The level of a graph node (after <see cref="Build"/>): 0 on the ground, else its bridge's or tunnel's.</summary>
    public int NodeLevel(long id) => _level.GetValueOrDefault(id >= 0 ? id : _copyOf[id]);
}
