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

        var rule = Disclosure.For(!suppress);
        var rows = await UnitDisclosure.LoadAsync(conn, runId!.Value, category, ct);
        var withheld = UnitDisclosure.Withheld(rows, rule);
        var units = new List<object>();
        foreach (var u in rows.Where(u => level is null || u.Level == level))
        {
            var hidden = withheld.Contains((u.Category, u.Level, u.UnitId));
            // Foreign residents: the run keeps no count of their households, so their split is judged by persons.
            var frHidden = hidden || !rule.ShowsParts(u.ForeignResidents, u.ForeignCovered, u.ForeignResidents - u.ForeignCovered);
            units.Add(new
            {
                category = u.Category, level = u.Level, unitId = u.UnitId, code = u.Code, name = u.Name,
                households = hidden ? null : (long?)u.Households, householdsCovered = hidden ? null : (long?)u.HouseholdsCovered,
                householdsNotCovered = hidden ? null : (long?)(u.Households - u.HouseholdsCovered),
                residents = hidden ? null : (long?)u.Residents, residentsCovered = hidden ? null : (long?)u.ResidentsCovered,
                residentsNotCovered = hidden ? null : (long?)(u.Residents - u.ResidentsCovered),
                shareCovered = hidden || u.Residents == 0 ? null : (double?)u.ResidentsCovered / u.Residents,
                foreignResidents = frHidden ? null : (long?)u.ForeignResidents, foreignCovered = frHidden ? null : (long?)u.ForeignCovered,
                foreignNotCovered = frHidden ? null : (long?)(u.ForeignResidents - u.ForeignCovered),
                accessibility = hidden ? null : u.Accessibility,
            });
        }
        var facilities = new List<object>();
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/ListFacilityLoads.sql"), conn))
        {
            cmd.Parameters.Add(new() { Value = runId });
            cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                // A withheld load withholds what is computed from it: the load ratio, the overloaded flag, the supply ratio
                // (capacity / supply ratio would give the decayed residents back).
                var hidden = !rule.Shows(r.GetInt64(3));
                facilities.Add(new
                {
                    category = r.GetString(0), facilityId = r.GetInt32(1), name = r.IsDBNull(2) ? null : r.GetString(2),
                    households = hidden ? null : (long?)r.GetInt64(3), residents = hidden ? null : (long?)r.GetInt64(4),
                    capacity = r.IsDBNull(5) ? null : (int?)r.GetInt32(5), loadRatio = hidden || r.IsDBNull(6) ? null : (double?)r.GetDouble(6),
                    overloaded = hidden || r.IsDBNull(7) ? null : (bool?)r.GetBoolean(7), supplyRatio = hidden || r.IsDBNull(8) ? null : (double?)r.GetDouble(8),
                });
            }
        }
        return Results.Ok(new
        {
            run, units, facilities,
            accessibility = "E2SFCA (Luo & Qi 2009): capacity per resident, three travel-time zones weighted 1.00/0.68/0.22; residents-weighted mean per unit",
            privacy = rule.Note,
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
                var rule = Disclosure.For(!suppress);
                var hidden = !rule.ShowsParts(r.GetInt64(3), r.GetInt64(4));
                var attributes = new AttributesTable
                {
                    { "run", resolved.Value }, { "category", category }, { "gapNo", r.GetInt32(0) }, { "areaM2", Math.Round(r.GetDouble(2), 1) },
                    { "households", hidden ? null : r.GetInt64(3) },
                    { "householdsNotCovered", hidden ? null : r.GetInt64(4) },
                    { "residents", hidden ? null : r.GetInt64(5) },
                    { "foreignResidents", hidden || !rule.Shows(r.GetInt64(6)) ? null : r.GetInt64(6) },
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
        cmd.Parameters.Add(new() { Value = level });
        cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var units = new List<object>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var (cat, unit) = (r.GetString(0), r.GetInt32(1));
                // Each side as its own run shows it (UnitDisclosure); the difference only where both sides are shown.
                var fromShown = !r.IsDBNull(2) && !withheldFrom.Contains((cat, level, unit));
                var toShown = !r.IsDBNull(6) && !withheldTo.Contains((cat, level, unit));
                double? Share(bool shown, int covered, int total) => !shown || r.GetInt64(total) == 0 ? null : (double)r.GetInt64(covered) / r.GetInt64(total);
                long? Count(bool shown, int i) => shown ? r.GetInt64(i) : null;
                var (sf, st) = (Share(fromShown, 5, 4), Share(toShown, 9, 8));
                var delta = fromShown && toShown ? (long?)(r.GetInt64(7) - r.GetInt64(3)) : null;
                units.Add(new
                {
                    category = cat, unitId = unit,
                    from = new { households = Count(fromShown, 2), householdsCovered = Count(fromShown, 3), shareCovered = sf, accessibility = fromShown && !r.IsDBNull(10) ? (double?)r.GetDouble(10) : null },
                    to = new { households = Count(toShown, 6), householdsCovered = Count(toShown, 7), shareCovered = st, accessibility = toShown && !r.IsDBNull(11) ? (double?)r.GetDouble(11) : null },
                    shareCovered = sf is { } a && st is { } b ? (double?)(b - a) : null,
                    householdsCovered = delta is { } d && rule.Shows(Math.Abs(d)) ? (long?)d : null,
                });
            }
        return Results.Ok(new
        {
            from = f, to = t, level, units,
            difference = "to minus from: share of residents covered and households covered",
            privacy = rule.Note,
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
