namespace GridGIS.Core.Density;

/// <summary>
/// The edge of a heatmap cell, in metres, for a web-map zoom level: about 32 screen pixels at
/// Beijing's latitude, rounded up to a size of the fixed lattice (<see cref="HeatmapPyramid"/>: 50 m x 2^k,
/// 50 m .. 12.8 km, each size four cells of the one below), and enlarged further when the view would hold
/// more than <see cref="MaxCells"/> cells.
/// </summary>
public static class HeatmapCellSize
{
    /// <summary>Most cells one view may hold; larger views get larger cells.</summary>
    public const int MaxCells = 6000;

    /// <summary>The sizes a cell can take, metres, smallest first: the levels of the nested lattice.</summary>
    public static readonly IReadOnlyList<double> Sizes = Enumerable.Range(0, HeatmapPyramid.ViewLevels).Select(HeatmapPyramid.CellSize).ToArray();

    /// <summary>Web Mercator metres per pixel at zoom 0 times cos(40°): ground metres per pixel at Beijing.</summary>
    private const double GroundMetresPerPixelAtZoom0 = 156543.03392 * 0.766044;

    /// <summary>The cell size for a zoom level and a view of <paramref name="widthM"/> x <paramref name="heightM"/> metres.</summary>
    /// <param name="zoom">web-map zoom level, 0..24 (fractional allowed)</param>
    /// <param name="widthM">view width, metres, &gt;= 0</param>
    /// <param name="heightM">view height, metres, &gt;= 0</param>
    public static double For(double zoom, double widthM, double heightM)
    {
        if (!double.IsFinite(zoom) || zoom < 0 || zoom > 24)
            throw new ArgumentOutOfRangeException(nameof(zoom), zoom, "zoom must be between 0 and 24");
        if (!double.IsFinite(widthM) || widthM < 0) throw new ArgumentOutOfRangeException(nameof(widthM), widthM, "must be finite and >= 0");
        if (!double.IsFinite(heightM) || heightM < 0) throw new ArgumentOutOfRangeException(nameof(heightM), heightM, "must be finite and >= 0");
        var wanted = 32 * GroundMetresPerPixelAtZoom0 / Math.Pow(2, zoom);
        foreach (var size in Sizes)
        {
            if (size < wanted) continue;
            if (Math.Ceiling(widthM / size + 1) * Math.Ceiling(heightM / size + 1) <= MaxCells) return size;
        }
        return Sizes[^1];
    }
}
