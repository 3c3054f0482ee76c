using NetTopologySuite.Geometries;

namespace GridGIS.Render;

/// <summary>The point symbols facilities are drawn with, one per category.</summary>
public enum PointSymbol { Circle, Square, Triangle, Diamond, Cross, Star }

/// <summary>
/// How a layer is drawn. Colours are 0xAARRGGBB; null means not drawn. Sizes in pixels.
/// </summary>
public sealed record MapStyle(uint? Fill, uint? Stroke, float StrokeWidth = 1f, PointSymbol Symbol = PointSymbol.Circle,
    float SymbolSize = 8f, uint? LabelColor = null, float LabelSize = 12f);

/// <summary>One feature: a geometry in the frame's planar CRS (e.g. local metres), an optional label and fill override.</summary>
public sealed record MapFeature(Geometry Geometry, string? Label = null, uint? Fill = null);

/// <summary>A layer: features plus one style, drawn in list order (first = bottom).</summary>
public sealed record MapLayer(string Name, IReadOnlyList<MapFeature> Features, MapStyle Style);

/// <summary>
/// What to draw into: an extent in the layers' planar CRS, fitted into <paramref name="Width"/> x
/// <paramref name="Height"/> pixels keeping the aspect ratio (one scale for x and y, centred),
/// over a neutral background.
/// </summary>
public sealed record MapFrame(Envelope Extent, int Width, int Height, uint Background = MapStyles.Background, string? Title = null)
{
    /// <summary>Map units per pixel after fitting the extent.</summary>
    public double UnitsPerPixel => Math.Max(Extent.Width / Width, Extent.Height / Height);
}

/// <summary>
/// The styles the web viewer uses too (viewer/web/src/styles.ts holds the same values: keep them in
/// step), so a PNG export looks like the map on screen.
/// </summary>
public static class MapStyles
{
    /// <summary>Neutral background where no base map is configured.</summary>
    public const uint Background = 0xFFF4F3EF;
    /// <summary>Service gaps of a category: households outside every facility's walk.</summary>
    public const uint GapColor = 0xFFD7301F;

    public static readonly MapStyle Street = new(0x1A4A6FA5, 0xFF2F4B7C, 2.5f, LabelColor: 0xFF1E2F4D, LabelSize: 14);
    public static readonly MapStyle Community = new(null, 0xFF7A8CA8, 1f);
    public static readonly MapStyle Grid = new(0x0F888888, 0xFFA0A0A0, 0.6f);
    public static readonly MapStyle ForeignResidentGrid = new(0x59F2A541, 0xFFE08A00, 1.2f);
    public static readonly MapStyle Gap = new(0xB3D7301F, 0xFFD7301F, 1f);
    /// <summary>Service areas at 5, 10, 15 minutes, nearest first.</summary>
    public static readonly IReadOnlyList<MapStyle> ServiceArea =
        [new(0x662C7BB6, 0xFF2C7BB6, 1f), new(0x4D00A6CA, 0xFF00A6CA, 1f), new(0x3300CCBC, 0xFF00CCBC, 1f)];

    /// <summary>Facility categories cycle through these colours and symbols by category order.</summary>
    public static readonly IReadOnlyList<uint> CategoryColors =
        [0xFF1B9E77, 0xFFD95F02, 0xFF7570B3, 0xFFE7298A, 0xFF66A61E, 0xFFE6AB02, 0xFFA6761D, 0xFF666666];

    public static MapStyle Facility(int categoryIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(categoryIndex);
        var symbols = Enum.GetValues<PointSymbol>();
        return new MapStyle(CategoryColors[categoryIndex % CategoryColors.Count], 0xFFFFFFFF, 1.2f,
            symbols[categoryIndex % symbols.Length], 9f);
    }
}
