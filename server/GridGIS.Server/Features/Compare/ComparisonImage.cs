using System.Globalization;
using System.Text.Json.Nodes;
using GridGIS.Core.Geo;
using GridGIS.Render;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;
using SkiaSharp;

namespace GridGIS.Server.Features.Compare;

/// <summary>
/// The street comparison as one PNG: a map panel per street, all at the same scale (metres per
/// pixel, in the city profile's metric CRS), drawn with the web viewer's styles, over a table of figures.
/// </summary>
internal static class ComparisonImage
{
    private const int Panel = 340, Gap = 12, RowHeight = 22;

    public static async Task<byte[]> RenderAsync(NpgsqlDataSource db, LocalProjection projection, string[] codes, JsonObject figures, string lang, string? gapCategory, CancellationToken ct)
    {
        var layers = await LoadLayersAsync(db, projection, codes, figures, gapCategory, ct);
        var extents = codes.Select(c => layers[c].SelectMany(l => l.Features).Aggregate(new Envelope(),
            (e, f) => { e.ExpandToInclude(f.Geometry.EnvelopeInternal); return e; })).ToArray();
        // Same scale: every panel shows a window as large as the largest street, centred on its own street.
        var side = extents.Where(e => !e.IsNull).Select(e => Math.Max(e.Width, e.Height)).DefaultIfEmpty(1000).Max() * 1.08;

        var streets = figures["streets"]!.AsArray();
        var rows = TableRows(figures, lang);
        var width = Gap + codes.Length * (Panel + Gap);
        width = Math.Max(width, 760);
        var height = Gap + 30 + Panel + Gap + (rows.Count + 1) * RowHeight + 40;
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        MapRenderer.DrawLabel(canvas, lang == "en" ? "Street comparison (same scale)" : "街道对比（同一比例尺）",
            new SKPoint(Gap, Gap + 10), 0xFF222222, 16, SKTextAlign.Left);
        for (var i = 0; i < codes.Length; i++)
        {
            var e = extents[i].IsNull ? new Envelope(0, 1, 0, 1) : extents[i];
            var window = new Envelope(e.Centre.X - side / 2, e.Centre.X + side / 2, e.Centre.Y - side / 2, e.Centre.Y + side / 2);
            var target = SKRect.Create(Gap + i * (Panel + Gap), Gap + 30, Panel, Panel);
            using (var bg = new SKPaint { Color = new SKColor(MapStyles.Background) }) canvas.DrawRect(target, bg);
            var s = streets[i]!;
            MapRenderer.Draw(canvas, new MapFrame(window, Panel, Panel, Title: Name(s, lang)), target, layers[codes[i]]);
            using var border = new SKPaint { Color = new SKColor(0xFFBBBBBB), Style = SKPaintStyle.Stroke };
            canvas.DrawRect(target, border);
        }
        var scaleNote = string.Create(CultureInfo.InvariantCulture, $"{side / Panel:0.#} m/px");
        MapRenderer.DrawLabel(canvas, scaleNote, new SKPoint(width - Gap, Gap + 10), 0xFF555555, 12, SKTextAlign.Right);

        // The table: one column per street, one row per figure.
        var top = Gap + 30 + Panel + Gap;
        var labelWidth = 230f;
        var col = (width - Gap * 2 - labelWidth) / codes.Length;
        for (var i = 0; i < codes.Length; i++)
            MapRenderer.DrawLabel(canvas, Name(streets[i]!, lang), new SKPoint(Gap + labelWidth + col * (i + 0.5f), top + RowHeight / 2f), 0xFF1E2F4D, 13);
        using var rule = new SKPaint { Color = new SKColor(0xFFDDDDDD) };
        for (var r = 0; r < rows.Count; r++)
        {
            var y = top + (r + 1) * RowHeight;
            canvas.DrawLine(Gap, y, width - Gap, y, rule);
            MapRenderer.DrawLabel(canvas, rows[r].Label, new SKPoint(Gap, y + RowHeight / 2f), 0xFF333333, 12, SKTextAlign.Left);
            for (var i = 0; i < codes.Length; i++)
                MapRenderer.DrawLabel(canvas, rows[r].Values[i], new SKPoint(Gap + labelWidth + col * (i + 0.5f), y + RowHeight / 2f), 0xFF111111, 12);
        }
        MapRenderer.DrawLabel(canvas, lang == "en" ? "Households and facilities are generated demo data where the demo is loaded." : "住户与设施在演示库中为生成数据。",
            new SKPoint(Gap, height - 16), 0xFF777777, 11, SKTextAlign.Left);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static string Name(JsonNode s, string lang) => (string)s[lang == "en" ? "nameEn" : "nameZh"]!;

    internal static List<(string Label, string[] Values)> TableRows(JsonObject figures, string lang)
    {
        var streets = figures["streets"]!.AsArray().Select(s => s!).ToArray();
        var en = lang == "en";
        string N(JsonNode? v) => v is null ? "–" : Number(v).ToString("#,0.##", CultureInfo.InvariantCulture);
        string P(JsonNode? v) => v is null ? "–" : (Number(v) * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
        var rows = new List<(string, string[])>
        {
            (en ? "Residents" : "常住人口", streets.Select(s => N(s["residents"])).ToArray()),
            (en ? "Foreign residents" : "境外人员", streets.Select(s => N(s["foreignResidents"])).ToArray()),
            (en ? "Foreign share" : "境外人员占比", streets.Select(s => P(s["foreignShare"])).ToArray()),
            (en ? "Households" : "户数", streets.Select(s => N(s["households"])).ToArray()),
            (en ? "Grids (foreign-resident)" : "网格（涉外）", streets.Select(s => $"{N(s["grids"])} ({N(s["foreignResidentGrids"])})").ToArray()),
        };
        foreach (var c in figures["categories"]!.AsArray())
        {
            var code = (string)c!["code"]!;
            var name = (string)c[en ? "nameEn" : "nameZh"]!;
            rows.Add(((en ? "Facilities per 10k: " : "每万人设施：") + name, streets.Select(s => N(s["facilities"]?[code]?["per10kResidents"])).ToArray()));
            rows.Add(((en ? "Coverage: " : "覆盖率：") + name, streets.Select(s => P(s["coverage"]?[code]?["coveredShare"])).ToArray()));
            rows.Add(((en ? "Gap km² / households: " : "缺口面积km²/住户：") + name, streets.Select(s =>
                s["coverage"]?[code] is { } c ? $"{N(c["gapAreaKm2"])} / {N(c["householdsOutside"])}" : "–").ToArray()));
        }
        return rows;
    }

    /// <summary>A JSON number of whatever CLR type the node was built from (long, int, double, decimal).</summary>
    private static double Number(JsonNode v) => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);

    private static async Task<Dictionary<string, List<MapLayer>>> LoadLayersAsync(NpgsqlDataSource db, LocalProjection projection, string[] codes, JsonObject figures, string? gapCategory, CancellationToken ct)
    {
        var categories = figures["categories"]!.AsArray().Select(c => (string)c!["code"]!).ToList();
        var features = codes.ToDictionary(c => c, _ => new Dictionary<string, List<MapFeature>>());
        await using (var cmd = db.CreateCommand(Sql.Get("Features/Compare/SelectStreetGeometries.sql")))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = codes });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)(gapCategory ?? categories.FirstOrDefault()) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var layer = r.GetString(1);
                var kind = r.IsDBNull(2) ? null : r.GetString(2);
                var key = layer switch { "grid" => kind == "foreign_resident" ? "grid:foreign" : "grid", "facility" => "facility:" + kind, _ => layer };
                var geometry = projection.Forward(r.GetFieldValue<Geometry>(4));
                if (geometry.IsEmpty) continue;
                var label = r.IsDBNull(3) ? null : r.GetString(3);
                var byKey = features[r.GetString(0)];
                if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = [];
                list.Add(new MapFeature(geometry, label));
            }
        }
        // Bottom to top, as in the web viewer.
        var order = new List<(string Key, MapStyle Style)>
        {
            ("street", MapStyles.Street with { LabelColor = null }), ("grid", MapStyles.Grid), ("grid:foreign", MapStyles.ForeignResidentGrid),
            ("community", MapStyles.Community), ("gap", MapStyles.Gap),
        };
        order.AddRange(categories.Select((c, i) => ("facility:" + c, MapStyles.Facility(i))));
        return features.ToDictionary(p => p.Key, p => order.Where(o => p.Value.ContainsKey(o.Key))
            .Select(o => new MapLayer(o.Key, p.Value[o.Key], o.Style)).ToList());
    }
}
