using GridGIS.Core.Privacy;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace GridGIS.Core.Density;

/// <summary>What a heatmap counts.</summary>
public enum HeatmapMetric
{
    /// <summary>All residents of the households.</summary>
    Residents,
    /// <summary>Foreign residents only.</summary>
    Foreign,
}

/// <summary>
/// The households that fall in one square cell of side <c>size</c> metres of a local metric CRS:
/// the cell spans x in [Column*size, (Column+1)*size), y in [Row*size, (Row+1)*size).
/// </summary>
public readonly record struct CellCount(long Column, long Row, long Households, long Residents, long ForeignResidents);

/// <summary>
/// One heatmap cell as shown: a polygon in the local metric CRS (a square, or the union of the
/// squares merged to reach the privacy threshold), its household count and metric value, and the
/// value per square kilometre for the colour ramp.
/// </summary>
public sealed record HeatmapCell(Geometry Polygon, long Households, long Value, double ValuePerKm2, bool Merged);

/// <summary>The cells of a view, with what privacy withheld.</summary>
/// <param name="WithheldCells">cells left out because even merged they stayed under the threshold</param>
/// <param name="WithheldHouseholds">households in those cells</param>
public sealed record HeatmapResult(IReadOnlyList<HeatmapCell> Cells, double CellSizeM, bool Suppressed, int Threshold,
    int MergedCells, int WithheldCells, long WithheldHouseholds);

/// <summary>
/// Heatmap cells with small-count suppression (<see cref="SmallCounts"/>). When suppression applies,
/// a cell with 1..threshold-1 households is never shown on its own: the small cells of each 2x2
/// block are merged into one cell (the union of their squares) if together they reach the
/// threshold; what is still small is merged again at 4x4, then left out. Cells that reach the
/// threshold stay as they are. Without suppression (administrators) every non-empty cell is shown.
/// Empty cells (0 households) are never returned.
/// </summary>
public sealed class HeatmapCells
{
    /// <summary>Merge levels tried before small cells are left out: 2x2, then 4x4 blocks.</summary>
    public const int MergeLevels = 2;

    private readonly double _size;
    private readonly HeatmapMetric _metric;
    private readonly bool _suppress;
    private readonly int _threshold;
    private readonly GeometryFactory _factory;

    /// <param name="cellSizeM">side of a cell, metres, &gt; 0</param>
    /// <param name="metric">what <see cref="HeatmapCell.Value"/> counts</param>
    /// <param name="suppress">false only for administrators</param>
    /// <param name="threshold">fewest households a shown cell may hold, &gt;= 1</param>
    public HeatmapCells(double cellSizeM, HeatmapMetric metric, bool suppress, int threshold = SmallCounts.DefaultThreshold,
        GeometryFactory? factory = null)
    {
        if (!double.IsFinite(cellSizeM) || cellSizeM <= 0)
            throw new ArgumentOutOfRangeException(nameof(cellSizeM), cellSizeM, "cell size must be a positive number of metres");
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        _size = cellSizeM;
        _metric = metric;
        _suppress = suppress;
        _threshold = threshold;
        _factory = factory ?? new GeometryFactory();
    }

    /// <summary>One call: the cells for <paramref name="counts"/>.</summary>
    public static HeatmapResult Build(IEnumerable<CellCount> counts, double cellSizeM, HeatmapMetric metric, bool suppress,
        int threshold = SmallCounts.DefaultThreshold) =>
        new HeatmapCells(cellSizeM, metric, suppress, threshold).Compute(counts);

    /// <summary>The cell a point in the local metric CRS (metres) falls in.</summary>
    public static (long Column, long Row) CellOf(double x, double y, double cellSizeM) =>
        ((long)Math.Floor(x / cellSizeM), (long)Math.Floor(y / cellSizeM));

    public HeatmapResult Compute(IEnumerable<CellCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        // Duplicate (column, row) entries are summed, so callers may pass partial counts.
        var byCell = new Dictionary<(long, long), CellCount>();
        foreach (var c in counts)
        {
            if (c.Households < 0 || c.Residents < 0 || c.ForeignResidents < 0)
                throw new ArgumentOutOfRangeException(nameof(counts), c, "counts must not be negative");
            if (c.Households == 0) continue;
            byCell[(c.Column, c.Row)] = byCell.TryGetValue((c.Column, c.Row), out var prior)
                ? prior with { Households = prior.Households + c.Households, Residents = prior.Residents + c.Residents,
                               ForeignResidents = prior.ForeignResidents + c.ForeignResidents }
                : c;
        }

        var cells = new List<HeatmapCell>();
        var small = new List<CellCount>();
        foreach (var c in byCell.Values.OrderBy(c => c.Row).ThenBy(c => c.Column))
        {
            if (_suppress && SmallCounts.IsSmall(c.Households, _threshold)) small.Add(c);
            else cells.Add(Cell([c], merged: false));
        }

        var merged = 0;
        for (var level = 1; level <= MergeLevels && small.Count > 0; level++)
        {
            var stillSmall = new List<CellCount>();
            var span = 1L << level; // block side in cells
            foreach (var block in small.GroupBy(c => (FloorDiv(c.Column, span), FloorDiv(c.Row, span))))
            {
                var members = block.ToList();
                if (members.Sum(m => m.Households) >= _threshold) { cells.Add(Cell(members, merged: true)); merged++; }
                else stillSmall.AddRange(members);
            }
            small = stillSmall;
        }
        return new HeatmapResult(cells, _size, _suppress, _threshold, merged, small.Count, small.Sum(c => c.Households));
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private HeatmapCell Cell(IReadOnlyList<CellCount> members, bool merged)
    {
        var squares = members.Select(Square).ToList();
        var polygon = squares.Count == 1 ? squares[0] : CascadedPolygonUnion.Union(squares);
        var households = members.Sum(m => m.Households);
        var value = members.Sum(m => _metric == HeatmapMetric.Foreign ? m.ForeignResidents : m.Residents);
        var areaKm2 = members.Count * _size * _size / 1e6;
        return new HeatmapCell(polygon, households, value, value / areaKm2, merged);
    }

    private Geometry Square(CellCount c)
    {
        double x0 = c.Column * _size, y0 = c.Row * _size, x1 = x0 + _size, y1 = y0 + _size;
        return _factory.CreatePolygon([new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1), new(x0, y0)]);
    }
}
