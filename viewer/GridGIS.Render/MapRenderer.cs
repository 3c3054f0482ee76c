using NetTopologySuite.Geometries;
using SkiaSharp;

namespace GridGIS.Render;

/// <summary>
/// Renders layers of NTS geometries into a PNG: polygons filled then stroked, lines stroked, points
/// as their style's symbol, labels at a polygon's interior point (or beside a point) in a
/// CJK-capable font. Coordinates are planar (use local metres, not degrees, for true shapes).
/// </summary>
public static class MapRenderer
{
    /// <summary>PNG bytes of <paramref name="layers"/> drawn into <paramref name="frame"/>.</summary>
    public static byte[] RenderPng(MapFrame frame, IEnumerable<MapLayer> layers)
    {
        using var bitmap = Render(frame, layers);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The rendered bitmap (caller disposes).</summary>
    public static SKBitmap Render(MapFrame frame, IEnumerable<MapLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(layers);
        Check(frame);
        var bitmap = new SKBitmap(frame.Width, frame.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(new SKColor(frame.Background));
        Draw(canvas, frame, new SKRect(0, 0, frame.Width, frame.Height), layers);
        return bitmap;
    }

    /// <summary>Draws layers into <paramref name="target"/> (pixels) of an existing canvas, clipped to it.</summary>
    public static void Draw(SKCanvas canvas, MapFrame frame, SKRect target, IEnumerable<MapLayer> layers)
    {
        var view = new Viewport(frame.Extent, target);
        canvas.Save();
        canvas.ClipRect(target);
        var labels = new List<(string Text, SKPoint At, MapStyle Style)>();
        foreach (var layer in layers)
        foreach (var feature in layer.Features)
        {
            DrawGeometry(canvas, view, feature.Geometry, layer.Style, feature.Fill);
            if (!string.IsNullOrEmpty(feature.Label) && layer.Style.LabelColor is not null)
                labels.Add((feature.Label, view.ToPixel(LabelPoint(feature.Geometry)), layer.Style));
        }
        foreach (var (text, at, style) in labels) DrawLabel(canvas, text, at, style.LabelColor!.Value, style.LabelSize);
        canvas.Restore();
        if (frame.Title is not null) DrawLabel(canvas, frame.Title, new SKPoint(target.MidX, target.Top + 18), 0xFF222222, 15);
    }

    /// <summary>
    /// A typeface with CJK glyphs: Noto Sans CJK SC (Debian's fonts-noto-cjk), loaded from its file
    /// because the self-contained Skia build has no fontconfig; else whatever the font manager
    /// matches for a Han character; else the default (labels then show boxes, never fail).
    /// </summary>
    public static SKTypeface CjkTypeface => CjkFace.Value;

    private static readonly Lazy<SKTypeface> CjkFace = new(LoadCjkTypeface);

    /// <summary>Font files tried in order; GRIDGIS_CJK_FONT names another.</summary>
    private static readonly string[] CjkFontFiles =
    [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    ];

    private static SKTypeface LoadCjkTypeface()
    {
        var files = Environment.GetEnvironmentVariable("GRIDGIS_CJK_FONT") is { Length: > 0 } custom ? [custom, .. CjkFontFiles] : CjkFontFiles;
        foreach (var file in files.Where(File.Exists))
        {
            SKTypeface? first = null;
            for (var index = 0; index < 16; index++)
            {
                var face = SKTypeface.FromFile(file, index);
                if (face is null) break;
                if (!HasGlyph(face, '中')) { face.Dispose(); continue; }
                if (face.FamilyName.EndsWith(" SC", StringComparison.Ordinal)) { first?.Dispose(); return face; }
                if (first is null) first = face; else face.Dispose();
            }
            if (first is not null) return first;
        }
        return SKFontManager.Default.MatchCharacter('中') ?? SKTypeface.Default;
    }

    private static bool HasGlyph(SKTypeface typeface, char c)
    {
        using var font = new SKFont(typeface);
        return font.ContainsGlyph(c);
    }

    /// <summary>Draws text centred on <paramref name="at"/> with a light halo.</summary>
    public static void DrawLabel(SKCanvas canvas, string text, SKPoint at, uint color, float size, SKTextAlign align = SKTextAlign.Center)
    {
        using var font = new SKFont(CjkTypeface, size);
        using var halo = new SKPaint { Color = new SKColor(0xE6FFFFFF), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 3 };
        using var fill = new SKPaint { Color = new SKColor(color), IsAntialias = true };
        var y = at.Y + size / 3;
        canvas.DrawText(text, at.X, y, align, font, halo);
        canvas.DrawText(text, at.X, y, align, font, fill);
    }

    private static void Check(MapFrame frame)
    {
        if (frame.Width is < 1 or > 8192) throw new ArgumentOutOfRangeException(nameof(frame), frame.Width, "width must be 1..8192 pixels");
        if (frame.Height is < 1 or > 8192) throw new ArgumentOutOfRangeException(nameof(frame), frame.Height, "height must be 1..8192 pixels");
        if (frame.Extent.IsNull || frame.Extent.Width <= 0 || frame.Extent.Height <= 0)
            throw new ArgumentOutOfRangeException(nameof(frame), frame.Extent, "extent must have a positive width and height");
    }

    private static Coordinate LabelPoint(Geometry g) => g is IPolygonal ? g.InteriorPoint.Coordinate : g.Centroid.Coordinate;

    private static void DrawGeometry(SKCanvas canvas, Viewport view, Geometry g, MapStyle style, uint? fillOverride)
    {
        switch (g)
        {
            case GeometryCollection collection:
                foreach (var part in collection.Geometries) DrawGeometry(canvas, view, part, style, fillOverride);
                break;
            case Polygon polygon:
                using (var builder = new SKPathBuilder { FillType = SKPathFillType.EvenOdd })
                {
                    AddRing(builder, view, polygon.ExteriorRing.Coordinates);
                    foreach (var hole in polygon.InteriorRings) AddRing(builder, view, hole.Coordinates);
                    using var path = builder.Detach();
                    Paint(canvas, path, style, fillOverride ?? style.Fill);
                }
                break;
            case LineString line:
                using (var builder = new SKPathBuilder())
                {
                    var pts = line.Coordinates.Select(view.ToPixel).ToArray();
                    if (pts.Length > 1) builder.AddPoly(pts, close: false);
                    using var path = builder.Detach();
                    Paint(canvas, path, style, null);
                }
                break;
            case Point point:
                using (var path = Symbol(style.Symbol, view.ToPixel(point.Coordinate), style.SymbolSize))
                    Paint(canvas, path, style, fillOverride ?? style.Fill);
                break;
        }
    }

    private static void AddRing(SKPathBuilder path, Viewport view, Coordinate[] ring)
    {
        if (ring.Length < 3) return;
        path.AddPoly(ring.Select(view.ToPixel).ToArray(), close: true);
    }

    private static void Paint(SKCanvas canvas, SKPath path, MapStyle style, uint? fill)
    {
        if (fill is { } f)
        {
            using var p = new SKPaint { Color = new SKColor(f), Style = SKPaintStyle.Fill, IsAntialias = true };
            canvas.DrawPath(path, p);
        }
        if (style.Stroke is { } s && style.StrokeWidth > 0)
        {
            using var p = new SKPaint { Color = new SKColor(s), Style = SKPaintStyle.Stroke, StrokeWidth = style.StrokeWidth, IsAntialias = true };
            canvas.DrawPath(path, p);
        }
    }

    /// <summary>A symbol of side about <paramref name="size"/> pixels centred on <paramref name="c"/>.</summary>
    internal static SKPath Symbol(PointSymbol symbol, SKPoint c, float size)
    {
        var r = size / 2;
        using var path = new SKPathBuilder();
        switch (symbol)
        {
            case PointSymbol.Square: path.AddRect(new SKRect(c.X - r, c.Y - r, c.X + r, c.Y + r), SKPathDirection.Clockwise); break;
            case PointSymbol.Triangle: path.AddPoly([new(c.X, c.Y - r * 1.2f), new(c.X + r * 1.1f, c.Y + r * 0.8f), new(c.X - r * 1.1f, c.Y + r * 0.8f)]); break;
            case PointSymbol.Diamond: path.AddPoly([new(c.X, c.Y - r * 1.3f), new(c.X + r, c.Y), new(c.X, c.Y + r * 1.3f), new(c.X - r, c.Y)]); break;
            case PointSymbol.Cross:
                var t = r / 2.5f;
                path.AddPoly([new(c.X - t, c.Y - r), new(c.X + t, c.Y - r), new(c.X + t, c.Y - t), new(c.X + r, c.Y - t), new(c.X + r, c.Y + t),
                    new(c.X + t, c.Y + t), new(c.X + t, c.Y + r), new(c.X - t, c.Y + r), new(c.X - t, c.Y + t), new(c.X - r, c.Y + t),
                    new(c.X - r, c.Y - t), new(c.X - t, c.Y - t)]);
                break;
            case PointSymbol.Star:
                path.AddPoly(Enumerable.Range(0, 10).Select(i =>
                {
                    var a = Math.PI / 5 * i - Math.PI / 2;
                    var rr = i % 2 == 0 ? r * 1.3f : r * 0.55f;
                    return new SKPoint(c.X + (float)(rr * Math.Cos(a)), c.Y + (float)(rr * Math.Sin(a)));
                }).ToArray());
                break;
            default: path.AddCircle(c.X, c.Y, r, SKPathDirection.Clockwise); break;
        }
        return path.Detach();
    }

    /// <summary>Map units to pixels: one scale for both axes, extent centred in the target, y down.</summary>
    private sealed class Viewport
    {
        private readonly double _scale, _cx, _cy;
        private readonly float _tx, _ty;

        public Viewport(Envelope extent, SKRect target)
        {
            _scale = Math.Min(target.Width / extent.Width, target.Height / extent.Height);
            _cx = extent.Centre.X; _cy = extent.Centre.Y;
            _tx = target.MidX; _ty = target.MidY;
        }

        public SKPoint ToPixel(Coordinate c) => new((float)(_tx + (c.X - _cx) * _scale), (float)(_ty - (c.Y - _cy) * _scale));
    }
}
