using NetTopologySuite.Geometries;

namespace GridGIS.Core.Coverage;

/// <summary>
/// Cell masks on a <see cref="CellLattice"/> (one bool per cell, index row·Columns + column): the cells whose
/// centre lies inside polygons (scanline fill, even-odd per polygon, so holes stay empty), or within a
/// radius of points. A cell centre exactly on a polygon's boundary counts on its west/south side and not on
/// its east/north side (half-open), so that polygons sharing an edge (grids) never both claim, nor both
/// miss, a cell on it. Cost: linear in polygon edges times the rows they span, plus the cells filled.
/// </summary>
public static class CellMask
{
    /// <summary>The cells whose centre lies inside any of <paramref name="polygons"/> (polygonal geometries, same metres as the lattice).</summary>
    public static bool[] Rasterize(CellLattice lattice, IEnumerable<Geometry> polygons)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        ArgumentNullException.ThrowIfNull(polygons);
        var mask = new bool[lattice.Count];
        var crossings = new List<(int Row, double X)>();
        foreach (var g in polygons) Fill(lattice, g, mask, crossings);
        return mask;
    }

    /// <summary>Sets the cells whose centre lies inside <paramref name="polygonal"/> (Polygon, MultiPolygon or a collection of them).</summary>
    /// <exception cref="ArgumentException">for a non-polygonal geometry, or a mask of the wrong length</exception>
    public static void Fill(CellLattice lattice, Geometry polygonal, bool[] mask) => Fill(lattice, polygonal, mask, []);

    private static void Fill(CellLattice lattice, Geometry polygonal, bool[] mask, List<(int Row, double X)> crossings)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        ArgumentNullException.ThrowIfNull(polygonal);
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != lattice.Count) throw new ArgumentException($"mask of {mask.Length} cells for a lattice of {lattice.Count}", nameof(mask));
        for (var i = 0; i < polygonal.NumGeometries; i++)
        {
            switch (polygonal.GetGeometryN(i))
            {
                case Polygon { IsEmpty: true }: break;
                case Polygon p: FillPolygon(lattice, p, mask, crossings); break;
                case GeometryCollection c when !ReferenceEquals(c, polygonal): Fill(lattice, c, mask, crossings); break;
                case var other when other.IsEmpty: break;
                case var other: throw new ArgumentException($"cells can only be filled from polygons, not a {other.GeometryType}", nameof(polygonal));
            }
        }
    }

    private static void FillPolygon(CellLattice lattice, Polygon polygon, bool[] mask, List<(int Row, double X)> crossings)
    {
        crossings.Clear();
        AddCrossings(lattice, polygon.ExteriorRing, crossings);
        foreach (var hole in polygon.InteriorRings) AddCrossings(lattice, hole, crossings);
        crossings.Sort();
        // Even-odd: within a row, the centres between the 1st and 2nd crossing, the 3rd and 4th, ... are inside.
        for (var k = 0; k + 1 < crossings.Count; k += 2)
        {
            var (row, xa) = crossings[k];
            var xb = crossings[k + 1].X;
            if (crossings[k + 1].Row != row) throw new InvalidOperationException($"unclosed ring in row {row}");
            var c0 = Math.Max(0, (int)Math.Ceiling((xa - lattice.MinX) / lattice.CellMetres - 0.5));
            var c1 = Math.Min(lattice.Columns, (int)Math.Ceiling((xb - lattice.MinX) / lattice.CellMetres - 0.5));
            if (c1 > c0) Array.Fill(mask, true, row * lattice.Columns + c0, c1 - c0);
        }
    }

    /// <summary>Where the ring's edges cross the horizontal lines through the row centres: y0 &lt;= cy &lt; y1 (half-open, so a vertex counts once).</summary>
    private static void AddCrossings(CellLattice lattice, LineString ring, List<(int Row, double X)> crossings)
    {
        var seq = ring.CoordinateSequence;
        var s = lattice.CellMetres;
        for (var i = 0; i + 1 < seq.Count; i++)
        {
            double x0 = seq.GetX(i), y0 = seq.GetY(i), x1 = seq.GetX(i + 1), y1 = seq.GetY(i + 1);
            if (y0 == y1) continue;
            var (ylo, yhi) = y0 < y1 ? (y0, y1) : (y1, y0);
            // Rows whose centre cy = MinY + (r + 0.5)s satisfies ylo <= cy < yhi.
            var r0 = Math.Max(0, (int)Math.Ceiling((ylo - lattice.MinY) / s - 0.5));
            var r1 = Math.Min(lattice.Rows, (int)Math.Ceiling((yhi - lattice.MinY) / s - 0.5));
            for (var r = r0; r < r1; r++)
            {
                var cy = lattice.CentreY(r);
                crossings.Add((r, x0 + (cy - y0) * (x1 - x0) / (y1 - y0)));
            }
        }
    }

    /// <summary>Sets the cells whose centre lies within <paramref name="radiusMetres"/> (inclusive) of (x, y).</summary>
    public static void MarkWithin(CellLattice lattice, bool[] mask, double x, double y, double radiusMetres)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != lattice.Count) throw new ArgumentException($"mask of {mask.Length} cells for a lattice of {lattice.Count}", nameof(mask));
        if (!(radiusMetres >= 0) || double.IsInfinity(radiusMetres)) throw new ArgumentOutOfRangeException(nameof(radiusMetres), radiusMetres, "radius must be a finite number of metres >= 0");
        var s = lattice.CellMetres;
        var r0 = Math.Max(0, (int)Math.Ceiling((y - radiusMetres - lattice.MinY) / s - 0.5));
        var r1 = Math.Min(lattice.Rows - 1, (int)Math.Floor((y + radiusMetres - lattice.MinY) / s - 0.5));
        for (var r = r0; r <= r1; r++)
        {
            var dy = lattice.CentreY(r) - y;
            var dx = Math.Sqrt(Math.Max(0, radiusMetres * radiusMetres - dy * dy));
            var c0 = Math.Max(0, (int)Math.Ceiling((x - dx - lattice.MinX) / s - 0.5));
            var c1 = Math.Min(lattice.Columns - 1, (int)Math.Floor((x + dx - lattice.MinX) / s - 0.5));
            if (c1 >= c0) Array.Fill(mask, true, r * lattice.Columns + c0, c1 - c0 + 1);
        }
    }

    /// <summary>
    /// The cells whose centre lies within <paramref name="radiusMetres"/> (inclusive) of (x, y), added to
    /// <paramref name="into"/>: the cells <see cref="MarkWithin"/> marks, listed (one facility's served cells in a scenario).
    /// </summary>
    public static void CellsWithin(CellLattice lattice, double x, double y, double radiusMetres, List<int> into)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        ArgumentNullException.ThrowIfNull(into);
        if (!(radiusMetres >= 0) || double.IsInfinity(radiusMetres)) throw new ArgumentOutOfRangeException(nameof(radiusMetres), radiusMetres, "radius must be a finite number of metres >= 0");
        var s = lattice.CellMetres;
        var r0 = Math.Max(0, (int)Math.Ceiling((y - radiusMetres - lattice.MinY) / s - 0.5));
        var r1 = Math.Min(lattice.Rows - 1, (int)Math.Floor((y + radiusMetres - lattice.MinY) / s - 0.5));
        for (var r = r0; r <= r1; r++)
        {
            var dy = lattice.CentreY(r) - y;
            var dx = Math.Sqrt(Math.Max(0, radiusMetres * radiusMetres - dy * dy));
            var c0 = Math.Max(0, (int)Math.Ceiling((x - dx - lattice.MinX) / s - 0.5));
            var c1 = Math.Min(lattice.Columns - 1, (int)Math.Floor((x + dx - lattice.MinX) / s - 0.5));
            for (var c = c0; c <= c1; c++) into.Add(r * lattice.Columns + c);
        }
    }
}
