using NetTopologySuite.Geometries;

namespace GridGIS.Core.Coverage;

/// <summary>
/// The polygons (with holes) that a set of lattice cells forms, traced along the cell boundaries:
/// one polygon per 4-connected region (cells sharing a side), vertices at exact lattice corners, no
/// collinear vertices, shells counter-clockwise and holes clockwise. Cells touching only at a corner are
/// separate regions, so two polygons may touch at a point; where one region touches itself at a corner,
/// the enclosed cells form a hole that touches the shell at that point. Either way the result is valid
/// (OGC). Linear in the cells: one labelling pass, one walk along each boundary edge; no overlay.
/// </summary>
public sealed class CellPolygons
{
    // Headings: 0 east, 1 north, 2 west, 3 south. A boundary edge is a cell side walked with the cell on the left.
    private static readonly int[] Dx = [1, 0, -1, 0];
    private static readonly int[] Dy = [0, 1, 0, -1];

    private readonly int[] _region;

    private CellPolygons(CellLattice lattice, int[] region, Polygon[] polygons, int[] cells)
    {
        Lattice = lattice;
        _region = region;
        Polygons = polygons;
        CellCounts = cells;
    }

    /// <summary>The lattice traced.</summary>
    public CellLattice Lattice { get; }

    /// <summary>One polygon per region, in the order of each region's first cell (row by row from the south-west).</summary>
    public IReadOnlyList<Polygon> Polygons { get; }

    /// <summary>Cells per region, same order as <see cref="Polygons"/>.</summary>
    public IReadOnlyList<int> CellCounts { get; }

    /// <summary>The region (index into <see cref="Polygons"/>) of a cell, or -1 when the cell is not in the set.</summary>
    public int RegionOf(int cell) => _region[cell];

    /// <summary>Traces the cells set in <paramref name="mask"/> (one flag per cell of <paramref name="lattice"/>).</summary>
    /// <exception cref="ArgumentException">when the mask's length is not the lattice's cell count</exception>
    public static CellPolygons Trace(CellLattice lattice, bool[] mask, GeometryFactory? factory = null)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != lattice.Count) throw new ArgumentException($"mask of {mask.Length} cells for a lattice of {lattice.Count}", nameof(mask));
        factory ??= new GeometryFactory();
        var (region, cells) = Label(lattice, mask);
        var shells = new LinearRing?[cells.Length];
        var holes = new List<LinearRing>?[cells.Length];
        var visited = new byte[mask.Length];
        var corners = new List<(int X, int Y)>();
        for (var cell = 0; cell < mask.Length; cell++)
        {
            if (!mask[cell]) continue;
            for (var d = 0; d < 4; d++)
            {
                if ((visited[cell] & (1 << d)) != 0 || !IsBoundary(lattice, mask, cell, d)) continue;
                var ring = TraceRing(lattice, mask, region, visited, cell, d, corners, factory);
                var r = region[cell];
                if (Orientation(corners) > 0)
                {
                    if (shells[r] is not null) throw new InvalidOperationException($"region {r} has two outer boundaries");
                    shells[r] = ring;
                }
                else (holes[r] ??= []).Add(ring);
            }
        }
        var polygons = new Polygon[cells.Length];
        for (var r = 0; r < cells.Length; r++)
            polygons[r] = factory.CreatePolygon(shells[r] ?? throw new InvalidOperationException($"region {r} has no outer boundary"),
                holes[r]?.ToArray());
        return new CellPolygons(lattice, region, polygons, cells);
    }

    /// <summary>4-connected regions, numbered in the order of their first cell; cells per region.</summary>
    private static (int[] Region, int[] Cells) Label(CellLattice lattice, bool[] mask)
    {
        var region = new int[mask.Length];
        Array.Fill(region, -1);
        var cells = new List<int>();
        var stack = new Stack<int>();
        for (var seed = 0; seed < mask.Length; seed++)
        {
            if (!mask[seed] || region[seed] >= 0) continue;
            var r = cells.Count;
            var count = 0;
            region[seed] = r;
            stack.Push(seed);
            while (stack.TryPop(out var c))
            {
                count++;
                int x = c % lattice.Columns, y = c / lattice.Columns;
                for (var d = 0; d < 4; d++)
                {
                    var n = Neighbour(lattice, x + Dx[d], y + Dy[d]);
                    if (n < 0 || !mask[n] || region[n] >= 0) continue;
                    region[n] = r;
                    stack.Push(n);
                }
            }
            cells.Add(count);
        }
        return (region, cells.ToArray());
    }

    private static int Neighbour(CellLattice lattice, int x, int y) =>
        x < 0 || y < 0 || x >= lattice.Columns || y >= lattice.Rows ? -1 : y * lattice.Columns + x;

    private static bool In(CellLattice lattice, bool[] mask, int x, int y)
    {
        var n = Neighbour(lattice, x, y);
        return n >= 0 && mask[n];
    }

    /// <summary>Whether the side of <paramref name="cell"/> walked in heading d (the neighbour on the right) borders the outside of the set.</summary>
    private static bool IsBoundary(CellLattice lattice, bool[] mask, int cell, int d)
    {
        var right = (d + 3) & 3;
        return !In(lattice, mask, cell % lattice.Columns + Dx[right], cell / lattice.Columns + Dy[right]);
    }

    /// <summary>
    /// Walks one ring from the boundary edge (cell, d), keeping the set on the left, and returns it closed;
    /// <paramref name="corners"/> gets its corners in lattice units. At a corner where the set touches itself
    /// diagonally (a saddle), the walk turns towards the cell ahead when that cell is of the same region
    /// (so the ring encloses the cells between as a hole touching it) and away from it otherwise (so two
    /// regions touching at a corner stay apart).
    /// </summary>
    private static LinearRing TraceRing(CellLattice lattice, bool[] mask, int[] region, byte[] visited, int startCell, int startD,
        List<(int X, int Y)> corners, GeometryFactory factory)
    {
        corners.Clear();
        int x = startCell % lattice.Columns, y = startCell / lattice.Columns, d = startD;
        var previous = -1;
        do
        {
            visited[y * lattice.Columns + x] |= (byte)(1 << d);
            if (d != previous) corners.Add(Start(x, y, d));
            previous = d;
            var right = (d + 3) & 3;
            int ax = x + Dx[d], ay = y + Dy[d];                       // ahead-left: the next cell along the set's side
            int bx = ax + Dx[right], by = ay + Dy[right];             // ahead-right: the cell diagonally across the corner
            bool aheadLeft = In(lattice, mask, ax, ay), aheadRight = In(lattice, mask, bx, by);
            if (aheadRight && (aheadLeft || region[by * lattice.Columns + bx] == region[y * lattice.Columns + x]))
                (x, y, d) = (bx, by, right);                          // turn right round the corner
            else if (aheadLeft && !aheadRight) (x, y) = (ax, ay);    // straight on
            else d = (d + 1) & 3;                                     // turn left, staying on this cell
        }
        while (x != startCell % lattice.Columns || y != startCell / lattice.Columns || d != startD);
        // The walk started mid-side or at a corner; if the last heading equals the first, the first point is no corner.
        if (previous == startD && corners.Count > 1) corners.RemoveAt(0);
        var coords = new Coordinate[corners.Count + 1];
        for (var i = 0; i < corners.Count; i++) coords[i] = new Coordinate(lattice.EdgeX(corners[i].X), lattice.EdgeY(corners[i].Y));
        coords[^1] = coords[0].Copy();
        return factory.CreateLinearRing(coords);
    }

    /// <summary>The lattice corner where the side of cell (x, y) walked in heading d starts (cell on the left, counter-clockwise).</summary>
    private static (int X, int Y) Start(int x, int y, int d) => d switch
    {
        0 => (x, y),
        1 => (x + 1, y),
        2 => (x + 1, y + 1),
        _ => (x, y + 1),
    };

    /// <summary>Twice the signed area of a ring of lattice corners: &gt; 0 counter-clockwise.</summary>
    private static long Orientation(List<(int X, int Y)> ring)
    {
        long sum = 0;
        for (var i = 0; i < ring.Count; i++)
        {
            var (x0, y0) = ring[i];
            var (x1, y1) = ring[(i + 1) % ring.Count];
            sum += (long)x0 * y1 - (long)x1 * y0;
        }
        return sum;
    }
}
