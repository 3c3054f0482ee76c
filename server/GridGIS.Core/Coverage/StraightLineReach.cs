using NetTopologySuite.Geometries;

namespace GridGIS.Core.Coverage;

/// <summary>
/// The Euclidean fallback (直线距离 × 绕行系数) for places with no walking network: walking time is the
/// straight-line distance times a detour factor (default 1.3) over the walking speed, so a facility's
/// service area is a circle of radius speed × threshold / detour. Produces the same
/// <see cref="CategoryReach"/> as the network engine, so the aggregation cannot tell them apart; every
/// run records which mode produced its results (coverage_run.mode = euclidean).
/// Cost: households are bucketed once in square cells of a quarter radius, each facility scans the cells its disc touches.
/// </summary>
public sealed class StraightLineReach
{
    /// <summary>Straight line to walking route, &gt;= 1 (default 1.3).</summary>
    public double DetourFactor { get; init; } = 1.3;

    /// <summary>Segments per quarter circle of the service-area polygons (default 16).</summary>
    public int QuadrantSegments { get; init; } = 16;

    /// <summary>One-call form with the default detour factor.</summary>
    public static CategoryReach Compute(string category, ReadOnlySpan<CoverageHousehold> households,
        IReadOnlyList<CoverageFacility> facilities, double thresholdSeconds, double speedMetresPerSecond) =>
        new StraightLineReach().Reach(category, households, facilities, thresholdSeconds, speedMetresPerSecond);

    /// <summary>The service-area radius in metres for a threshold (s) and a speed (m/s).</summary>
    public double Radius(double thresholdSeconds, double speedMetresPerSecond) => speedMetresPerSecond * thresholdSeconds / DetourFactor;

    /// <param name="thresholdSeconds">&gt; 0</param>
    /// <param name="speedMetresPerSecond">&gt; 0 (4 km/h = 1.111 m/s)</param>
    public CategoryReach Reach(string category, ReadOnlySpan<CoverageHousehold> households,
        IReadOnlyList<CoverageFacility> facilities, double thresholdSeconds, double speedMetresPerSecond)
    {
        ArgumentNullException.ThrowIfNull(facilities);
        if (!(thresholdSeconds > 0) || double.IsInfinity(thresholdSeconds)) throw new ArgumentOutOfRangeException(nameof(thresholdSeconds), thresholdSeconds, "must be > 0 s");
        if (!(speedMetresPerSecond > 0) || double.IsInfinity(speedMetresPerSecond)) throw new ArgumentOutOfRangeException(nameof(speedMetresPerSecond), speedMetresPerSecond, "must be > 0 m/s");
        if (!(DetourFactor >= 1)) throw new ArgumentOutOfRangeException(nameof(DetourFactor), DetourFactor, "must be >= 1");

        var n = households.Length;
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        var reaches = new FacilityReach[facilities.Count];
        var radius = Radius(thresholdSeconds, speedMetresPerSecond);
        var secondsPerMetre = DetourFactor / speedMetresPerSecond;
        var cells = new CellIndex(households, radius / 4);
        var searchRadius = radius * (1 + 1e-9) + 1e-6;      // a margin for rounding: households exactly at the threshold count
        var reject2 = searchRadius * searchRadius;
        var candidates = new List<int>();
        var found = new List<int>();
        var times = new List<double>();
        for (var f = 0; f < facilities.Count; f++)
        {
            var fac = facilities[f];
            found.Clear();
            times.Clear();
            cells.Near(fac.X, fac.Y, searchRadius, candidates);
            foreach (var i in candidates)
            {
                var dx = households[i].X - fac.X;
                var dy = households[i].Y - fac.Y;
                var d2 = dx * dx + dy * dy;
                if (d2 > reject2) continue;                  // clearly beyond; the exact test on seconds follows
                var t = Math.Sqrt(d2) * secondsPerMetre;
                if (t > thresholdSeconds) continue;
                found.Add(i);
                times.Add(t);
                if (t < nearest[i]) nearest[i] = t;
            }
            reaches[f] = new FacilityReach(fac.Id, fac.Capacity, found.ToArray(), times.ToArray());
        }
        return new CategoryReach(category, thresholdSeconds, nearest, reaches);
    }

    /// <summary>The service areas: one circle of <see cref="Radius"/> per facility, local metres.</summary>
    public IReadOnlyList<Geometry> ServiceAreas(IReadOnlyList<CoverageFacility> facilities, double thresholdSeconds,
        double speedMetresPerSecond, GeometryFactory factory)
    {
        var r = Radius(thresholdSeconds, speedMetresPerSecond);
        return facilities.Select(f => factory.CreatePoint(new Coordinate(f.X, f.Y)).Buffer(r, QuadrantSegments)).ToList();
    }

    /// <summary>
    /// Marks the lattice cells whose centre lies within <see cref="Radius"/> (inclusive) of a facility: the served
    /// cells of <see cref="ServiceGaps.FindOnLattice"/>, the cell form of <see cref="ServiceAreas"/>.
    /// </summary>
    public void MarkServed(CellLattice lattice, IReadOnlyList<CoverageFacility> facilities, double thresholdSeconds,
        double speedMetresPerSecond, bool[] served)
    {
        ArgumentNullException.ThrowIfNull(facilities);
        var r = Radius(thresholdSeconds, speedMetresPerSecond);
        foreach (var f in facilities) CellMask.MarkWithin(lattice, served, f.X, f.Y, r);
    }

    /// <summary>Households bucketed in square cells (CSR layout: cell start offsets, indices).</summary>
    private sealed class CellIndex
    {
        private const int MaxCellsPerAxis = 2048;
        private readonly double _size, _minX, _minY;
        private readonly int _nx, _ny;
        private readonly int[] _start, _items;

        public CellIndex(ReadOnlySpan<CoverageHousehold> hh, double cellMetres)
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
            for (var i = 0; i < hh.Length; i++) _items[next[cellOf[i]]++] = i;
        }

        /// <summary>Every household in the cells that the disc of <paramref name="radius"/> round (x, y) touches: a superset of those within it.</summary>
        public void Near(double x, double y, double radius, List<int> output)
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
}
