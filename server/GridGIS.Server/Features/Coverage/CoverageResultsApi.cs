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

        var units = new List<UnitResult>();
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/ListUnitResults.sql"), conn))
        {
            cmd.Parameters.Add(new() { Value = runId });
            cmd.Parameters.Add(new() { Value = unitLevel is { } l ? EnumText.Name(l) : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var (hh, hhCov) = (r.GetInt64(5), r.GetInt64(6));
                var (res, resCov, fr, frCov) = (r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10));
                var hidden = suppress && (SmallCounts.IsSmall(hhCov) || SmallCounts.IsSmall(hh - hhCov));
                var frHidden = suppress && (SmallCounts.IsSmall(frCov) || SmallCounts.IsSmall(fr - frCov));
                units.Add(new UnitResult(
                    Category: r.GetString(0), Level: r.GetString(1), UnitId: r.GetInt32(2),
                    Code: r.IsDBNull(3) ? null : r.GetString(3), Name: r.IsDBNull(4) ? null : r.GetString(4),
                    Households: hh, HouseholdsCovered: hidden ? null : hhCov, HouseholdsNotCovered: hidden ? null : hh - hhCov,
                    Residents: res, ResidentsCovered: hidden ? null : resCov, ResidentsNotCovered: hidden ? null : res - resCov,
                    ShareCovered: hidden || res == 0 ? null : (double)resCov / res,
                    ForeignResidents: fr, ForeignCovered: frHidden ? null : frCov, ForeignNotCovered: frHidden ? null : fr - frCov,
                    Accessibility: r.IsDBNull(11) ? null : r.GetDouble(11)));
            }
        }
        var facilities = new List<FacilityLoad>();
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/ListFacilityLoads.sql"), conn))
        {
            cmd.Parameters.Add(new() { Value = runId });
            cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var hidden = suppress && SmallCounts.IsSmall(r.GetInt64(3));
                facilities.Add(new FacilityLoad(
                    Category: r.GetString(0), FacilityId: r.GetInt32(1), Name: r.IsDBNull(2) ? null : r.GetString(2),
                    Households: hidden ? null : r.GetInt64(3), Residents: hidden ? null : r.GetInt64(4),
                    Capacity: r.IsDBNull(5) ? null : r.GetInt32(5), LoadRatio: hidden || r.IsDBNull(6) ? null : r.GetDouble(6),
                    Overloaded: r.IsDBNull(7) ? null : r.GetBoolean(7), SupplyRatio: r.IsDBNull(8) ? null : r.GetDouble(8)));
            }
        }
        return TypedResults.Ok(new RunResults(run, units, facilities,
            Accessibility: "E2SFCA (Luo & Qi 2009): capacity per resident, three travel-time zones weighted 1.00/0.68/0.22; residents-weighted mean per unit",
            Privacy: suppress ? SmallCounts.Note() + "; the paired counts and share of such a unit are withheld together" : null,
            Note: null));
    }

    private static readonly JsonSerializerOptions PartsJson = new(JsonSerializerDefaults.Web);

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
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var attributes = new AttributesTable
                {
                    { "run", resolved.Value }, { "category", category }, { "gapNo", r.GetInt32(0) }, { "areaM2", Math.Round(r.GetDouble(2), 1) },
                    { "households", SmallCounts.Suppress(r.GetInt64(3), suppress) },
                    { "householdsNotCovered", SmallCounts.Suppress(r.GetInt64(4), suppress) },
                    { "residents", SmallCounts.IsSmall(r.GetInt64(3)) && suppress ? null : r.GetInt64(5) },
                    { "foreignResidents", SmallCounts.Suppress(r.GetInt64(6), suppress) },
                };
                fc.Add(new Feature(r.GetFieldValue<Geometry>(1), attributes));
            }
        http.Response.Headers["X-GridGIS-Privacy"] = suppress ? SmallCounts.Note() : "not suppressed (administrator)";
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
        var suppress = !http.User.IsInRole(Roles.Administrator);
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/CompareRuns.sql"));
        cmd.Parameters.Add(new() { Value = f.Value });
        cmd.Parameters.Add(new() { Value = t.Value });
        cmd.Parameters.Add(new() { Value = EnumText.Name(unitLevel) });
        cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var units = new List<CompareUnit>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                double? Share(int covered, int total) => r.IsDBNull(total) || r.GetInt64(total) == 0 ? null : (double)r.GetInt64(covered) / r.GetInt64(total);
                long? Count(int i) => r.IsDBNull(i) ? null : SmallCounts.Suppress(r.GetInt64(i), suppress);
                var (sf, st) = (Share(5, 4), Share(9, 8));
                units.Add(new CompareUnit(
                    Category: r.GetString(0), UnitId: r.GetInt32(1),
                    From: new CompareSide(Count(2), Count(3), sf, r.IsDBNull(10) ? null : r.GetDouble(10)),
                    To: new CompareSide(Count(6), Count(7), st, r.IsDBNull(11) ? null : r.GetDouble(11)),
                    ShareCovered: sf is { } a && st is { } b ? b - a : null,
                    HouseholdsCovered: r.IsDBNull(3) || r.IsDBNull(7) ? null : SmallCounts.Suppress(Math.Abs(r.GetInt64(7) - r.GetInt64(3)), suppress) is null ? null : r.GetInt64(7) - r.GetInt64(3)));
            }
        return TypedResults.Ok(new RunComparison(f.Value, t.Value, EnumText.Name(unitLevel), units,
            "to minus from: share of residents covered and households covered", suppress ? SmallCounts.Note() : null));
    }

    /// <summary>The id of a complete run (<paramref name="id"/>, or the latest complete when null); null when there is none.</summary>
    private static async Task<long?> ResolveCompleteAsync(NpgsqlDataSource db, long? id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/GetCompleteRunId.sql"));
        cmd.Parameters.Add(new() { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        return await cmd.ExecuteScalarAsync(ct) is long v ? v : null;
    }
}
