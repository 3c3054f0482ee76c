using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Linemerge;

namespace GridGIS.Core.Import.Osm;

/// <summary>An OSM element type, as OSM names it in ids such as <c>node/123</c>.</summary>
public enum OsmType
{
    /// <summary>A point.</summary>
    Node,
    /// <summary>An ordered list of nodes: a line, or an area when closed and tagged as one.</summary>
    Way,
    /// <summary>A group of members; only <c>type=multipolygon</c> (and <c>boundary</c>) are given a geometry here.</summary>
    Relation,
}

/// <summary>A member of a relation: its type, id and role (<c>outer</c>, <c>inner</c>, ...).</summary>
public sealed record OsmMember(OsmType Type, long Ref, string Role);

/// <summary>A tagged OSM element with its geometry (WGS84 lon/lat, EPSG:4326): what the facility and basemap rules read.</summary>
public sealed record OsmFeature(OsmType Type, long Id, IReadOnlyDictionary<string, string> Tags, Geometry Geometry)
{
    /// <summary>OSM's own reference, <c>node/123</c>, <c>way/45</c>, <c>relation/6</c>.</summary>
    public string SourceId => $"{Type.ToString().ToLowerInvariant()}/{Id}";
}

/// <summary>
/// The content of an OSM extract held in memory: every node's position, the ways and relations with their tags.
/// Filled by a reader (.osm XML or .osm.pbf, in the server), then <see cref="Features"/> gives each tagged element a
/// geometry: a node its point, a way its line, or its polygon when it is closed and an area (<see cref="IsArea"/>), a
/// multipolygon relation the polygons its outer and inner ways close into. A way or relation whose nodes are missing from
/// the extract (an export cut at its edge) gets what its present nodes make, or nothing; it is counted in
/// <see cref="Incomplete"/>.
/// </summary>
public sealed class OsmExtract
{
    private readonly Dictionary<long, (double Lon, double Lat)> _nodes = [];
    private readonly List<(long Id, IReadOnlyDictionary<string, string> Tags)> _taggedNodes = [];
    private readonly Dictionary<long, (long[] Refs, IReadOnlyDictionary<string, string> Tags)> _ways = [];
    private readonly List<(long Id, OsmMember[] Members, IReadOnlyDictionary<string, string> Tags)> _relations = [];
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Nodes, ways and relations read.</summary>
    public (int Nodes, int Ways, int Relations) Counts => (_nodes.Count, _ways.Count, _relations.Count);

    /// <summary>Ways and relations given a geometry from part of their nodes or members only, or none at all.</summary>
    public int Incomplete { get; private set; }

    /// <summary>The box of every node read (lon/lat), or null for an extract without nodes.</summary>
    public Envelope? Bounds { get; private set; }

    /// <summary>The area the extract was cut from, as its <c>&lt;bounds&gt;</c> element says, or null when it says none.</summary>
    public Envelope? DeclaredBounds { get; private set; }

    /// <summary>
    /// The extract's area: <see cref="DeclaredBounds"/>, else <see cref="Bounds"/>. An export includes every node of the ways that
    /// cross its box, so the nodes' box is often much larger than the area asked for (Wangjing's 1.9 km box, its nodes' 19 km).
    /// </summary>
    public Envelope? Area => DeclaredBounds ?? Bounds;

    /// <summary>
    /// The box of the middle <paramref name="share"/> (0..1] of the nodes in longitude and in latitude (quantiles): the
    /// extract's core without the far ends of the long ways that reach out of it; null without nodes.
    /// </summary>
    public Envelope? CoreBox(double share)
    {
        if (share is <= 0 or > 1 || double.IsNaN(share)) throw new ArgumentOutOfRangeException(nameof(share), share, "share must be in (0, 1]");
        if (_nodes.Count == 0) return null;
        var lons = _nodes.Values.Select(p => p.Lon).Order().ToArray();
        var lats = _nodes.Values.Select(p => p.Lat).Order().ToArray();
        var cut = (int)Math.Floor(lons.Length * (1 - share) / 2);
        return new Envelope(lons[cut], lons[^(cut + 1)], lats[cut], lats[^(cut + 1)]);
    }

    /// <summary>Records the extract's declared box (<c>&lt;bounds minlon minlat maxlon maxlat&gt;</c>), degrees.</summary>
    public void DeclareBounds(double minLon, double minLat, double maxLon, double maxLat)
    {
        if (!(minLon <= maxLon && minLat <= maxLat) || minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90)
            throw new ArgumentOutOfRangeException(nameof(minLon), $"bounds {minLon},{minLat} .. {maxLon},{maxLat} are not a box in lon -180..180, lat -90..90");
        DeclaredBounds = new Envelope(minLon, maxLon, minLat, maxLat);
    }

    /// <summary>Adds a node; tags may be empty (an untagged node is only a vertex of ways).</summary>
    public void AddNode(long id, double lon, double lat, IReadOnlyDictionary<string, string> tags)
    {
        if (!double.IsFinite(lon) || lon is < -180 or > 180) throw new ArgumentOutOfRangeException(nameof(lon), lon, $"node {id}: longitude must be in -180..180");
        if (!double.IsFinite(lat) || lat is < -90 or > 90) throw new ArgumentOutOfRangeException(nameof(lat), lat, $"node {id}: latitude must be in -90..90");
        _nodes[id] = (lon, lat);
        (Bounds ??= new Envelope()).ExpandToInclude(lon, lat);
        if (tags.Count > 0) _taggedNodes.Add((id, tags));
    }

    /// <summary>Adds a way by its node references, in order.</summary>
    public void AddWay(long id, IReadOnlyList<long> refs, IReadOnlyDictionary<string, string> tags) => _ways[id] = ([.. refs], tags);

    /// <summary>Adds a relation with its members.</summary>
    public void AddRelation(long id, IReadOnlyList<OsmMember> members, IReadOnlyDictionary<string, string> tags) => _relations.Add((id, [.. members], tags));

    /// <summary>
    /// True when a closed way with these tags is an area, not a ring-shaped line: <c>area=yes</c>, or a building, land use,
    /// water body, park or other tag that only areas carry; a closed highway or barrier is a line unless <c>area=yes</c>.
    /// </summary>
    public static bool IsArea(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.TryGetValue("area", out var area)) return area == "yes";
        if (tags.ContainsKey("highway") || tags.ContainsKey("barrier") || tags.ContainsKey("railway")) return false;
        if (tags.TryGetValue("waterway", out var w)) return w is "riverbank" or "dock" or "boatyard";
        if (tags.TryGetValue("natural", out var n) && n is "coastline" or "tree_row" or "cliff" or "ridge") return false;
        return tags.ContainsKey("building") || tags.ContainsKey("landuse") || tags.ContainsKey("natural") || tags.ContainsKey("leisure")
               || tags.ContainsKey("amenity") || tags.ContainsKey("shop") || tags.ContainsKey("healthcare") || tags.ContainsKey("place")
               || tags.ContainsKey("water") || tags.ContainsKey("tourism") || tags.ContainsKey("social_facility") || tags.ContainsKey("building:part");
    }

    /// <summary>Every tagged node, tagged way and multipolygon relation with its geometry, in that order; elements without one are left out.</summary>
    public IEnumerable<OsmFeature> Features()
    {
        Incomplete = 0;
        foreach (var (id, tags) in _taggedNodes)
        {
            var (lon, lat) = _nodes[id];
            yield return new OsmFeature(OsmType.Node, id, tags, Factory.CreatePoint(new Coordinate(lon, lat)));
        }
        foreach (var (id, (refs, tags)) in _ways)
        {
            if (tags.Count == 0) continue;
            var g = WayGeometry(refs, IsArea(tags));
            if (g is not null) yield return new OsmFeature(OsmType.Way, id, tags, g);
        }
        foreach (var (id, members, tags) in _relations)
        {
            if (tags.GetValueOrDefault("type") is not ("multipolygon" or "boundary")) continue;
            var g = Multipolygon(members);
            if (g is not null) yield return new OsmFeature(OsmType.Relation, id, tags, g);
            else Incomplete++;
        }
    }

    private Geometry? WayGeometry(long[] refs, bool area)
    {
        var coords = new List<Coordinate>(refs.Length);
        foreach (var r in refs)
            if (_nodes.TryGetValue(r, out var p)) coords.Add(new Coordinate(p.Lon, p.Lat));
        if (coords.Count < refs.Length) Incomplete++;
        if (coords.Count == 0) return null;
        if (coords.Count == 1) return Factory.CreatePoint(coords[0]);
        var closed = refs.Length >= 4 && refs[0] == refs[^1] && coords.Count == refs.Length;
        if (area && closed)
        {
            var polygon = Factory.CreatePolygon(coords.ToArray());
            if (polygon.IsValid) return polygon;
            var fixedUp = NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(polygon);
            return fixedUp.IsEmpty ? null : fixedUp;
        }
        return Factory.CreateLineString(coords.ToArray());
    }

    /// <summary>
    /// The polygons of a multipolygon: its outer ways merged into closed rings, each with the inner rings it contains.
    /// "Where simple": null when a ring does not close (members missing from the extract) or the result is not valid.
    /// </summary>
    private Geometry? Multipolygon(OsmMember[] members)
    {
        var outer = Rings(members.Where(m => m.Type == OsmType.Way && m.Role is "outer" or ""));
        var inner = Rings(members.Where(m => m.Type == OsmType.Way && m.Role == "inner"));
        if (outer is null || inner is null || outer.Count == 0) return null;
        var holes = inner.Select(r => Factory.CreatePolygon(r)).ToList();
        var polygons = outer.Select(shell =>
        {
            var shellPolygon = Factory.CreatePolygon(shell);
            var mine = holes.Where(h => shellPolygon.Contains(h.InteriorPoint)).Select(h => (LinearRing)h.ExteriorRing).ToArray();
            return Factory.CreatePolygon(shell, mine);
        }).ToArray();
        Geometry result = polygons.Length == 1 ? polygons[0] : Factory.CreateMultiPolygon(polygons);
        return result.IsValid && !result.IsEmpty ? result : null;
    }

    /// <summary>The closed rings the member ways make when merged end to end; null when one does not close or a way is missing.</summary>
    private List<LinearRing>? Rings(IEnumerable<OsmMember> ways)
    {
        var merger = new LineMerger();
        foreach (var m in ways)
        {
            if (!_ways.TryGetValue(m.Ref, out var way)) return null;
            var coords = new List<Coordinate>(way.Refs.Length);
            foreach (var r in way.Refs)
            {
                if (!_nodes.TryGetValue(r, out var p)) return null;
                coords.Add(new Coordinate(p.Lon, p.Lat));
            }
            if (coords.Count >= 2) merger.Add(Factory.CreateLineString(coords.ToArray()));
        }
        var rings = new List<LinearRing>();
        foreach (LineString line in merger.GetMergedLineStrings())
        {
            if (!line.IsClosed || line.NumPoints < 4) return null;
            rings.Add(Factory.CreateLinearRing(line.Coordinates));
        }
        return rings;
    }
}
