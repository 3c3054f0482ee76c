namespace GridGIS.Core.Demo;

/// <summary>
/// Nearest-point search over indexed points (metric coordinates) by hashing them into square cells of
/// <c>cellSize</c> metres and searching rings of cells outward. Empty index: Nearest returns (-1, +inf).
/// </summary>
internal sealed class NodeGridIndex(IReadOnlyList<double> xs, IReadOnlyList<double> ys, double cellSize)
{
    private readonly Dictionary<(long, long), List<int>> _cells = [];
    private int _count;

    private (long, long) Cell(double x, double y) => ((long)Math.Floor(x / cellSize), (long)Math.Floor(y / cellSize));

    public void Add(int id)
    {
        var key = Cell(xs[id], ys[id]);
        if (!_cells.TryGetValue(key, out var list)) _cells[key] = list = [];
        list.Add(id);
        _count++;
    }

    public (int Id, double Distance) Nearest(double x, double y)
    {
        if (_count == 0) return (-1, double.PositiveInfinity);
        var (cx, cy) = Cell(x, y);
        var best = (Id: -1, D2: double.MaxValue);
        for (var ring = 0; ; ring++)
        {
            for (var i = cx - ring; i <= cx + ring; i++)
                for (var j = cy - ring; j <= cy + ring; j++)
                {
                    if (Math.Max(Math.Abs(i - cx), Math.Abs(j - cy)) != ring) continue;
                    if (!_cells.TryGetValue((i, j), out var list)) continue;
                    foreach (var id in list)
                    {
                        var d2 = (xs[id] - x) * (xs[id] - x) + (ys[id] - y) * (ys[id] - y);
                        if (d2 < best.D2 || (d2 == best.D2 && id < best.Id)) best = (id, d2);
                    }
                }
            // Every point in a further ring is at least ring * cellSize away.
            if (best.Id >= 0 && Math.Sqrt(best.D2) <= ring * cellSize) return (best.Id, Math.Sqrt(best.D2));
            if (ring > 100000) return (best.Id, Math.Sqrt(best.D2));
        }
    }
}
