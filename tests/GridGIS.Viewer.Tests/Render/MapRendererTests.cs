using GridGIS.Render;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using SkiaSharp;

namespace GridGIS.Viewer.Tests.Render;

/// <summary>Pixel checks of the SkiaSharp renderer: render a known layer, read pixels back.</summary>
public sealed class MapRendererTests
{
    private static readonly WKTReader Reader = new();
    private static readonly MapFrame Frame = new(new Envelope(0, 100, 0, 100), 200, 200);

    private static MapLayer Layer(string wkt, MapStyle style, string? label = null) =>
        new("test", [new MapFeature(Reader.Read(wkt), label)], style);

    private static SKColor Pixel(SKBitmap bitmap, int x, int y) => bitmap.GetPixel(x, y);

    private static void AssertColor(uint expected, SKColor actual, int tolerance = 3)
    {
        var e = new SKColor(expected);
        Assert.True(Math.Abs(e.Red - actual.Red) <= tolerance && Math.Abs(e.Green - actual.Green) <= tolerance
                    && Math.Abs(e.Blue - actual.Blue) <= tolerance, $"expected {e}, got {actual}");
    }

    [Fact]
    public void Render_FillsPolygonAndLeavesBackgroundOutside_WhenOpaqueFill()
    {
        var style = new MapStyle(0xFF3366CC, null);
        using var bitmap = MapRenderer.Render(Frame, [Layer("POLYGON((10 10, 50 10, 50 50, 10 50, 10 10))", style)]);
        // Map y grows up, pixels grow down: (30, 30) in map units is pixel (60, 140).
        AssertColor(0xFF3366CC, Pixel(bitmap, 60, 140));
        AssertColor(MapStyles.Background, Pixel(bitmap, 150, 40));
        AssertColor(MapStyles.Background, Pixel(bitmap, 60, 40));
    }

    [Fact]
    public void Render_DrawsGapInGapColour_OverStreetFill()
    {
        var street = Layer("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))", MapStyles.Street);
        var gap = Layer("POLYGON((60 60, 90 60, 90 90, 60 90, 60 60))", MapStyles.Gap with { Fill = MapStyles.GapColor });
        using var bitmap = MapRenderer.Render(Frame, [street, gap]);
        AssertColor(MapStyles.GapColor, Pixel(bitmap, 150, 50));
        var streetPixel = Pixel(bitmap, 40, 150);
        Assert.NotEqual(new SKColor(MapStyles.GapColor), streetPixel);
        Assert.True(streetPixel.Red < 0xF4, $"street fill should tint the background, got {streetPixel}");
    }

    [Fact]
    public void Render_LeavesHoleUnfilled_WhenPolygonHasInteriorRing()
    {
        var style = new MapStyle(0xFF228833, null);
        using var bitmap = MapRenderer.Render(Frame, [Layer("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0), (40 40, 60 40, 60 60, 40 60, 40 40))", style)]);
        AssertColor(0xFF228833, Pixel(bitmap, 20, 20));
        AssertColor(MapStyles.Background, Pixel(bitmap, 100, 100));
    }

    [Fact]
    public void Render_DrawsPointSymbolCentredOnPoint()
    {
        var style = new MapStyle(0xFFE7298A, null, 0, PointSymbol.Square, 10);
        using var bitmap = MapRenderer.Render(Frame, [Layer("POINT(50 50)", style)]);
        AssertColor(0xFFE7298A, Pixel(bitmap, 100, 100));
        AssertColor(MapStyles.Background, Pixel(bitmap, 112, 100));
    }

    [Fact]
    public void Render_DrawsCjkLabel_WithInkNearItsPoint()
    {
        var style = new MapStyle(null, null, LabelColor: 0xFF000000, LabelSize: 24);
        using var bitmap = MapRenderer.Render(Frame, [Layer("POINT(50 50)", style, "望京")]);
        var dark = 0;
        for (var x = 70; x < 130; x++)
        for (var y = 85; y < 115; y++)
            if (Pixel(bitmap, x, y).Red < 100) dark++;
        Assert.True(dark > 30, $"expected the label's glyphs to put dark pixels near the point, found {dark}");
        Assert.Contains("CJK", MapRenderer.CjkTypeface.FamilyName);
    }

    [Fact]
    public void RenderPng_ReturnsPngBytes()
    {
        var png = MapRenderer.RenderPng(Frame, [Layer("POLYGON((10 10, 50 10, 50 50, 10 50, 10 10))", MapStyles.Grid)]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        using var decoded = SKBitmap.Decode(png);
        Assert.Equal(200, decoded.Width);
    }

    [Fact]
    public void Render_Throws_WhenExtentIsEmpty() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MapRenderer.Render(new MapFrame(new Envelope(0, 0, 0, 0), 10, 10), []));
}
