using System.Globalization;
using System.Text.Json.Nodes;
using GridGIS.Core.Geo;
using GridGIS.Render;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGIS.Server.Features.Compare;

/// <summary>
/// The street comparison as a report an official can file (PDF or PNG, Chinese or English): title; what is
/// mapped (the category and its walk threshold), the coverage run (id, finish time in the city's time zone) and
/// the date; one map per street at one scale (the city profile's metric CRS) with the category's gaps and
/// facilities, a legend, a scale bar and a north arrow; the figures table with the 2010 published rows; sources.
/// Figures are the ones <c>GET /api/compare</c> answers (the privacy rule already applied), formatted as the
/// viewer formats them (counts with group separators, shares with two decimals, gap areas in km² with three).
/// </summary>
internal static class ComparisonReport
{
    /// <summary>Room around the largest street: windows are square and equal, so every map shares one scale.</summary>
    private const double Margin = 1.08;

    public static async Task<Report> BuildAsync(NpgsqlDataSource db, CityProfile city, TimeProvider clock, string[] codes, JsonObject figures,
        string lang, string? category, CancellationToken ct)
    {
        var en = lang == "en";
        var categories = figures["categories"]!.AsArray().Select(c => c!).ToList();
        var chosen = categories.FirstOrDefault(c => (string)c["code"]! == category) ?? categories.FirstOrDefault();
        var code = chosen is null ? null : (string)chosen["code"]!;
        var threshold = code is null ? null : await ThresholdAsync(db, code, ct);
        var layers = await LoadLayersAsync(db, city.Projection, codes, code, chosen is null ? 0 : categories.IndexOf(chosen), ct);

        var streets = figures["streets"]!.AsArray().Select(s => s!).ToList();
        var extents = codes.Select(c => layers[c].SelectMany(l => l.Features).Aggregate(new Envelope(),
            (e, f) => { e.ExpandToInclude(f.Geometry.EnvelopeInternal); return e; })).ToArray();
        var side = extents.Where(e => !e.IsNull).Select(e => Math.Max(e.Width, e.Height)).DefaultIfEmpty(1000).Max() * Margin;
        var maps = codes.Select((c, i) =>
        {
            var e = extents[i].IsNull ? new Envelope(0, 1, 0, 1) : extents[i];
            var window = new Envelope(e.Centre.X - side / 2, e.Centre.X + side / 2, e.Centre.Y - side / 2, e.Centre.Y + side / 2);
            return new ReportMap(Name(streets[i], en), window, layers[c]);
        }).ToList();

        var zone = TimeZoneInfo.FindSystemTimeZoneById(city.TimeZone);
        string When(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + Offset(zone, t);
        var today = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        var categoryName = chosen is null ? "" : (string)chosen[en ? "nameEn" : "nameZh"]!;
        var run = figures["coverageRun"];
        var facts = new List<string>
        {
            en ? $"Mapped: service gaps and facilities of {categoryName}{ThresholdText(threshold, en)}" : $"图示：{categoryName}{ThresholdText(threshold, en)}的服务缺口与设施",
            run is null
                ? en ? "Coverage: no complete coverage run yet" : "覆盖分析：尚无完成的分析批次"
                : en ? $"Coverage run #{(long)run["id"]!}, finished {When(run["finishedAt"]!.GetValue<DateTimeOffset>())} ({city.TimeZone}), {run["mode"]} walk"
                     : $"覆盖分析批次 #{(long)run["id"]!}，完成于 {When(run["finishedAt"]!.GetValue<DateTimeOffset>())}（{city.TimeZone}），{((string?)run["mode"] == "network" ? "按步行网络" : "按直线距离")}",
            en ? $"{city.Name} · report made {today:yyyy-MM-dd}" : $"{city.Name} · 制表日期 {today:yyyy-MM-dd}",
        };
        var legend = Legend(categoryName, code is null ? null : MapStyles.Facility(Math.Max(0, categories.IndexOf(chosen!))), en);
        var sources = streets.Select(s => (string?)s["published"]?["source"]).Where(s => s is not null).Distinct().ToList();
        var notes = new List<string>
        {
            (en ? "Sources: 2010 figures as published: " : "资料来源：2010年数据按原公布值：") + (sources.Count > 0 ? string.Join("; ", sources) : en ? "none for these streets" : "无"),
            en ? "Residents, households and foreign residents of the loaded data, facilities, grids and coverage are computed by GridGIS; households and facilities are generated demo data where the demo is loaded; street polygons of the demo are approximate."
               : "常住人口、户数、境外人员（现状）、设施、网格与覆盖率由 GridGIS 根据库中数据计算；演示库中的住户与设施为生成数据，街道边界为近似。",
            en ? $"Maps: one scale for all streets, in {city.Name}'s metric CRS EPSG:{city.MetricEpsg} (north arrow: grid north). Walking network © OpenStreetMap contributors where imported from OSM."
               : $"地图：各街道同一比例尺，坐标系 EPSG:{city.MetricEpsg}（指北针为坐标北）。来自 OSM 的步行网络 © OpenStreetMap 贡献者。",
            (string)figures["note"]! is var note && note.Contains("withheld", StringComparison.Ordinal)
                ? en ? "Privacy: figures of units under 5 households are withheld (–)." : "隐私保护：少于5户的单元数字不予显示（–）。" : "",
        };
        return new Report(
            en ? "Street comparison" : "街道对比", facts, maps, legend,
            m => m >= 1000 ? (m / 1000).ToString("0.#", CultureInfo.InvariantCulture) + " km" : m.ToString("0", CultureInfo.InvariantCulture) + " m",
            en ? "N" : "北",
            streets.Select(s => Name(s, en)).ToList(), Rows(figures, en), notes.Where(n => n.Length > 0).ToList(),
            en ? $"GridGIS · {today:yyyy-MM-dd}" : $"GridGIS 网格化管理 · {today:yyyy-MM-dd}",
            (i, n) => en ? $"page {i} of {n}" : $"第 {i} 页，共 {n} 页");
    }

    private static string Offset(TimeZoneInfo zone, DateTimeOffset t)
    {
        var o = zone.GetUtcOffset(t);
        return "UTC" + (o < TimeSpan.Zero ? "-" : "+") + o.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A category's threshold as the run applies it: its distance where it sets one (kindergarten 300 m), else its minutes.</summary>
    private static string ThresholdText((double Minutes, double? Metres)? t, bool en) => t switch
    {
        null => "",
        { Metres: { } m } => en ? $" (within a {m:0} m walk)" : $"（步行{m:0}米以内）",
        { } v => en ? $" (within a {v.Minutes:0.#}-minute walk)" : $"（步行{v.Minutes:0.#}分钟以内）",
    };

    private static List<LegendItem> Legend(string category, MapStyle? facility, bool en) =>
    [
        new(en ? "Street" : "街道", MapStyles.Street, LegendShape.Area),
        new(en ? "Community" : "社区", MapStyles.Community, LegendShape.Line),
        new(en ? "Grid" : "网格", MapStyles.Grid, LegendShape.Area),
        new(en ? "Foreign-resident grid" : "涉外网格", MapStyles.ForeignResidentGrid, LegendShape.Area),
        new(en ? $"Service gap: {category}" : $"服务缺口：{category}", MapStyles.Gap, LegendShape.Area),
        .. facility is null ? Array.Empty<LegendItem>() : [new LegendItem(en ? $"Facility: {category}" : $"设施：{category}", facility, LegendShape.Point)],
    ];

    private static string Name(JsonNode s, bool en) => (string?)s[en ? "nameEn" : "nameZh"] ?? (string)s["nameZh"]!;

    /// <summary>The table's rows, formatted as the viewer formats them; withheld figures show as "–".</summary>
    internal static List<ReportRow> Rows(JsonObject figures, bool en)
    {
        var streets = figures["streets"]!.AsArray().Select(s => s!).ToArray();
        static double D(JsonNode v) => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);
        string N(JsonNode? v, int digits = 0) => v is null ? "–" : D(v).ToString("N" + digits, CultureInfo.InvariantCulture);
        string P(JsonNode? v) => v is null ? "–" : (D(v) * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
        ReportRow Row(string label, Func<JsonNode, string> value) => new(label, streets.Select(value).ToList());
        var rows = new List<ReportRow>
        {
            Row(en ? "Residents" : "常住人口", s => N(s["residents"])),
            Row(en ? "Foreign residents" : "境外人员", s => N(s["foreignResidents"])),
            Row(en ? "Foreign share" : "境外人员占比", s => P(s["foreignShare"])),
            Row(en ? "Residents (published 2010)" : "常住人口（2010年公布）", s => N(s["published"]?["residents"])),
            Row(en ? "Foreign residents (published 2010)" : "境外人员（2010年公布）", s => N(s["published"]?["foreignResidents"])),
            Row(en ? "Foreign share (published 2010)" : "境外人员占比（2010年公布）", s => P(s["published"]?["foreignShare"])),
            Row(en ? "Households" : "户数", s => N(s["households"])),
            Row(en ? "Grids (foreign-resident)" : "网格（涉外）", s => $"{N(s["grids"])} ({N(s["foreignResidentGrids"])})"),
        };
        foreach (var c in figures["categories"]!.AsArray())
        {
            var code = (string)c!["code"]!;
            rows.Add(new(Name(c, en), [], Heading: true));
            rows.Add(Row(en ? "  Facilities per 10,000 residents" : "  每万人设施数", s => N(s["facilities"]?[code]?["per10kResidents"], 2)));
            rows.Add(Row(en ? "  Coverage (share of residents)" : "  覆盖率（常住人口占比）", s => P(s["coverage"]?[code]?["coveredShare"])));
            rows.Add(Row(en ? "  Gap area (km²)" : "  缺口面积（平方公里）", s => N(s["coverage"]?[code]?["gapAreaKm2"], 3)));
            rows.Add(Row(en ? "  Households outside (gap)" : "  缺口住户（户）", s => N(s["coverage"]?[code]?["householdsOutside"])));
        }
        return rows;
    }

    private static async Task<(double Minutes, double? Metres)?> ThresholdAsync(NpgsqlDataSource db, string code, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Compare/GetCategoryThreshold.sql"));
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return (r.GetDouble(0), r.IsDBNull(1) ? null : r.GetDouble(1));
    }

    private static async Task<Dictionary<string, List<MapLayer>>> LoadLayersAsync(NpgsqlDataSource db, LocalProjection projection, string[] codes,
        string? category, int categoryIndex, CancellationToken ct)
    {
        var features = codes.ToDictionary(c => c, _ => new Dictionary<string, List<MapFeature>>());
        await using (var cmd = db.CreateCommand(Sql.Get("Features/Compare/SelectStreetGeometries.sql")))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = codes });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var layer = r.GetString(1);
                var kind = r.IsDBNull(2) ? null : r.GetString(2);
                // Only the reported category's facilities: the legend names one category.
                if (layer == "facility" && kind != category) continue;
                var key = layer switch { "grid" => kind == "foreign_resident" ? "grid:foreign" : "grid", "facility" => "facility:" + kind, _ => layer };
                var geometry = projection.Forward(r.GetFieldValue<Geometry>(4));
                if (geometry.IsEmpty) continue;
                var byKey = features[r.GetString(0)];
                if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = [];
                list.Add(new MapFeature(geometry, null));
            }
        }
        // Bottom to top, as in the web viewer.
        var order = new List<(string Key, MapStyle Style)>
        {
            ("street", MapStyles.Street with { LabelColor = null }), ("grid", MapStyles.Grid), ("grid:foreign", MapStyles.ForeignResidentGrid),
            ("community", MapStyles.Community), ("gap", MapStyles.Gap),
            ("facility:" + category, MapStyles.Facility(Math.Max(0, categoryIndex))),
        };
        return features.ToDictionary(p => p.Key, p => order.Where(o => p.Value.ContainsKey(o.Key))
            .Select(o => new MapLayer(o.Key, p.Value[o.Key], o.Style)).ToList());
    }
}
