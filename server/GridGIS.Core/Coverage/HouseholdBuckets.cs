namespace GridGIS.Core.Coverage;

/// <summary>Households bucketed in square cells (CSR layout: cell start offsets, indices); see <see cref="StraightLineReach.Bucket"/>.</summary>
public sealed class HouseholdBuckets
{
    private const int MaxCellsPerAxis = 2048;
    private readonly double _size, _minX, _minY;
    private readonly int _nx, _ny;
    private readonly int[] _start, _items;

    internal HouseholdBuckets(ReadOnlySpan<CoverageHousehold> hh, double cellMetres)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (var h in hh)
        {
            minX = Math.Min(minX, h.X); minY = Math.Min(minY, h.Y);
            maxX = Math.Max(maxX, h.X); maxY = Math.Max(maxY, h.Y);
        }
        if (hh.Length == 0) minX = minY = maxX = maxY = 0;
        (_minX, _minY) = (minX, minY);
        _size = Math.Max(cellMetres, Math.Max(maxX - minX, maxY - minY) / MaxCellsPerAxis);
        _nx = (int)Math.Floor((maxX - minX) / _size) + 1;
        _ny = (int)Math.Floor((maxY - minY) / _size) + 1;
        _start = new int[_nx * _ny + 1];
        var cellOf = new int[hh.Length];
        for (var i = 0; i < hh.Length; i++)
        {
            var cx = Math.Min(_nx - 1, (int)((hh[i].X - minX) / _size));
            var cy = Math.Min(_ny - 1, (int)((hh[i].Y - minY) / _size));
            _start[(cellOf[i] = cy * _nx + cx) + 1]++;
        }
        for (var c = 0; c < _nx * _ny; c++) _start[c + 1] += _start[c];
        var next = _start[..^1];
        _items = new int[hh.Length];
        Count = hh.Length;
        for (var i = 0; i < hh.Length; i++) _items[next[cellOf[i]]++] = i;
    }

    /// <summary>Households bucketed.</summary>
    public int Count { get; }

    /// <summary>Every household in the cells that the disc of <paramref name="radius"/> round (x, y) touches: a superset of those within it.</summary>
    internal void Near(double x, double y, double radius, List<int> output)
    {
        output.Clear();
        var y0 = Math.Max(0, (int)Math.Floor((y - radius - _minY) / _size));
        var y1 = Math.Min(_ny - 1, (int)Math.Floor((y + radius - _minY) / _size));
        for (var cy = y0; cy <= y1; cy++)
        {
            // The disc's widest extent within this row of cells: at the row's y nearest to the centre.
            double rowLo = _minY + cy * _size, rowHi = rowLo + _size;
            var dy = y < rowLo ? rowLo - y : y > rowHi ? y - rowHi : 0;
            var half = Math.Sqrt(Math.Max(0, radius * radius - dy * dy));
            var x0 = Math.Max(0, (int)Math.Floor((x - half - _minX) / _size));
            var x1 = Math.Min(_nx - 1, (int)Math.Floor((x + half - _minX) / _size));
            if (x1 < x0) continue;
            for (int k = _start[cy * _nx + x0], end = _start[cy * _nx + x1 + 1]; k < end; k++) output.Add(_items[k]);
        }
    }
}
