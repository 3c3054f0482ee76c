using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Buffer;
using NetTopologySuite.Operation.OverlayNG;

namespace GridGIS.Core.Network;

/// <summary>
/// Service area (服务范围) of one facility, or of a whole category at once: the reachable parts of the
/// edges within a limit (partial edges included, cut at the exact metre), buffered by a small width
/// (default 50 m) and dissolved. Not a convex hull and not a circle: unreachable pockets wider than twice
/// the width stay holes. Bands asked for together (5, 10, 15 minutes) come from one search and nest:
/// each band is unioned into the next, so a smaller band lies inside the larger up to the overlay's
/// floating-point noise (well under a square millimetre). Large reaches (a whole category) are traced
/// from a distance field instead of unioned (<see cref="ContourAbovePieces"/>, <see cref="LineBufferContour"/>). Input and the search are in local metres; the output is
/// in WGS84 lon/lat (EPSG:4326) when a <see cref="LocalProjection"/> is given, else in metres.
/// An instance keeps scratch arrays: one per thread.
/// </summary>
public sealed class ServiceArea
{
    public const double DefaultBufferMetres = 50;

    private readonly WalkNetwork _net;
    private readonly double[] _fromSource, _fromTarget;  // metres covered from each end, -1 = none
    private readonly List<int> _touched = new();
    private readonly Dictionary<int, List<(double Lo, double Hi)>> _extra = new();
    private readonly GeometryFactory _factory = new(new PrecisionModel(), 0);
    private readonly BufferParameters _buffer;

    /// <param name="network">the network searches run on</param>
    /// <param name="bufferMetres">buffer width either side of the reached lines, 1 .. 500 m</param>
    /// <param name="projection">when given, results are returned in WGS84 through its inverse</param>
    public ServiceArea(WalkNetwork network, double bufferMetres = DefaultBufferMetres, LocalProjection? projection = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!(bufferMetres >= 1 && bufferMetres <= 500)) throw new ArgumentOutOfRangeException(nameof(bufferMetres), bufferMetres, "buffer must be in [1, 500] m");
        _net = network;
        BufferMetres = bufferMetres;
        Projection = projection;
        _fromSource = new double[network.EdgeCount];
        _fromTarget = new double[network.EdgeCount];
        Array.Fill(_fromSource, -1);
        Array.Fill(_fromTarget, -1);
        _buffer = new BufferParameters(6, EndCapStyle.Round, JoinStyle.Round, 5);
    }

    public double BufferMetres { get; }
    public LocalProjection? Projection { get; }

    /// <summary>The area of the last run of <paramref name="search"/>, at its own limit.</summary>
    public Geometry Build(BoundedSearch search) => Bands(search, [search.LimitMetres])[0];

    /// <summary>One-call form: the service area of a snapped facility within <paramref name="limitMetres"/>.</summary>
    public Geometry Build(in SnappedPoint facility, double limitMetres)
    {
        var search = new BoundedSearch(_net);
        search.Run(facility, limitMetres);
        return Build(search);
    }

    /// <summary>
    /// Nested bands from the last run of <paramref name="search"/>: one polygon per limit (metres, each
    /// &lt;= the search's limit), in the order given; each contains every smaller band. A cancelled
    /// <paramref name="cancellation"/> stops the work between parts and inside the tracing
    /// (<see cref="OperationCanceledException"/>): a caller who has gone away costs no more.
    /// </summary>
    public Geometry[] Bands(BoundedSearch search, IReadOnlyList<double> limitsMetres, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(limitsMetres);
        if (!ReferenceEquals(search.Network, _net)) throw new ArgumentException("the search runs on another network", nameof(search));
        foreach (var l in limitsMetres)
            if (!(l >= 0 && l <= search.LimitMetres))
                throw new ArgumentOutOfRangeException(nameof(limitsMetres), l, $"band limits must be in [0, {search.LimitMetres}] m, the search's limit");
        var order = Enumerable.Range(0, limitsMetres.Count).OrderBy(i => limitsMetres[i]).ToArray();
        var lines = order.Select(i => { cancellation.ThrowIfCancellationRequested(); return ReachedLines(search, limitsMetres[i]); }).ToArray();
        // one lattice for every band (the largest band's), so that traced bands differ only where the reach does
        var cell = lines.Length == 0 || lines[^1].IsEmpty ? ContourCellMetres
            : Math.Max(ContourCellMetres, LineBufferContour.CellMetres(lines[^1].EnvelopeInternal, BufferMetres));
        var areas = new Geometry[lines.Length];
        Parallel.For(0, lines.Length, new ParallelOptions { CancellationToken = cancellation }, k => areas[k] = Dissolve(lines[k], cell, cancellation));
        var result = new Geometry[limitsMetres.Count];
        for (var k = 0; k < order.Length; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (k > 0) areas[k] = OverlayNGRobust.Union([areas[k], areas[k - 1]]);   // nesting, whatever the buffer's rounding
            result[order[k]] = areas[k];
        }
        return Projection is null ? result : result.Select(Projection.Inverse).ToArray();
    }

    /// <summary>
    /// Reached lines of more parts than this are dissolved by tracing (<see cref="LineBufferContour"/>),
    /// fewer by unioning one buffer per part (small reaches keep the exact vector union). On the full
    /// demo network a facility's 15-minute reach is ~1,000 parts (union ~0.2-0.5 s, tracing ~0.1 s) and a
    /// whole category's ~150,000 (union: minutes; tracing: ~3 s per band).
    /// </summary>
    public int ContourAbovePieces { get; init; } = 400;

    /// <summary>The finest lattice spacing, metres, when tracing (coarser over a large extent: <see cref="LineBufferContour.CellMetres"/>).</summary>
    public double ContourCellMetres { get; init; } = 2;

    /// <summary>
    /// The reached lines buffered by <see cref="BufferMetres"/> and dissolved. Up to
    /// <see cref="ContourAbovePieces"/> parts: each part buffered on its own and the pieces unioned
    /// (cascaded, OverlayNG; much faster than buffering a MultiLineString whole, whose noding of many
    /// touching round caps falls back to slow snap-rounding retries). Above: traced as the contour of
    /// the lines' distance field (<see cref="LineBufferContour"/>; boundary within about a metre of the exact
    /// buffer, notches narrower than a lattice cell closed).
    /// </summary>
    public Geometry Dissolve(Geometry lines) => Dissolve(lines, ContourCellMetres, CancellationToken.None);

    private Geometry Dissolve(Geometry lines, double contourCell, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.IsEmpty) return _factory.CreatePolygon();
        if (lines.NumGeometries > ContourAbovePieces)
            return LineBufferContour.Buffer(lines, BufferMetres, Math.Min(contourCell, BufferMetres / 2), cancellation);
        var pieces = new List<Geometry>(lines.NumGeometries);
        for (var i = 0; i < lines.NumGeometries; i++) pieces.Add(lines.GetGeometryN(i).Buffer(BufferMetres, _buffer));
        cancellation.ThrowIfCancellationRequested();
        return OverlayNGRobust.Union(pieces);
    }

    /// <summary>
    /// The reached parts of edges within <paramref name="limitMetres"/> of the last run, in metres: a
    /// MultiLineString (with points for reached spots of zero length, e.g. a lone source node).
    /// </summary>
    public Geometry ReachedLines(BoundedSearch search, double limitMetres)
    {
        ArgumentNullException.ThrowIfNull(search);
        try
        {
            foreach (var u in search.Nodes)
            {
                var du = search.NodeMetres(u);
                if (du > limitMetres) break;    // settled nearest first
                var rem = limitMetres - du;
                for (var a = _net.FirstArc[u]; a < _net.FirstArc[u + 1]; a++)
                {
                    var e = _net.ArcEdge[a];
                    var cover = Math.Min(_net.EdgeLength(e), rem);
                    var side = _net.ArcForward[a] ? _fromSource : _fromTarget;
                    if (_fromSource[e] < 0 && _fromTarget[e] < 0 && !_extra.ContainsKey(e)) _touched.Add(e);
                    side[e] = Math.Max(side[e], cover);
                }
            }
            foreach (var s in search.Sources)
            {
                if (s.IsOffNetwork || s.AccessMetres > limitMetres) continue;
                var rem = limitMetres - s.AccessMetres;
                var len = _net.EdgeLength(s.Edge);
                var pos = s.Fraction * len;
                var lo = _net.EdgeOneway(s.Edge) ? pos : Math.Max(0, pos - rem);
                if (_fromSource[s.Edge] < 0 && _fromTarget[s.Edge] < 0 && !_extra.ContainsKey(s.Edge)) _touched.Add(s.Edge);
                if (!_extra.TryGetValue(s.Edge, out var list)) _extra[s.Edge] = list = new List<(double, double)>(1);
                list.Add((lo, Math.Min(len, pos + rem)));
            }
            var parts = new List<Geometry>(_touched.Count);
            var intervals = new List<(double Lo, double Hi)>(4);
            foreach (var e in _touched)
            {
                var len = _net.EdgeLength(e);
                intervals.Clear();
                if (_fromSource[e] >= 0) intervals.Add((0, _fromSource[e]));
                if (_fromTarget[e] >= 0) intervals.Add((len - _fromTarget[e], len));
                if (_extra.TryGetValue(e, out var extra)) intervals.AddRange(extra);
                intervals.Sort();
                var (lo, hi) = intervals[0];
                for (var k = 1; k <= intervals.Count; k++)
                {
                    if (k < intervals.Count && intervals[k].Lo <= hi) { hi = Math.Max(hi, intervals[k].Hi); continue; }
                    parts.Add(Part(e, lo, hi, len));
                    if (k < intervals.Count) (lo, hi) = intervals[k];
                }
            }
            return parts.Count == 0 ? _factory.CreateGeometryCollection() : _factory.BuildGeometry(parts);
        }
        finally
        {
            foreach (var e in _touched) { _fromSource[e] = -1; _fromTarget[e] = -1; }
            _touched.Clear();
            _extra.Clear();
        }
    }

    /// <summary>The part of edge e between lo and hi metres from its source (network length len), as a line or point.</summary>
    private Geometry Part(int e, double lo, double hi, double len)
    {
        var geomLen = _net.EdgeGeometricLength(e);
        double f0 = len > 0 ? lo / len : 0, f1 = len > 0 ? hi / len : 1;
        if (geomLen <= 0 || (f1 - f0) * geomLen < 1e-9)
        {
            var p = At(e, f0 * geomLen);
            return _factory.CreatePoint(p);
        }
        var coords = new List<Coordinate> { At(e, f0 * geomLen) };
        double along = 0;
        var (px, py) = _net.EdgeVertex(e, 0);
        for (var i = 1; i < _net.EdgeVertexCount(e); i++)
        {
            var (x, y) = _net.EdgeVertex(e, i);
            along += Math.Sqrt((x - px) * (x - px) + (y - py) * (y - py));
            if (along > f0 * geomLen && along < f1 * geomLen) coords.Add(new Coordinate(x, y));
            px = x; py = y;
        }
        coords.Add(At(e, f1 * geomLen));
        return _factory.CreateLineString(coords.ToArray());
    }

    /// <summary>The point at <paramref name="d"/> geometric metres along edge e.</summary>
    private Coordinate At(int e, double d)
    {
        var (px, py) = _net.EdgeVertex(e, 0);
        double along = 0;
        for (var i = 1; i < _net.EdgeVertexCount(e); i++)
        {
            var (x, y) = _net.EdgeVertex(e, i);
            var seg = Math.Sqrt((x - px) * (x - px) + (y - py) * (y - py));
            if (along + seg >= d && seg > 0)
            {
                var t = Math.Clamp((d - along) / seg, 0, 1);
                return new Coordinate(px + t * (x - px), py + t * (y - py));
            }
            along += seg; px = x; py = y;
        }
        return new Coordinate(px, py);
    }
}
