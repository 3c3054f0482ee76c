using GridGIS.Core.Privacy;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace GridGIS.Core.Density;

/// <summary>What a heatmap counts.</summary>
public enum HeatmapMetric
{
    /// <summary>All residents of all households.</summary>
    Residents,
    /// <summary>Foreign residents, of the households that have any.</summary>
    Foreign,
}

/// <summary>
/// The households one base cell of the lattice holds, as one metric counts them: the households it
/// counts (every household, or those with foreign residents) and their persons (residents, or foreign
/// residents). The base cell spans x in [Column*50, (Column+1)*50), y in [Row*50, (Row+1)*50) metres of a
/// local metric CRS.
/// </summary>
public readonly record struct LatticeCount(long Column, long Row, long Households, long Persons);

/// <summary>
/// One heatmap feature as shown: a square of the lattice (or, when <paramref name="Merged"/>, a merge
/// block less the squares shown inside it) in the local metric CRS, the households and persons it
/// reports, and persons per square kilometre for the colour ramp.
/// </summary>
public sealed record HeatmapCell(Geometry Polygon, long Households, long Value, double ValuePerKm2, bool Merged);

/// <summary>The features of one view.</summary>
public sealed record HeatmapResult(IReadOnlyList<HeatmapCell> Cells, double CellSizeM, bool Suppressed, int Threshold, int MergedCells);

/// <summary>
/// Heatmap cells on one fixed lattice of nested squares (a quadtree): level 0 is 50 m, level k is
/// 50·2^k m, origin at (0, 0) of the local metric CRS, so each cell is exactly four cells of the level
/// below. Built once from every household (per data version), then any view is read from it, so a
/// cell's figure depends on the data and the cell only, never on the request's bbox or zoom.
/// <para>
/// Privacy (<see cref="SmallCounts"/>), when suppression applies: the households are cut once into
/// <i>released groups</i> of at least <c>threshold</c> households each, bottom-up: a base cell with at
/// least <c>threshold</c> households is a group; the rest of each cell is carried up to its parent, and
/// a parent whose carried rest reaches the threshold makes that rest one (merged) group; what is still
/// carried at the top joins the highest group found (so it too reaches the threshold, and nothing is
/// left out that a city total could give away). Every figure shown — a cell at any level, a merged
/// block — is a sum of whole groups: a cell shows the groups that lie inside it (its households less
/// the carried rest of fewer than <c>threshold</c>), a merged block shows one group released one or two
/// levels above the view. So any sum or difference of shown figures, across bboxes and zoom levels,
/// is a sum or difference of groups of at least <c>threshold</c> households, never fewer.
/// </para>
/// Without suppression (administrators) every cell shows all its households. Empty cells are never returned.
/// </summary>
public sealed class HeatmapPyramid
{
    /// <summary>Side of a level-0 cell, metres.</summary>
    public const double BaseCellM = 50;

    /// <summary>Levels a view may use: 50 m .. 12.8 km.</summary>
    public const int ViewLevels = 9;

    /// <summary>Levels above the view whose merged groups a view shows as merged blocks.</summary>
    public const int MergeLevels = 2;

    private readonly record struct Figure(long Households, long Persons)
    {
        public static Figure operator +(Figure a, Figure b) => new(a.Households + b.Households, a.Persons + b.Persons);
        public static Figure operator -(Figure a, Figure b) => new(a.Households - b.Households, a.Persons - b.Persons);
    }

    // Per level: the sum of the groups inside each cell (what the cell shows), and the groups released at each cell.
    private readonly List<Dictionary<(long, long), Figure>> _shown = [];
    private readonly List<Dictionary<(long, long), Figure>> _released = [];
    private readonly GeometryFactory _factory;

    /// <param name="counts">households per base cell; duplicates are summed, empty cells skipped</param>
    /// <param name="suppress">false only for administrators</param>
    /// <param name="threshold">fewest households a shown figure may sum, &gt;= 1</param>
    public HeatmapPyramid(IEnumerable<LatticeCount> counts, bool suppress, int threshold = SmallCounts.DefaultThreshold, GeometryFactory? factory = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        Suppressed = suppress;
        Threshold = threshold;
        _factory = factory ?? new GeometryFactory();
        var carried = new Dictionary<(long, long), Figure>();
        foreach (var c in counts)
        {
            if (c.Households < 0 || c.Persons < 0) throw new ArgumentOutOfRangeException(nameof(counts), c, "counts must not be negative");
            if (c.Households == 0) continue;
            carried[(c.Column, c.Row)] = carried.GetValueOrDefault((c.Column, c.Row)) + new Figure(c.Households, c.Persons);
        }
        var min = suppress ? threshold : 1;
        for (var level = 0; level < 62; level++)
        {
            var released = new Dictionary<(long, long), Figure>();
            var rest = new Dictionary<(long, long), Figure>();
            foreach (var (key, f) in carried)
                if (f.Households >= min) released[key] = f; else rest[key] = f;
            var shown = new Dictionary<(long, long), Figure>(released);
            if (level > 0)
                foreach (var (key, f) in _shown[level - 1])
                    shown[Parent(key)] = shown.GetValueOrDefault(Parent(key)) + f;
            _shown.Add(shown);
            _released.Add(released);
            var top = level >= ViewLevels + MergeLevels - 1 && shown.Keys.Concat(rest.Keys).Distinct().Count() <= 1;
            if (top)
            {
                if (rest.Count == 1) JoinRestToHighestGroup(level, rest.Single());
                break;
            }
            carried = [];
            foreach (var (key, f) in rest) carried[Parent(key)] = carried.GetValueOrDefault(Parent(key)) + f;
        }
    }

    /// <summary>True when small groups are withheld (every role but administrator).</summary>
    public bool Suppressed { get; }

    /// <summary>Fewest households a shown figure sums.</summary>
    public int Threshold { get; }

    /// <summary>Side of a cell of <paramref name="level"/>, metres.</summary>
    public static double CellSize(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, ViewLevels);
        return BaseCellM * (1L << level);
    }

    /// <summary>The level whose cells are <paramref name="cellSizeM"/> metres (one of <see cref="HeatmapCellSize.Sizes"/>).</summary>
    public static int LevelOf(double cellSizeM)
    {
        for (var level = 0; level < ViewLevels; level++) if (CellSize(level) == cellSizeM) return level;
        throw new ArgumentOutOfRangeException(nameof(cellSizeM), cellSizeM, "not a cell size of the lattice (50 m x 2^k, k = 0..8)");
    }

    /// <summary>The base cell a point of the local metric CRS (metres) falls in.</summary>
    public static (long Column, long Row) BaseCellOf(double x, double y) =>
        ((long)Math.Floor(x / BaseCellM), (long)Math.Floor(y / BaseCellM));

    /// <summary>
    /// The whole cells of <paramref name="level"/> that meet the view [minX, maxX] x [minY, maxY] (metres of the
    /// local CRS), and the merged blocks of the next <see cref="MergeLevels"/> levels that meet it: whole, never clipped.
    /// </summary>
    public HeatmapResult Cells(int level, double minX, double minY, double maxX, double maxY)
    {
        var size = CellSize(level);
        if (!(double.IsFinite(minX) && double.IsFinite(minY) && double.IsFinite(maxX) && double.IsFinite(maxY)) || maxX < minX || maxY < minY)
            throw new ArgumentOutOfRangeException(nameof(minX), "the view must be finite with min <= max");
        var view = new Envelope(minX, maxX, minY, maxY);
        var cells = AllCells(level).Where(c => c.Polygon.EnvelopeInternal.Intersects(view)).ToList();
        return new HeatmapResult(cells, size, Suppressed, Threshold, cells.Count(c => c.Merged));
    }

    /// <summary>Every cell and merged block of <paramref name="level"/>, computed once per level and kept (the pyramid is immutable).</summary>
    public IReadOnlyList<HeatmapCell> AllCells(int level)
    {
        var size = CellSize(level);
        return LazyInitializer.EnsureInitialized(ref _all[level], () => Compute(level, size));
    }

    private readonly IReadOnlyList<HeatmapCell>?[] _all = new IReadOnlyList<HeatmapCell>?[ViewLevels];

    private List<HeatmapCell> Compute(int level, double size)
    {
        var shown = level < _shown.Count ? _shown[level] : [];
        var cells = new List<HeatmapCell>();
        foreach (var (key, f) in shown)
            if (f.Households > 0) cells.Add(Cell(Square(key.Item1, key.Item2, size), f, merged: false));

        for (var up = 1; up <= MergeLevels && level + up < _released.Count; up++)
        {
            var blockSize = size * (1L << up);
            foreach (var (block, f) in _released[level + up])
            {
                if (f.Households == 0) continue;
                // The block less what the view already shows inside it: the squares of its cells and the smaller merged blocks.
                var inside = new List<Geometry>();
                var span = 1L << up;
                foreach (var (key, g) in InRange(shown, block.Item1 * span, block.Item2 * span, block.Item1 * span + span - 1, block.Item2 * span + span - 1))
                    if (g.Households > 0) inside.Add(Square(key.Item1, key.Item2, size));
                for (var below = 1; below < up; below++)
                {
                    var s = 1L << below;
                    var n = 1L << (up - below);
                    foreach (var (key, g) in InRange(_released[level + below], block.Item1 * n, block.Item2 * n, block.Item1 * n + n - 1, block.Item2 * n + n - 1))
                        if (g.Households > 0) inside.Add(Square(key.Item1, key.Item2, size * s));
                }
                Geometry polygon = Square(block.Item1, block.Item2, blockSize);
                if (inside.Count > 0) polygon = polygon.Difference(CascadedPolygonUnion.Union(inside));
                if (polygon.IsEmpty || polygon.Area < 1e-6) continue;
                cells.Add(Cell(polygon, f, merged: true));
            }
        }
        return cells;
    }

    /// <summary>One call: the cells of a view of <paramref name="level"/> over <paramref name="counts"/>.</summary>
    public static HeatmapResult Build(IEnumerable<LatticeCount> counts, bool suppress, int level, double minX, double minY, double maxX, double maxY,
        int threshold = SmallCounts.DefaultThreshold) =>
        new HeatmapPyramid(counts, suppress, threshold).Cells(level, minX, minY, maxX, maxY);

    private static (long, long) Parent((long Column, long Row) key) => (key.Column >> 1, key.Row >> 1);

    /// <summary>The rest carried to the top (fewer than the threshold) joins the group released at the highest level below
    /// (the smallest there): that group's cells stop showing it, the top cell shows both as one.</summary>
    private void JoinRestToHighestGroup(int top, KeyValuePair<(long, long), Figure> rest)
    {
        for (var level = top - 1; level >= 0; level--)
        {
            if (_released[level].Count == 0) continue;
            var (key, group) = _released[level].OrderBy(g => g.Value.Households).ThenBy(g => g.Key).First();
            _released[level].Remove(key);
            for (var (l, k) = (level, key); l < top; l++, k = Parent(k))
            {
                var left = _shown[l][k] - group;
                if (left.Households == 0) _shown[l].Remove(k); else _shown[l][k] = left;
            }
            _released[top][rest.Key] = rest.Value + group;
            _shown[top][rest.Key] = _shown[top].GetValueOrDefault(rest.Key) + rest.Value;
            return;
        }
    }

    private static IEnumerable<KeyValuePair<(long, long), Figure>> InRange(Dictionary<(long, long), Figure> cells, long c0, long r0, long c1, long r1)
    {
        if ((double)(c1 - c0 + 1) * (r1 - r0 + 1) < cells.Count)
        {
            for (var r = r0; r <= r1; r++)
                for (var c = c0; c <= c1; c++)
                    if (cells.TryGetValue((c, r), out var f)) yield return new((c, r), f);
        }
        else
        {
            foreach (var kv in cells)
                if (kv.Key.Item1 >= c0 && kv.Key.Item1 <= c1 && kv.Key.Item2 >= r0 && kv.Key.Item2 <= r1) yield return kv;
        }
    }

    private static HeatmapCell Cell(Geometry polygon, Figure f, bool merged) =>
        new(polygon, f.Households, f.Persons, f.Persons / (polygon.Area / 1e6), merged);

    private Polygon Square(long column, long row, double size)
    {
        double x0 = column * size, y0 = row * size, x1 = x0 + size, y1 = y0 + size;
        return _factory.CreatePolygon([new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1), new(x0, y0)]);
    }
}
