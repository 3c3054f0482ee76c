using System.Text.Json;
using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using Npgsql;
using static GridGIS.Server.Features.Coverage.CoverageApi;

namespace GridGIS.Server.Features.Coverage;

/// <summary>Reading a run's results: per unit and category, facility loads, gaps (GeoJSON), and two runs compared.</summary>
internal static class CoverageResultsApi
{
    private static string ModeNote(string mode) => mode == "euclidean"
        ? "euclidean fallback: straight-line distance x detour factor, not walking-network times"
        : "network: shortest walking paths along the walking network";

    public static async Task<Results<Ok<RunResults>, BadRequestProblem, NotFoundProblem>> GetRun(
        HttpContext http, NpgsqlDataSource db, string id, string? level, string? category, CancellationToken ct)
    {
        if (!TryRunId(id, out var runId)) return Problems.Parameter("id", $"run id must be a positive number or 'latest', not '{id}'");
        if (!EnumText.TryParse(level, out CoverageLevel? unitLevel)) return EnumText.BadParameter<CoverageLevel>("level", level);
        var suppress = !http.User.IsInRole(Roles.Administrator);
        await using var conn = await db.OpenConnectionAsync(ct);
        RunDetail run;
        string state, mode;
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/GetRun.sql"), conn))
        {
            cmd.Parameters.Add(new() { Value = (object?)runId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return Problems.NotFound(runId is null ? "no complete coverage run yet" : $"no coverage run {runId}");
            (runId, state, mode) = (r.GetInt64(0), r.GetString(1), r.GetString(3));
            run = new RunDetail(runId.Value, state, r.GetDouble(2), mode, ModeNote(mode), r.GetString(4), r.GetBoolean(5),
                r.GetFieldValue<DateTimeOffset>(6), Time(r, 7), Time(r, 8), r.IsDBNull(9) ? null : r.GetString(9),
                JsonDocument.Parse(r.GetString(10)).RootElement.Clone(), JsonSerializer.Deserialize<RunPart[]>(r.GetString(11), PartsJson)!);
        }
        if (state != "complete")
            return TypedResults.Ok(new RunResults(run, null, null, null, null, "results are served for complete runs only; 'latest' is the latest complete run"));

        var rule = Disclosure.For(!suppress);
        var rows = await UnitDisclosure.LoadAsync(conn, runId!.Value, category, ct);
        var withheld = UnitDisclosure.Withheld(rows, rule);
        var levelName = unitLevel is { } l ? EnumText.Name(l) : null;
        var units = new List<UnitResult>();
        foreach (var u in rows.Where(u => levelName is null || u.Level == levelName))
        {
            var f = UnitDisclosure.Show(u, withheld, rule);
            units.Add(new UnitResult(
                Category: u.Category, Level: u.Level, UnitId: u.UnitId, Code: u.Code, Name: u.Name,
                Households: f.Households, HouseholdsCovered: f.HouseholdsCovered, HouseholdsNotCovered: f.HouseholdsNotCovered,
                Residents: f.Residents, ResidentsCovered: f.ResidentsCovered, ResidentsNotCovered: f.ResidentsNotCovered,
                ShareCovered: f.ShareCovered, ForeignResidents: f.ForeignResidents, ForeignCovered: f.ForeignCovered,
                ForeignNotCovered: f.ForeignNotCovered, Accessibility: f.Accessibility));
        }
        var facilities = new List<FacilityLoad>();
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/ListFacilityLoads.sql"), conn))
        {
            cmd.Parameters.Add(new() { Value = runId });
            cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                facilities.Add(Shown(r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3), r.GetInt64(4),
                    r.IsDBNull(5) ? null : r.GetInt32(5), r.IsDBNull(6) ? null : r.GetDouble(6), r.IsDBNull(7) ? null : r.GetBoolean(7),
                    r.IsDBNull(8) ? null : r.GetDouble(8), rule));
            }
        }
        return TypedResults.Ok(new RunResults(run, units, facilities,
            Accessibility: "E2SFCA (Luo & Qi 2009): capacity per resident, three travel-time zones weighted 1.00/0.68/0.22; residents-weighted mean per unit",
            Privacy: rule.Note,
            Note: null));
    }

    private static readonly JsonSerializerOptions PartsJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A facility's load as the caller may see it: a withheld load withholds what is computed from it, the load ratio, the
    /// overloaded flag, the supply ratio (capacity / supply ratio would give the decayed residents back).
    /// </summary>
    internal static FacilityLoad Shown(string category, int facilityId, string? name, long households, long residents, int? capacity,
        double? loadRatio, bool? overloaded, double? supplyRatio, Disclosure rule)
    {
        var hidden = !rule.Shows(households);
        return new FacilityLoad(Category: category, FacilityId: facilityId, Name: name,
            Households: hidden ? null : households, Residents: hidden ? null : residents, Capacity: capacity,
            LoadRatio: hidden ? null : loadRatio, Overloaded: hidden ? null : overloaded, SupplyRatio: hidden ? null : supplyRatio);
    }

    public static async Task<Results<GeoJsonResult<GeoJsonCollection<GapProperties>>, BadRequestProblem, NotFoundProblem>> Gaps(
        HttpContext http, NpgsqlDataSource db, string id, string? category, CancellationToken ct)
    {
        if (!TryRunId(id, out var runId)) return Problems.Parameter("id", $"run id must be a positive number or 'latest', not '{id}'");
        if (string.IsNullOrWhiteSpace(category)) return Problems.Parameter("category", "category is required, e.g. ?category=clinic");
        var suppress = !http.User.IsInRole(Roles.Administrator);
        var resolved = await ResolveCompleteAsync(db, runId, ct);
        if (resolved is null) return Problems.NotFound(runId is null ? "no complete coverage run yet" : $"no complete coverage run {runId}");
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/ListGaps.sql"));
        cmd.Parameters.Add(new() { Value = resolved.Value });
        cmd.Parameters.Add(new() { Value = category });
        var fc = new FeatureCollection();
        var rule = Disclosure.For(!suppress);
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var g = GapFigures.Show(rule, r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6));
                var attributes = new AttributesTable
                {
                    { "run", resolved.Value }, { "category", category }, { "gapNo", r.GetInt32(0) }, { "areaM2", Math.Round(r.GetDouble(2), 1) },
                    { "households", g.Households }, { "householdsNotCovered", g.HouseholdsNotCovered },
                    { "residents", g.Residents }, { "foreignResidents", g.ForeignResidents },
                };
                fc.Add(new Feature(r.GetFieldValue<Geometry>(1), attributes));
            }
        http.Response.Headers["X-GridGIS-Privacy"] = rule.Note ?? "not suppressed (administrator)";
        return new GeoJsonResult<GeoJsonCollection<GapProperties>>(fc);
    }

    public static async Task<Results<Ok<RunComparison>, BadRequestProblem, NotFoundProblem>> Compare(
        HttpContext http, NpgsqlDataSource db, string? from, string? to, string? level, string? category, CancellationToken ct)
    {
        if (from is null || !TryRunId(from, out var fromId)) return Problems.Parameter("from", $"from must be a run id or 'latest', not '{from}'");
        if (to is null || !TryRunId(to, out var toId)) return Problems.Parameter("to", $"to must be a run id or 'latest', not '{to}'");
        if (!EnumText.TryParse(level, CoverageLevel.Street, out var unitLevel)) return EnumText.BadParameter<CoverageLevel>("level", level);
        var f = await ResolveCompleteAsync(db, fromId, ct);
        var t = await ResolveCompleteAsync(db, toId, ct);
        if (f is null) return Problems.NotFound($"no complete coverage run {from}", "from");
        if (t is null) return Problems.NotFound($"no complete coverage run {to}", "to");
        var levelName = EnumText.Name(unitLevel);
        var rule = Disclosure.For(http.User.IsInRole(Roles.Administrator));
        HashSet<(string, string, int)> withheldFrom, withheldTo;
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            withheldFrom = UnitDisclosure.Withheld(await UnitDisclosure.LoadAsync(conn, f.Value, category, ct), rule);
            withheldTo = UnitDisclosure.Withheld(await UnitDisclosure.LoadAsync(conn, t.Value, category, ct), rule);
        }
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/CompareRuns.sql"));
        cmd.Parameters.Add(new() { Value = f.Value });
        cmd.Parameters.Add(new() { Value = t.Value });
        cmd.Parameters.Add(new() { Value = EnumText.Name(unitLevel) });
        cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var units = new List<CompareUnit>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var (cat, unit) = (r.GetString(0), r.GetInt32(1));
                // Each side as its own run shows it (UnitDisclosure); the difference only where both sides are shown.
                var fromShown = !r.IsDBNull(2) && !withheldFrom.Contains((cat, levelName, unit));
                var toShown = !r.IsDBNull(6) && !withheldTo.Contains((cat, levelName, unit));
                double? Share(bool shown, int covered, int total) => !shown || r.GetInt64(total) == 0 ? null : (double)r.GetInt64(covered) / r.GetInt64(total);
                long? Count(bool shown, int i) => shown ? r.GetInt64(i) : null;
                var (sf, st) = (Share(fromShown, 5, 4), Share(toShown, 9, 8));
                var delta = fromShown && toShown ? (long?)(r.GetInt64(7) - r.GetInt64(3)) : null;
                units.Add(new CompareUnit(
                    Category: cat, UnitId: unit,
                    From: new CompareSide(Count(fromShown, 2), Count(fromShown, 3), sf, fromShown && !r.IsDBNull(10) ? r.GetDouble(10) : null),
                    To: new CompareSide(Count(toShown, 6), Count(toShown, 7), st, toShown && !r.IsDBNull(11) ? r.GetDouble(11) : null),
                    ShareCovered: sf is { } a && st is { } b ? b - a : null,
                    HouseholdsCovered: delta is { } d && rule.Shows(Math.Abs(d)) ? d : null));
            }
        return TypedResults.Ok(new RunComparison(f.Value, t.Value, levelName, units,
            "to minus from: share of residents covered and households covered", rule.Note));
    }

    /// <summary>The id of a complete run (<paramref name="id"/>, or the latest complete when null); null when there is none.</summary>
    internal static async Task<long?> ResolveCompleteAsync(NpgsqlDataSource db, long? id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/GetCompleteRunId.sql"));
        cmd.Parameters.Add(new() { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        return await cmd.ExecuteScalarAsync(ct) is long v ? v : null;
    }
}
