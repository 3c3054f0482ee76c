namespace GridGIS.Core.Network;

/// <summary>
/// Snaps points to the nearest point on the nearest edge (not the nearest node) of a
/// <see cref="WalkNetwork"/>, through a uniform grid of edge segments in local metres. Points farther
/// than <see cref="MaxSnapMetres"/> (default 300 m) from every edge come back off network, never snapped.
/// Build once per network; <see cref="Snap"/> is thread-safe.
/// </summary>
public sealed class NetworkSnapper
{
    /// <summary>Default snap limit: 300 m.</summary>
    public const double DefaultMaxSnapMetres = 300;

    private readonly WalkNetwork _network;
    private readonly double _minX, _minY, _cell;
    private readonly int _cols, _rows;
    private readonly int[] _cellFirst;            // CSR: segments of cell c are _cellSegs[_cellFirst[c] .. _cellFirst[c+1]-1]
    private readonly int[] _cellSegs;
    private readonly int[] _segEdge;
    private readonly double[] _ax, _ay, _bx, _by;  // segment ends
    private readonly double[] _segAlong;           // geometric metres from the edge's first vertex to the segment start
    private readonly double[] _edgeGeomLength;

    /// <param name="network">the network to snap to</param>
    /// <param name="maxSnapMetres">snap limit in metres, 0 .. 10,000</param>
    /// <param name="cellMetres">grid cell size in metres (default: from the mean segment length, 25..500)</param>
    public NetworkSnapper(WalkNetwork network, double maxSnapMetres = DefaultMaxSnapMetres, double? cellMetres = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!(maxSnapMetres >= 0 && maxSnapMetres <= 10_000))
            throw new ArgumentOutOfRangeException(nameof(maxSnapMetres), maxSnapMetres, "snap limit must be in [0, 10000] m");
        _network = network;
        MaxSnapMetres = maxSnapMetres;
        var segs = 0;
        for (var e = 0; e < network.EdgeCount; e++) segs += network.EdgeVertexCount(e) - 1;
        _segEdge = new int[segs]; _ax = new double[segs]; _ay = new double[segs]; _bx = new double[segs]; _by = new double[segs];
        _segAlong = new double[segs]; _edgeGeomLength = new double[network.EdgeCount];
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue, total = 0;
        var s = 0;
        for (var e = 0; e < network.EdgeCount; e++)
        {
            var (px, py) = network.EdgeVertex(e, 0);
            double along = 0;
            for (var i = 1; i < network.EdgeVertexCount(e); i++, s++)
            {
                var (x, y) = network.EdgeVertex(e, i);
                _segEdge[s] = e; _ax[s] = px; _ay[s] = py; _bx[s] = x; _by[s] = y; _segAlong[s] = along;
                var len = Math.Sqrt((x - px) * (x - px) + (y - py) * (y - py));
                along += len; total += len;
                minX = Math.Min(minX, Math.Min(px, x)); maxX = Math.Max(maxX, Math.Max(px, x));
                minY = Math.Min(minY, Math.Min(py, y)); maxY = Math.Max(maxY, Math.Max(py, y));
                px = x; py = y;
            }
            _edgeGeomLength[e] = along;
        }
        if (segs == 0) { minX = minY = 0; maxX = maxY = 1; }
        var cell = cellMetres ?? Math.Clamp(segs == 0 ? 100 : 2 * total / segs, 25, 500);
        if (!(cell > 0)) throw new ArgumentOutOfRangeException(nameof(cellMetres), cellMetres, "cell size must be > 0 m");
        // keep the grid under ~4 million cells whatever the extent
        var w = maxX - minX; var h = maxY - minY;
        while ((w / cell + 1) * (h / cell + 1) > 4_000_000) cell *= 2;
        _cell = cell; _minX = minX; _minY = minY;
        _cols = (int)(w / cell) + 1; _rows = (int)(h / cell) + 1;
        var count = new int[_cols * _rows + 1];
        void Cells(int seg, Action<int> visit)
        {
            int c0 = Col(Math.Min(_ax[seg], _bx[seg])), c1 = Col(Math.Max(_ax[seg], _bx[seg]));
            int r0 = Row(Math.Min(_ay[seg], _by[seg])), r1 = Row(Math.Max(_ay[seg], _by[seg]));
            for (var r = r0; r <= r1; r++) for (var c = c0; c <= c1; c++) visit(r * _cols + c);
        }
        for (var i = 0; i < segs; i++) Cells(i, c => count[c + 1]++);
        for (var c = 0; c < _cols * _rows; c++) count[c + 1] += count[c];
        _cellFirst = count;
        _cellSegs = new int[count[^1]];
        var fill = (int[])count.Clone();
        for (var i = 0; i < segs; i++) { var seg = i; Cells(i, c => _cellSegs[fill[c]++] = seg); }
    }

    /// <summary>Snap limit in metres.</summary>
    public double MaxSnapMetres { get; }

    /// <summary>The network this snapper snaps to.</summary>
    public WalkNetwork Network => _network;

    private int Col(double x) => Math.Clamp((int)Math.Floor((x - _minX) / _cell), 0, _cols - 1);
    private int Row(double y) => Math.Clamp((int)Math.Floor((y - _minY) / _cell), 0, _rows - 1);

    /// <summary>Snaps one point given in local metres. Ties go to the lower edge index.</summary>
    public SnappedPoint Snap(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y)) return SnappedPoint.OffNetwork(x, y);
        // the point's cell, possibly outside the grid
        var pc = (int)Math.Floor((x - _minX) / _cell);
        var pr = (int)Math.Floor((y - _minY) / _cell);
        double best = double.PositiveInfinity; int bestSeg = -1; double bestT = 0;
        var maxRing = (int)Math.Ceiling(MaxSnapMetres / _cell) + 1;
        // distance from the point to the nearest cell outside a ring-r block is at least the gap below
        var gapX = Math.Min(x - (_minX + pc * _cell), _minX + (pc + 1) * _cell - x);
        var gapY = Math.Min(y - (_minY + pr * _cell), _minY + (pr + 1) * _cell - y);
        var inner = Math.Max(0, Math.Min(gapX, gapY));
        for (var ring = 0; ring <= maxRing; ring++)
        {
            for (var r = pr - ring; r <= pr + ring; r++)
            {
                if (r < 0 || r >= _rows) continue;
                var edgeRow = r == pr - ring || r == pr + ring;
                for (var c = pc - ring; c <= pc + ring; c += edgeRow ? 1 : 2 * ring)
                {
                    if (c >= 0 && c < _cols)
                        for (var k = _cellFirst[r * _cols + c]; k < _cellFirst[r * _cols + c + 1]; k++)
                        {
                            var seg = _cellSegs[k];
                            var (d, t) = SegmentDistance(seg, x, y);
                            if (d < best || (d == best && _segEdge[seg] < _segEdge[bestSeg])) { best = d; bestSeg = seg; bestT = t; }
                        }
                    if (ring == 0) break;
                }
            }
            if (best <= inner + ring * _cell || inner + ring * _cell > MaxSnapMetres) break;
        }
        if (bestSeg < 0 || best > MaxSnapMetres) return SnappedPoint.OffNetwork(x, y, best);
        var e = _segEdge[bestSeg];
        var segLen = Math.Sqrt((_bx[bestSeg] - _ax[bestSeg]) * (_bx[bestSeg] - _ax[bestSeg]) + (_by[bestSeg] - _ay[bestSeg]) * (_by[bestSeg] - _ay[bestSeg]));
        var along = _segAlong[bestSeg] + bestT * segLen;
        var fraction = _edgeGeomLength[e] > 0 ? Math.Clamp(along / _edgeGeomLength[e], 0, 1) : 0;
        var sx = _ax[bestSeg] + bestT * (_bx[bestSeg] - _ax[bestSeg]);
        var sy = _ay[bestSeg] + bestT * (_by[bestSeg] - _ay[bestSeg]);
        return new SnappedPoint(e, fraction, best, sx, sy);
    }

    /// <summary>Snaps many points (x[i], y[i] in metres), in parallel.</summary>
    public SnappedPoint[] SnapAll(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length) throw new ArgumentException("x and y differ in length", nameof(y));
        var result = new SnappedPoint[x.Length];
        Parallel.For(0, x.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => 0, (i, _, acc) => { result[i] = Snap(x[i], y[i]); return acc; }, _ => { });
        return result;
    }

    private (double Distance, double T) SegmentDistance(int seg, double x, double y)
    {
        double ax = _ax[seg], ay = _ay[seg], dx = _bx[seg] - ax, dy = _by[seg] - ay;
        var len2 = dx * dx + dy * dy;
        var t = len2 > 0 ? Math.Clamp(((x - ax) * dx + (y - ay) * dy) / len2, 0, 1) : 0;
        double qx = ax + t * dx - x, qy = ay + t * dy - y;
        return (Math.Sqrt(qx * qx + qy * qy), t);
    }
}
