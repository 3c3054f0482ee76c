using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Simplify;

namespace GridGIS.Core.Network;

/// <summary>
/// The buffer of many lines (every point within a width of at least one of them), traced as the
/// width-contour of their distance field: for large inputs (a whole category's reached streets: 150,000
/// parts) where unioning one buffer per part costs minutes because neighbouring buffers overlap many
/// times over. The exact distance to the nearest line is computed at the nodes of a square lattice
/// (<see cref="CellMetres"/> apart) and the contour at the width is traced by marching squares, its
/// vertices placed by linear interpolation along cell sides, then simplified by 1 % of a cell.
/// Accuracy: a boundary vertex lies on the exact buffer line where the distance is linear across its
/// cell side (along straight stretches: within millimetres); where two buffers meet in a concave corner
/// the traced line cuts the corner by at most half a cell. Holes (points farther than the width from
/// every line) are kept. Local metres in and out; valid output (shells with their holes). Pure and
/// thread-safe: every call has its own scratch (the lattice, at most <see cref="MaxLatticeNodes"/> floats).
/// </summary>
public static class LineBufferContour
{
    /// <summary>Most lattice nodes per call (~64 MB of floats); a larger extent gets coarser cells.</summary>
    public const int MaxLatticeNodes = 16_000_000;

    /// <summary>
    /// The <paramref name="widthMetres"/> buffer of <paramref name="lines"/> (LineStrings and Points; other
    /// parts ignored), traced on cells of <paramref name="cellMetres"/> (coarser when the extent needs more
    /// than <see cref="MaxLatticeNodes"/>). Empty input gives an empty polygon.
    /// </summary>
    /// <param name="widthMetres">buffer width, &gt; 0</param>
    /// <param name="cellMetres">lattice spacing, 0.1 .. widthMetres / 2; the cell actually used is <see cref="CellMetres"/></param>
    /// <param name="cancellation">checked every few thousand segments and lattice rows: <see cref="OperationCanceledException"/></param>
    public static Geometry Buffer(Geometry lines, double widthMetres, double cellMetres = 2, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (!(widthMetres > 0) || double.IsInfinity(widthMetres)) throw new ArgumentOutOfRangeException(nameof(widthMetres), widthMetres, "width must be > 0 m");
        if (!(cellMetres >= 0.1 && cellMetres <= widthMetres / 2)) throw new ArgumentOutOfRangeException(nameof(cellMetres), cellMetres, "cell must be in [0.1, width / 2] m");
        var factory = lines.Factory;
        if (lines.IsEmpty) return factory.CreatePolygon();
        var env = lines.EnvelopeInternal;
        var h = Math.Max(cellMetres, CellMetres(env, widthMetres));
        var margin = widthMetres + 2 * h;
        var x0 = Math.Floor((env.MinX - margin) / h) * h;     // lattice on multiples of h: bands of one run share it
        var y0 = Math.Floor((env.MinY - margin) / h) * h;
        var nx = (int)Math.Ceiling((env.MaxX + margin - x0) / h) + 1;
        var ny = (int)Math.Ceiling((env.MaxY + margin - y0) / h) + 1;
        var field = DistanceField(lines, widthMetres, h, x0, y0, nx, ny, cancellation);
        var rings = Trace(field, widthMetres, h, x0, y0, nx, ny, factory, cancellation);
        cancellation.ThrowIfCancellationRequested();
        return Assemble(rings, factory);
    }

    /// <summary>The lattice spacing (m) an extent needs to stay within <see cref="MaxLatticeNodes"/>.</summary>
    public static double CellMetres(Envelope extent, double widthMetres)
    {
        ArgumentNullException.ThrowIfNull(extent);
        var w = extent.Width + 2 * widthMetres + 8;
        var hgt = extent.Height + 2 * widthMetres + 8;
        return Math.Sqrt(w * hgt / (MaxLatticeNodes * 0.9));
    }

    /// <summary>
    /// Squared distance (m²) from each lattice node to the nearest line, capped just above the width's
    /// square. Rows are split into strips computed in parallel, each strip visiting every segment that
    /// reaches it, so no two threads write the same node.
    /// </summary>
    private static float[] DistanceField(Geometry lines, double width, double h, double x0, double y0, int nx, int ny, CancellationToken cancellation)
    {
        var segments = new List<(double Ax, double Ay, double Bx, double By)>();
        for (var g = 0; g < lines.NumGeometries; g++)
        {
            var part = lines.GetGeometryN(g);
            if (part is Point p) { segments.Add((p.X, p.Y, p.X, p.Y)); continue; }
            if (part is not LineString ls) continue;
            var seq = ls.CoordinateSequence;
            for (var k = 1; k < seq.Count; k++) segments.Add((seq.GetX(k - 1), seq.GetY(k - 1), seq.GetX(k), seq.GetY(k)));
        }
        var cap = (float)((width + 2 * h) * (width + 2 * h));
        var field = new float[checked(nx * ny)];
        Array.Fill(field, cap);
        var reach = width + h;
        var strips = Math.Max(1, Math.Min(Environment.ProcessorCount * 2, ny / 64));
        Parallel.For(0, strips, new ParallelOptions { CancellationToken = cancellation }, s =>
        {
            int rowFrom = (int)((long)ny * s / strips), rowTo = (int)((long)ny * (s + 1) / strips) - 1;
            var visited = 0;
            foreach (var (ax, ay, bx, by) in segments)
            {
                if ((++visited & 4095) == 0) cancellation.ThrowIfCancellationRequested();
                var j0 = Math.Max(rowFrom, (int)((Math.Min(ay, by) - reach - y0) / h));
                var j1 = Math.Min(rowTo, (int)((Math.Max(ay, by) + reach - y0) / h) + 1);
                if (j0 > j1) continue;
                var i0 = Math.Max(0, (int)((Math.Min(ax, bx) - reach - x0) / h));
                var i1 = Math.Min(nx - 1, (int)((Math.Max(ax, bx) + reach - x0) / h) + 1);
                double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
                var perLen2 = len2 > 0 ? 1 / len2 : 0;
                for (var j = j0; j <= j1; j++)
                {
                    var py = y0 + j * h - ay;
                    var row = j * nx;
                    for (var i = i0; i <= i1; i++)
                    {
                        var px = x0 + i * h - ax;
                        var t = Math.Clamp((px * dx + py * dy) * perLen2, 0, 1);
                        double ex = t * dx - px, ey = t * dy - py;
                        var d2 = (float)(ex * ex + ey * ey);
                        if (d2 < field[row + i]) field[row + i] = d2;
                    }
                }
            }
        });
        // back to metres where the contour can pass (the cap elsewhere), and a node exactly on the
        // contour nudged outwards so that no cell side has a zero-length crossing
        var iso = (float)width;
        for (var k = 0; k < field.Length; k++)
        {
            if (field[k] >= cap) { field[k] = (float)(width + 2 * h); continue; }
            var d = MathF.Sqrt(field[k]);
            field[k] = d == iso ? MathF.BitIncrement(iso) : d;
        }
        return field;
    }

    /// <summary>
    /// Marching squares: per cell, directed segments between the crossings on its sides, inside (distance
    /// below the width) on the left, so shells run counter-clockwise and holes clockwise. A crossing is
    /// named by its lattice side (2 * node + 0 for the side to the east, + 1 for the side to the north);
    /// each has one successor, so rings follow by chasing successors.
    /// </summary>
    private static List<LinearRing> Trace(float[] f, double width, double h, double x0, double y0, int nx, int ny, GeometryFactory factory,
        CancellationToken cancellation)
    {
        var iso = (float)width;
        var next = new Dictionary<long, long>();
        // corners: a = (i,j), b = (i+1,j), c = (i+1,j+1), d = (i,j+1); sides: S = a-b, E = b-c, N = d-c, W = a-d
        for (var j = 0; j < ny - 1; j++)
        {
            if ((j & 63) == 0) cancellation.ThrowIfCancellationRequested();
            for (var i = 0; i < nx - 1; i++)
            {
                long a = (long)j * nx + i, b = a + 1, d = a + nx, c = d + 1;
                var code = (f[a] < iso ? 1 : 0) | (f[b] < iso ? 2 : 0) | (f[c] < iso ? 4 : 0) | (f[d] < iso ? 8 : 0);
                if (code is 0 or 15) continue;
                long s = 2 * a, e = 2 * b + 1, n = 2 * d, w = 2 * a + 1;
                switch (code)
                {
                    case 1: next[s] = w; break;
                    case 2: next[e] = s; break;
                    case 3: next[e] = w; break;
                    case 4: next[n] = e; break;
                    case 6: next[n] = s; break;
                    case 7: next[n] = w; break;
                    case 8: next[w] = n; break;
                    case 9: next[s] = n; break;
                    case 11: next[e] = n; break;
                    case 12: next[w] = e; break;
                    case 13: next[s] = e; break;
                    case 14: next[w] = s; break;
                    case 5 or 10:
                        // saddle: the cell's centre decides whether the two inside corners join
                        var joined = (f[a] + f[b] + f[c] + f[d]) / 4 < iso;
                        if (code == 5)
                        {
                            if (joined) { next[s] = e; next[n] = w; }      // cut off the outside corners b and d
                            else { next[s] = w; next[n] = e; }             // round the inside corners a and c
                        }
                        else
                        {
                            if (joined) { next[w] = s; next[e] = n; }      // cut off a and c
                            else { next[e] = s; next[w] = n; }             // round b and d
                        }
                        break;
                }
            }
        }
        Coordinate At(long side)
        {
            var node = side >> 1;
            int i = (int)(node % nx), j = (int)(node / nx);
            var other = (side & 1) == 0 ? node + 1 : node + nx;
            var t = (iso - f[node]) / (f[other] - f[node]);
            return (side & 1) == 0 ? new Coordinate(x0 + (i + t) * h, y0 + j * h) : new Coordinate(x0 + i * h, y0 + (j + t) * h);
        }
        var rings = new List<LinearRing>();
        var coords = new List<Coordinate>();
        var ringsTried = 0;
        foreach (var start in next.Keys.ToArray())
        {
            if (!next.ContainsKey(start)) continue;          // on a ring already traced
            if ((++ringsTried & 255) == 0) cancellation.ThrowIfCancellationRequested();
            coords.Clear();
            for (var v = start; ;)
            {
                coords.Add(At(v));
                var to = next[v];
                next.Remove(v);
                v = to;
                if (v == start) break;
            }
            coords.Add(coords[0].Copy());
            if (coords.Count < 4) continue;
            var ring = factory.CreateLinearRing(coords.ToArray());
            // drop the lattice's collinear steps: 1 % of a cell moves no vertex visibly
            var simple = DouglasPeuckerSimplifier.Simplify(ring, h / 100);
            if (simple is LinearRing r && r.NumPoints >= 4) rings.Add(r);
            else if (simple is LineString l && l.NumPoints >= 4 && l.IsClosed) rings.Add(factory.CreateLinearRing(l.Coordinates));
        }
        return rings;
    }

    /// <summary>Shells are the counter-clockwise rings; each hole goes to the smallest shell that contains it.</summary>
    private static Geometry Assemble(List<LinearRing> rings, GeometryFactory factory)
    {
        var shells = new List<(LinearRing Ring, double Area, List<LinearRing> Holes, IPointOnGeometryLocator Locator)>();
        var holes = new List<LinearRing>();
        foreach (var r in rings)
        {
            if (Orientation.IsCCW(r.CoordinateSequence)) shells.Add((r, Area.OfRing(r.CoordinateSequence), new List<LinearRing>(), new IndexedPointInAreaLocator(factory.CreatePolygon(r))));
            else holes.Add(r);
        }
        var index = new STRtree<int>();
        for (var k = 0; k < shells.Count; k++) index.Insert(shells[k].Ring.EnvelopeInternal, k);
        foreach (var hole in holes)
        {
            var probe = hole.GetCoordinateN(0);
            var best = -1;
            foreach (var k in index.Query(hole.EnvelopeInternal))
                if (shells[k].Ring.EnvelopeInternal.Contains(hole.EnvelopeInternal) && shells[k].Locator.Locate(probe) != Location.Exterior
                    && (best < 0 || shells[k].Area < shells[best].Area))
                    best = k;
            if (best >= 0) shells[best].Holes.Add(hole);
        }
        var polygons = shells.Select(s => factory.CreatePolygon(s.Ring, s.Holes.ToArray())).ToArray();
        return polygons.Length == 1 ? polygons[0] : factory.CreateMultiPolygon(polygons);
    }
}
