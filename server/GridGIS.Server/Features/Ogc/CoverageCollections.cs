using System.Globalization;
using System.Text.Json.Nodes;
using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Ogc;

/// <summary>
/// The latest complete run's results as OGC collections: coverage per street, community and grid (the unit's polygon
/// with its figures, one feature per unit and category, id <c>category.unitId</c>) and the service gaps (id
/// <c>category.gapNo</c>). Figures follow the privacy rule exactly as <c>/api/coverage</c> does (<see cref="UnitDisclosure"/>,
/// <see cref="GapFigures"/>): withheld figures are null, the feature says <c>withheld</c>, the page carries the note.
/// Each feature's time is the run's end (<c>time</c>), which <c>datetime</c> filters on.
/// </summary>
internal static class CoverageCollections
{
    /// <summary>Coverage of the units of <paramref name="level"/> (street, community, grid).</summary>
    public static OgcPager Units(string level) => async (q, ct) =>
    {
        if (await LatestRunAsync(q.Db, ct) is not { } run || q.Time is { } t && !t.Contains(run.Finished)) return OgcRequest.EmptyPage();
        var category = q.Filter("category");
        int? unitId = null;
        if (q.FeatureId is { } fid)
        {
            if (!TrySplitId(fid, out var idCategory, out var n) || category is not null && category != idCategory) return OgcRequest.EmptyPage();
            (category, unitId) = (idCategory, n);
        }
        var rule = Disclosure.For(q.Administrator);
        await using var conn = await q.Db.OpenConnectionAsync(ct);
        var (rows, withheld) = await DisclosedAsync(q, conn, run.Id, category, rule, ct);
        var byUnit = rows.Where(r => r.Level == level).ToDictionary(r => (r.Category, r.UnitId));

        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Ogc/ListCoverageUnitShapes.sql"), conn);
        cmd.Parameters.Add(new() { Value = run.Id });
        cmd.Parameters.Add(new() { Value = level });
        AddBox(cmd, q);
        cmd.Parameters.Add(new() { Value = q.Limit });
        cmd.Parameters.Add(new() { Value = q.Offset });
        cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)unitId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        var features = new List<JsonObject>();
        long matched = 0;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                matched = r.GetInt64(3);
                if (!byUnit.TryGetValue((r.GetString(0), r.GetInt32(1)), out var u)) continue;
                var f = UnitDisclosure.Show(u, withheld, rule);
                features.Add(Feature($"{u.Category}.{u.UnitId}", r.GetString(2), new JsonObject
                {
                    ["run"] = run.Id, ["time"] = Time(run.Finished), ["category"] = u.Category, ["level"] = level, ["unitId"] = u.UnitId,
                    ["code"] = u.Code, ["name"] = u.Name,
                    ["households"] = f.Households, ["householdsCovered"] = f.HouseholdsCovered, ["householdsNotCovered"] = f.HouseholdsNotCovered,
                    ["residents"] = f.Residents, ["residentsCovered"] = f.ResidentsCovered, ["residentsNotCovered"] = f.ResidentsNotCovered,
                    ["shareCovered"] = f.ShareCovered, ["foreignResidents"] = f.ForeignResidents, ["foreignCovered"] = f.ForeignCovered,
                    ["foreignNotCovered"] = f.ForeignNotCovered, ["accessibility"] = f.Accessibility,
                    ["withheld"] = withheld.Contains((u.Category, u.Level, u.UnitId)),
                }));
            }
        return WithNote(OgcRequest.Page(matched, features), rule);
    };

    /// <summary>The latest complete run's service gaps, per category, largest first.</summary>
    public static readonly OgcPager Gaps = async (q, ct) =>
    {
        if (await LatestRunAsync(q.Db, ct) is not { } run || q.Time is { } t && !t.Contains(run.Finished)) return OgcRequest.EmptyPage();
        var category = q.Filter("category");
        int? gapNo = null;
        if (q.FeatureId is { } fid)
        {
            if (!TrySplitId(fid, out var idCategory, out var n) || category is not null && category != idCategory) return OgcRequest.EmptyPage();
            (category, gapNo) = (idCategory, n);
        }
        var rule = Disclosure.For(q.Administrator);
        await using var cmd = q.Db.CreateCommand(Sql.Get("Features/Ogc/ListRunGaps.sql"));
        cmd.Parameters.Add(new() { Value = run.Id });
        AddBox(cmd, q);
        cmd.Parameters.Add(new() { Value = q.Limit });
        cmd.Parameters.Add(new() { Value = q.Offset });
        cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)gapNo ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        var features = new List<JsonObject>();
        long matched = 0;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                matched = r.GetInt64(8);
                var g = GapFigures.Show(rule, r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7));
                features.Add(Feature($"{r.GetString(0)}.{r.GetInt32(1)}", r.GetString(2), new JsonObject
                {
                    ["run"] = run.Id, ["time"] = Time(run.Finished), ["category"] = r.GetString(0), ["gapNo"] = r.GetInt32(1),
                    ["areaM2"] = Math.Round(r.GetDouble(3), 1),
                    ["households"] = g.Households, ["householdsNotCovered"] = g.HouseholdsNotCovered,
                    ["residents"] = g.Residents, ["foreignResidents"] = g.ForeignResidents,
                    ["withheld"] = g.Households is null,
                }));
            }
        return WithNote(OgcRequest.Page(matched, features), rule);
    };

    internal sealed record Disclosed(string Key, List<UnitDisclosure.Row> Rows, HashSet<(string, string, int)> Withheld);

    /// <summary>The last run's unit rows and withheld set of each rule (administrator, restricted), for tiles: every tile of a run layer needs them. Singleton.</summary>
    internal sealed class DisclosureCache
    {
        public readonly Disclosed?[] Last = new Disclosed?[2];
    }

    /// <summary>
    /// The run's unit rows (all levels, of one category or all) and the units the rule withholds. With no category they are
    /// kept per rule until the data version of runs and units moves (another complete run can change what is withheld).
    /// </summary>
    private static async Task<(List<UnitDisclosure.Row>, HashSet<(string, string, int)>)> DisclosedAsync(OgcRequest q, NpgsqlConnection conn,
        long runId, string? category, Disclosure rule, CancellationToken ct)
    {
        if (category is not null)
        {
            var some = await UnitDisclosure.LoadAsync(conn, runId, category, ct);
            return (some, UnitDisclosure.Withheld(some, rule));
        }
        var version = await q.Http.RequestServices.GetRequiredService<DataVersions>().VersionAsync(["coverage_run", "street", "community", "grid"], ct);
        var key = $"{runId}|{version}";
        var cache = q.Http.RequestServices.GetRequiredService<DisclosureCache>().Last;
        var slot = rule.Applies ? 1 : 0;
        if (cache[slot] is { } d && d.Key == key) return (d.Rows, d.Withheld);
        var rows = await UnitDisclosure.LoadAsync(conn, runId, null, ct);
        var withheld = UnitDisclosure.Withheld(rows, rule);
        cache[slot] = new Disclosed(key, rows, withheld);
        return (rows, withheld);
    }

    /// <summary>The latest complete full run and when it finished; null when there is none.</summary>
    public static async Task<(long Id, DateTimeOffset Finished)?> LatestRunAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Ogc/GetLatestRunTime.sql"));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1)) : null;
    }

    /// <summary>RFC 3339, UTC, to the second.</summary>
    public static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A feature id <c>category.number</c> (the category code may hold dots; the number follows the last).</summary>
    private static bool TrySplitId(string id, out string category, out int number)
    {
        var dot = id.LastIndexOf('.');
        category = dot > 0 ? id[..dot] : "";
        number = 0;
        return dot > 0 && int.TryParse(id[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private static void AddBox(NpgsqlCommand cmd, OgcRequest q)
    {
        var b = q.Box;
        foreach (var v in new[] { b?.MinLon, b?.MinLat, b?.MaxLon, b?.MaxLat })
            cmd.Parameters.Add(new() { Value = (object?)v ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
    }

    internal static JsonObject Feature(string id, string geoJsonGeometry, JsonObject properties) => new()
    {
        ["type"] = "Feature", ["id"] = id, ["geometry"] = JsonNode.Parse(geoJsonGeometry), ["properties"] = properties,
    };

    private static JsonObject WithNote(JsonObject page, Disclosure rule)
    {
        page["privacy"] = rule.Note;
        return page;
    }
}
