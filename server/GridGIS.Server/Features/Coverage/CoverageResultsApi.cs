using System.Text.Json;
using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using GridGIS.Server.Security;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using Npgsql;
using static GridGIS.Server.Features.Coverage.CoverageApi;

namespace GridGIS.Server.Features.Coverage;

/// <summary>Reading a run's results: per unit and category, facility loads, gaps (GeoJSON), and two runs compared.</summary>
internal static class CoverageResultsApi
{
    private static readonly string[] Levels = ["district", "street", "community", "grid"];

    private static string ModeNote(string mode) => mode == "euclidean"
        ? "euclidean fallback: straight-line distance x detour factor, not walking-network times"
        : "network: shortest walking paths along the walking network";

    public static async Task<IResult> GetRun(HttpContext http, NpgsqlDataSource db, string id, string? level, string? category, CancellationToken ct)
    {
        if (!TryRunId(id, out var runId)) return Bad("id", $"run id must be a positive number or 'latest', not '{id}'");
        if (level is not null && !Levels.Contains(level)) return Bad("level", $"level must be one of {string.Join(", ", Levels)}, not '{level}'");
        var suppress = !http.User.IsInRole(Roles.Administrator);
        await using var conn = await db.OpenConnectionAsync(ct);
        object run;
        string state, mode;
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/GetRun.sql"), conn))
        {
            cmd.Parameters.Add(new() { Value = (object?)runId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return NotFound(runId is null ? "no complete coverage run yet" : $"no coverage run {runId}");
            (runId, state, mode) = (r.GetInt64(0), r.GetString(1), r.GetString(3));
            run = new
            {
                id = runId, state, progress = r.GetDouble(2), mode, modeNote = ModeNote(mode), trigger = r.GetString(4), noOp = r.GetBoolean(5),
                createdAt = r.GetFieldValue<DateTimeOffset>(6), startedAt = Time(r, 7), finishedAt = Time(r, 8),
                error = r.IsDBNull(9) ? null : r.GetString(9),
                parameters = JsonDocument.Parse(r.GetString(10)).RootElement, parts = JsonDocument.Parse(r.GetString(11)).RootElement,
            };
        }
        if (state != "complete")
            return Results.Ok(new { run, results = (object?)null, note = "results are served for complete runs only; 'latest' is the latest complete run" });

        var units = new List<object>();
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/ListUnitResults.sql"), conn))
        {
            cmd.Parameters.Add(new() { Value = runId });
            cmd.Parameters.Add(new() { Value = (object?)level ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var (hh, hhCov) = (r.GetInt64(5), r.GetInt64(6));
                var (res, resCov, fr, frCov) = (r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10));
                var hidden = suppress && (SmallCounts.IsSmall(hhCov) || SmallCounts.IsSmall(hh - hhCov));
                var frHidden = suppress && (SmallCounts.IsSmall(frCov) || SmallCounts.IsSmall(fr - frCov));
                units.Add(new
                {
                    category = r.GetString(0), level = r.GetString(1), unitId = r.GetInt32(2),
                    code = r.IsDBNull(3) ? null : r.GetString(3), name = r.IsDBNull(4) ? null : r.GetString(4),
                    households = hh, householdsCovered = hidden ? null : (long?)hhCov, householdsNotCovered = hidden ? null : (long?)(hh - hhCov),
                    residents = res, residentsCovered = hidden ? null : (long?)resCov, residentsNotCovered = hidden ? null : (long?)(res - resCov),
                    shareCovered = hidden || res == 0 ? null : (double?)resCov / res,
                    foreignResidents = fr, foreignCovered = frHidden ? null : (long?)frCov, foreignNotCovered = frHidden ? null : (long?)(fr - frCov),
                    accessibility = r.IsDBNull(11) ? null : (double?)r.GetDouble(11),
                });
            }
        }
        var facilities = new List<object>();
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/ListFacilityLoads.sql"), conn))
        {
            cmd.Parameters.Add(new() { Value = runId });
            cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var hidden = suppress && SmallCounts.IsSmall(r.GetInt64(3));
                facilities.Add(new
                {
                    category = r.GetString(0), facilityId = r.GetInt32(1), name = r.IsDBNull(2) ? null : r.GetString(2),
                    households = hidden ? null : (long?)r.GetInt64(3), residents = hidden ? null : (long?)r.GetInt64(4),
                    capacity = r.IsDBNull(5) ? null : (int?)r.GetInt32(5), loadRatio = hidden || r.IsDBNull(6) ? null : (double?)r.GetDouble(6),
                    overloaded = r.IsDBNull(7) ? null : (bool?)r.GetBoolean(7), supplyRatio = r.IsDBNull(8) ? null : (double?)r.GetDouble(8),
                });
            }
        }
        return Results.Ok(new
        {
            run, units, facilities,
            accessibility = "E2SFCA (Luo & Qi 2009): capacity per resident, three travel-time zones weighted 1.00/0.68/0.22; residents-weighted mean per unit",
            privacy = suppress ? SmallCounts.Note() + "; the paired counts and share of such a unit are withheld together" : null,
        });
    }

    public static async Task<IResult> Gaps(HttpContext http, NpgsqlDataSource db, string id, string? category, CancellationToken ct)
    {
        if (!TryRunId(id, out var runId)) return Bad("id", $"run id must be a positive number or 'latest', not '{id}'");
        if (string.IsNullOrWhiteSpace(category)) return Bad("category", "category is required, e.g. ?category=clinic");
        var suppress = !http.User.IsInRole(Roles.Administrator);
        var resolved = await ResolveCompleteAsync(db, runId, ct);
        if (resolved is null) return NotFound(runId is null ? "no complete coverage run yet" : $"no complete coverage run {runId}");
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
        return Results.Json(fc, contentType: "application/geo+json");
    }

    public static async Task<IResult> Compare(HttpContext http, NpgsqlDataSource db, string? from, string? to, string? level, string? category, CancellationToken ct)
    {
        if (from is null || !TryRunId(from, out var fromId)) return Bad("from", $"from must be a run id or 'latest', not '{from}'");
        if (to is null || !TryRunId(to, out var toId)) return Bad("to", $"to must be a run id or 'latest', not '{to}'");
        level ??= "street";
        if (!Levels.Contains(level)) return Bad("level", $"level must be one of {string.Join(", ", Levels)}, not '{level}'");
        var f = await ResolveCompleteAsync(db, fromId, ct);
        var t = await ResolveCompleteAsync(db, toId, ct);
        if (f is null) return NotFound($"no complete coverage run {from}");
        if (t is null) return NotFound($"no complete coverage run {to}");
        var suppress = !http.User.IsInRole(Roles.Administrator);
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/CompareRuns.sql"));
        cmd.Parameters.Add(new() { Value = f.Value });
        cmd.Parameters.Add(new() { Value = t.Value });
        cmd.Parameters.Add(new() { Value = level });
        cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var units = new List<object>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                double? Share(int covered, int total) => r.IsDBNull(total) || r.GetInt64(total) == 0 ? null : (double)r.GetInt64(covered) / r.GetInt64(total);
                long? Count(int i) => r.IsDBNull(i) ? null : SmallCounts.Suppress(r.GetInt64(i), suppress);
                var (sf, st) = (Share(5, 4), Share(9, 8));
                units.Add(new
                {
                    category = r.GetString(0), unitId = r.GetInt32(1),
                    from = new { households = Count(2), householdsCovered = Count(3), shareCovered = sf, accessibility = r.IsDBNull(10) ? null : (double?)r.GetDouble(10) },
                    to = new { households = Count(6), householdsCovered = Count(7), shareCovered = st, accessibility = r.IsDBNull(11) ? null : (double?)r.GetDouble(11) },
                    shareCovered = sf is { } a && st is { } b ? (double?)(b - a) : null,
                    householdsCovered = r.IsDBNull(3) || r.IsDBNull(7) ? null : SmallCounts.Suppress(Math.Abs(r.GetInt64(7) - r.GetInt64(3)), suppress) is null ? null : (long?)(r.GetInt64(7) - r.GetInt64(3)),
                });
            }
        return Results.Ok(new
        {
            from = f, to = t, level, units,
            difference = "to minus from: share of residents covered and households covered",
            privacy = suppress ? SmallCounts.Note() : null,
        });
    }

    /// <summary>The id of a complete run (<paramref name="id"/>, or the latest complete when null); null when there is none.</summary>
    private static async Task<long?> ResolveCompleteAsync(NpgsqlDataSource db, long? id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/GetCompleteRunId.sql"));
        cmd.Parameters.Add(new() { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        return await cmd.ExecuteScalarAsync(ct) is long v ? v : null;
    }
}
