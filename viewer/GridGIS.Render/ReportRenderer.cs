using SkiaSharp;

namespace GridGIS.Render;

/// <summary>
/// Lays a <see cref="Report"/> out on A4 landscape pages (842 x 595 points) and writes it as PDF (SkiaSharp's
/// <c>SKDocument</c>, fonts embedded) or as one PNG of the same pages one under another. Page 1: title and facts,
/// the maps in one row at one scale with a scale bar and a north arrow (grid north of the maps' planar CRS), the
/// legend, then the table; the table runs on over further pages with its head repeated; the notes follow it;
/// every page has the footer and "page i of n".
/// </summary>
public static class ReportRenderer
{
    /// <summary>A4 landscape, in PDF points (1/72 inch).</summary>
    public const float PageWidth = 842, PageHeight = 595;

    private const float Margin = 32, MapGap = 8, RowHeight = 13, LegendRow = 14, FooterY = PageHeight - 16, Bottom = PageHeight - 30;

    /// <summary>The report as a PDF document.</summary>
    public static byte[] Pdf(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var pages = Layout(report);
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata { Title = report.Title, Creator = "GridGIS", Producer = "GridGIS (SkiaSharp)" };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            foreach (var page in pages)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                canvas.Clear(SKColors.White);
                page(canvas);
                document.EndPage();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    /// <summary>The report as one PNG: the PDF's pages one under another, <paramref name="scale"/> pixels per point (1..4).</summary>
    public static byte[] Png(Report report, float scale = 2f)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1f);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, 4f);
        var pages = Layout(report);
        const float seam = 6;
        using var bitmap = new SKBitmap((int)(PageWidth * scale), (int)(((PageHeight + seam) * pages.Count - seam) * scale), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(new SKColor(0xFFBBBBBB));
        for (var i = 0; i < pages.Count; i++)
        {
            canvas.Save();
            canvas.Scale(scale);
            canvas.Translate(0, i * (PageHeight + seam));
            canvas.ClipRect(new SKRect(0, 0, PageWidth, PageHeight));
            canvas.Clear(SKColors.White);
            pages[i](canvas);
            canvas.Restore();
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The pages, each a drawing on a blank page; laid out once so that "page i of n" is known.</summary>
    internal static List<Action<SKCanvas>> Layout(Report r)
    {
        var pages = new List<List<Action<SKCanvas>>> { new() };
        void Add(Action<SKCanvas> draw) => pages[^1].Add(draw);
        var y = Margin;
        Add(c => Text(c, r.Title, Margin, Margin + 12, 17, 0xFF1E2F4D, bold: true));
        y += 22;
        foreach (var fact in r.Facts)
        {
            var at = y;
            Add(c => Text(c, fact, Margin, at + 9, 9.5f, 0xFF333333));
            y += 13;
        }
        y += 4;
        if (r.Maps.Count > 0) y = LayoutMaps(r, y, Add);
        y = LayoutLegend(r, y, Add);

        // The table: label column, then one column per street; the head repeats on every page it runs over.
        var width = PageWidth - 2 * Margin;
        var labelWidth = Math.Min(250f, Math.Max(140f, r.Rows.Select(row => Measure(row.Label, 8.5f)).DefaultIfEmpty(0).Max() + 8));
        var col = r.Columns.Count == 0 ? 0 : (width - labelWidth) / r.Columns.Count;
        void Head(float at)
        {
            Add(c =>
            {
                using var band = new SKPaint { Color = new SKColor(0xFFE8ECF3) };
                c.DrawRect(Margin, at, width, RowHeight + 2, band);
                for (var i = 0; i < r.Columns.Count; i++)
                    Text(c, r.Columns[i], Margin + labelWidth + col * (i + 0.5f), at + 10, 8.5f, 0xFF1E2F4D, bold: true, SKTextAlign.Center, col - 4);
            });
        }
        y += 6;
        Head(y);
        y += RowHeight + 2;
        foreach (var row in r.Rows)
        {
            if (y + RowHeight > Bottom)
            {
                pages.Add([]);
                y = Margin;
                Head(y);
                y += RowHeight + 2;
            }
            var at = y;
            Add(c =>
            {
                using var rule = new SKPaint { Color = new SKColor(0xFFDDDDDD), StrokeWidth = 0.5f };
                c.DrawLine(Margin, at + RowHeight, Margin + width, at + RowHeight, rule);
                Text(c, row.Label, Margin + 2, at + 9.5f, 8.5f, row.Heading ? 0xFF1E2F4D : 0xFF333333, row.Heading, SKTextAlign.Left, labelWidth - 6);
                for (var i = 0; i < row.Values.Count && i < r.Columns.Count; i++)
                    Text(c, row.Values[i], Margin + labelWidth + col * (i + 0.5f), at + 9.5f, 8.5f, 0xFF111111, false, SKTextAlign.Center, col - 4);
            });
            y += RowHeight;
        }
        y += 8;
        foreach (var note in r.Notes)
        {
            foreach (var line in Wrap(note, 8, width))
            {
                if (y + 11 > Bottom) { pages.Add([]); y = Margin; }
                var at = y;
                Add(c => Text(c, line, Margin, at + 8, 8, 0xFF555555));
                y += 11;
            }
        }
        var n = pages.Count;
        return pages.Select((drawings, i) => (Action<SKCanvas>)(c =>
        {
            foreach (var d in drawings) d(c);
            Text(c, r.Footer, Margin, FooterY, 7.5f, 0xFF777777);
            Text(c, r.PageLabel(i + 1, n), PageWidth - Margin, FooterY, 7.5f, 0xFF777777, false, SKTextAlign.Right);
        })).ToList();
    }

    private static float LayoutMaps(Report r, float y, Action<Action<SKCanvas>> add)
    {
        var n = r.Maps.Count;
        var side = Math.Min(220f, (PageWidth - 2 * Margin - (n - 1) * MapGap) / n);
        // One scale for every map: the window of the first decides (the caller makes them equal in size).
        var metresPerPoint = Math.Max(r.Maps[0].Window.Width, r.Maps[0].Window.Height) / side;
        var top = y;
        for (var i = 0; i < n; i++)
        {
            var map = r.Maps[i];
            var target = SKRect.Create(Margin + i * (side + MapGap), top + 14, side, side);
            add(c =>
            {
                Text(c, map.Title, target.MidX, top + 9, 9.5f, 0xFF1E2F4D, true, SKTextAlign.Center, side);
                using (var bg = new SKPaint { Color = new SKColor(MapStyles.Background) }) c.DrawRect(target, bg);
                MapRenderer.Draw(c, new MapFrame(map.Window, (int)side, (int)side), target, map.Layers);
                using var border = new SKPaint { Color = new SKColor(0xFF999999), Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f };
                c.DrawRect(target, border);
            });
        }
        y = top + 14 + side + 6;
        var barAt = y;
        add(c => ScaleBar(c, Margin, barAt + 10, metresPerPoint, r.ScaleLabel));
        add(c => NorthArrow(c, Margin + n * (side + MapGap) - MapGap - 10, barAt + 4, r.NorthLabel));
        return y + 22;
    }

    private static float LayoutLegend(Report r, float y, Action<Action<SKCanvas>> add)
    {
        var x = Margin;
        foreach (var item in r.Legend)
        {
            var w = 22 + Measure(item.Label, 8.5f) + 14;
            if (x + w > PageWidth - Margin) { x = Margin; y += LegendRow; }
            var (at, ax) = (y, x);
            add(c =>
            {
                var box = SKRect.Create(ax, at + 2, 16, 9);
                Swatch(c, item, box);
                Text(c, item.Label, ax + 20, at + 9.5f, 8.5f, 0xFF333333);
            });
            x += w;
        }
        return y + LegendRow;
    }

    private static void Swatch(SKCanvas c, LegendItem item, SKRect box)
    {
        var s = item.Style;
        switch (item.Shape)
        {
            case LegendShape.Line:
                using (var p = new SKPaint { Color = new SKColor(s.Stroke ?? 0xFF000000), StrokeWidth = Math.Max(1, s.StrokeWidth), IsAntialias = true })
                    c.DrawLine(box.Left, box.MidY, box.Right, box.MidY, p);
                break;
            case LegendShape.Point:
                using (var path = MapRenderer.Symbol(s.Symbol, new SKPoint(box.MidX, box.MidY), Math.Min(9, s.SymbolSize)))
                {
                    using var f = new SKPaint { Color = new SKColor(s.Fill ?? 0xFF000000), IsAntialias = true };
                    c.DrawPath(path, f);
                    using var o = new SKPaint { Color = new SKColor(0xFF333333), Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f, IsAntialias = true };
                    c.DrawPath(path, o);
                }
                break;
            default:
                if (s.Fill is { } fill) using (var f = new SKPaint { Color = new SKColor(fill) }) c.DrawRect(box, f);
                using (var o = new SKPaint { Color = new SKColor(s.Stroke ?? 0xFF999999), Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(0.6f, Math.Min(2, s.StrokeWidth)) })
                    c.DrawRect(box, o);
                break;
        }
    }

    /// <summary>A bar of a round length (1, 2 or 5 x 10^k metres) near a quarter of a map's width, in black and white halves.</summary>
    private static void ScaleBar(SKCanvas c, float x, float y, double metresPerPoint, Func<double, string> label)
    {
        var length = NiceLength(metresPerPoint * 110);
        var w = (float)(length / metresPerPoint);
        using var black = new SKPaint { Color = SKColors.Black };
        using var white = new SKPaint { Color = SKColors.White };
        using var edge = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f };
        c.DrawRect(x, y - 3, w / 2, 4, black);
        c.DrawRect(x + w / 2, y - 3, w / 2, 4, white);
        c.DrawRect(x, y - 3, w, 4, edge);
        Text(c, "0", x, y + 9, 7.5f, 0xFF222222, false, SKTextAlign.Center);
        Text(c, label(length), x + w, y + 9, 7.5f, 0xFF222222, false, SKTextAlign.Center);
    }

    /// <summary>The largest 1, 2 or 5 x 10^k not above <paramref name="metres"/>.</summary>
    internal static double NiceLength(double metres)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(metres);
        var p = Math.Pow(10, Math.Floor(Math.Log10(metres)));
        return metres >= 5 * p ? 5 * p : metres >= 2 * p ? 2 * p : p;
    }

    private static void NorthArrow(SKCanvas c, float x, float top, string label)
    {
        using var builder = new SKPathBuilder();
        builder.AddPoly([new(x, top), new(x + 5, top + 14), new(x, top + 10), new(x - 5, top + 14)]);
        using var path = builder.Detach();
        using var fill = new SKPaint { Color = new SKColor(0xFF222222), IsAntialias = true };
        c.DrawPath(path, fill);
        Text(c, label, x + 9, top + 9, 9, 0xFF222222, true);
    }

    private static float Measure(string text, float size)
    {
        using var font = new SKFont(MapRenderer.CjkTypeface, size);
        return font.MeasureText(text);
    }

    /// <summary>Lines of at most <paramref name="width"/> points, broken at spaces (or anywhere in Chinese text).</summary>
    internal static IEnumerable<string> Wrap(string text, float size, float width)
    {
        var line = "";
        foreach (var ch in text)
        {
            var next = line + ch;
            if (Measure(next, size) <= width) { line = next; continue; }
            var cut = line.LastIndexOf(' ');
            if (cut > line.Length / 2) { yield return line[..cut]; line = line[(cut + 1)..] + ch; }
            else { yield return line; line = ch.ToString(); }
        }
        if (line.Length > 0) yield return line;
    }

    private static void Text(SKCanvas c, string text, float x, float baseline, float size, uint color, bool bold = false,
        SKTextAlign align = SKTextAlign.Left, float maxWidth = 0)
    {
        using var font = new SKFont(MapRenderer.CjkTypeface, size) { Embolden = bold };
        // A text wider than its cell is shrunk to fit rather than cut or run into the next cell.
        if (maxWidth > 0 && font.MeasureText(text) is var w && w > maxWidth) font.Size = size * maxWidth / w;
        using var paint = new SKPaint { Color = new SKColor(color), IsAntialias = true };
        c.DrawText(text, x, baseline, align, font, paint);
    }
}
