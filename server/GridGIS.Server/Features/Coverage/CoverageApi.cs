using System.Globalization;
using System.Text.Json;
using GridGIS.Core.Network;
using GridGIS.Server.Data;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// Coverage runs: start one now, list them, read one run's results per level and category (or the
/// latest complete run's), its gaps as GeoJSON, and the difference between two runs per unit.
/// Aggregates only; counts of fewer than 5 households are withheld for every role but administrator.
/// </summary>
internal static class CoverageApi
{
    public static IEndpointRouteBuilder MapCoverageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/coverage").WithTags("Coverage");
        api.MapPost("/runs", StartRun)
           .Accepts<StartRequest>(isOptional: true, "application/json").ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
           .RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.Planner))
           .WithSummary("Starts a coverage run now (body optional: {\"mode\": \"network\"|\"euclidean\"}; a what-if run: {\"categories\": [\"clinic\"], \"minutes\": 10}); 202 with the run's id.");
        api.MapGet("/runs", ListRuns).RequireAuthorization(Policies.Analyst);
        api.MapGet("/runs/{id}", CoverageResultsApi.GetRun).RequireAuthorization(Policies.Analyst)
           .WithSummary("A run (id, or 'latest' = the latest complete run) with its results per level and category.");
        api.MapGet("/runs/{id}/gaps", CoverageResultsApi.Gaps).RequireAuthorization(Policies.Analyst)
           .WithSummary("A run's service gaps of one category as GeoJSON (?category=...).")
           .WithDescription("Gaps are traced on a 50 m lattice: residential cells (centre in a grid holding households, or holding a household) "
                          + "whose centre no facility serves. Their boundaries are accurate to one 50 m cell; households are counted by the cell they fall in.");
        api.MapGet("/compare", CoverageResultsApi.Compare).RequireAuthorization(Policies.Analyst)
           .WithSummary("Per unit, the difference between two runs (?from=ID&to=ID|latest&level=street&category=...).");
        return app;
    }

    // Unknown properties are refused: a misspelt option must not silently start a default run.
    [System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
    internal sealed record StartRequest(string? Mode = null, bool? NoOp = null, string[]? Categories = null, double? Minutes = null);

    /// <summary>Most categories a what-if run may name.</summary>
    public const int MaxWhatIfCategories = 50;

    internal static async Task<Results<Accepted<RunStarted>, BadRequestProblem, ProblemHttpResult>> StartRun(HttpContext http, NpgsqlDataSource db, IBackgroundJobClient jobs, TimeProvider clock,
        IOptions<CoverageOptions> options, CancellationToken ct)
    {
        StartRequest? body = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            if (!http.Request.HasJsonContentType())
                return Problems.UnsupportedMediaType($"the body must be JSON (application/json), not '{http.Request.ContentType}'");
            try { body = await http.Request.ReadFromJsonAsync<StartRequest>(ct); }
            catch (UnsafeTextException e) { return Problems.Field(e.Field, e.Detail); }
            catch (JsonException e) { return Problems.Field(Problems.JsonField(e), $"request body is not valid JSON: {ProblemExceptionHandler.JsonMessage(e)}"); }
        }
        if (!EnumText.TryParse(body?.Mode, options.Value.ReachMode, out var mode)) return EnumText.BadField<ReachMode>("mode", body?.Mode);
        if (body?.Minutes is { } m && !(m >= 1 && m <= 60)) return Problems.Field("minutes", $"minutes must be a number from 1 to 60, not {m}");
        string[]? categories = null;
        if (body?.Categories is { } asked)
        {
            if (asked.Length is 0 or > MaxWhatIfCategories) return Problems.Field("categories", $"categories lists 1 to {MaxWhatIfCategories} category codes, e.g. [\"clinic\"]");
            categories = asked.Select(c => (c ?? "").Trim()).Distinct().ToArray();
            await using var known = db.CreateCommand(Sql.Get("Features/Coverage/ListKnownCategories.sql"));
            known.Parameters.Add(new() { Value = categories });
            var found = (string[])(await known.ExecuteScalarAsync(ct))!;
            var unknown = categories.Except(found).ToArray();
            if (unknown.Length > 0)
                return Problems.Field("categories", $"unknown facility categor{(unknown.Length == 1 ? "y" : "ies")} {string.Join(", ", unknown.Select(u => $"'{(u.Length > 40 ? u[..40] + "..." : u)}'"))} (see /api/categories)");
        }
        var actor = "api:" + Audit.Actor(http.User);
        var scope = new RunScope(categories, body?.Minutes);
        var id = await CoverageRuns.StartAsync(db, jobs, clock, mode, actor, options.Value.DetourFactor, body?.NoOp ?? false, ct, scope);
        return TypedResults.Accepted($"/api/coverage/runs/{id}", new RunStarted(id, "queued", EnumText.Name(mode), scope != RunScope.Full, scope.Minutes, categories));
    }

    internal static async Task<Results<Ok<RunList>, BadRequestProblem>> ListRuns(NpgsqlDataSource db, int? limit, CancellationToken ct)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000) return Problems.Parameter("limit", $"limit must be between 1 and 1000, not {take}");
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/ListRuns.sql"));
        cmd.Parameters.Add(new() { Value = take });
        var runs = new List<RunSummary>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            runs.Add(new RunSummary(
                Id: r.GetInt64(0), State: r.GetString(1), Percent: r.GetDouble(2), Mode: r.GetString(3), Trigger: r.GetString(4),
                NoOp: r.GetBoolean(5), CreatedAt: r.GetFieldValue<DateTimeOffset>(6), StartedAt: Time(r, 7), FinishedAt: Time(r, 8),
                Error: r.IsDBNull(9) ? null : r.GetString(9), Parts: r.GetInt64(10), PartsComplete: r.GetInt64(11),
                WhatIf: r.GetBoolean(12), Minutes: r.IsDBNull(13) ? null : r.GetDouble(13), Categories: r.GetFieldValue<string[]>(14)));
        return TypedResults.Ok(new RunList(runs, "the latest complete run that is not a what-if run (whatIf: some categories at other minutes)"));
    }

    internal static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    /// <summary>"latest" (null) or a positive run id.</summary>
    internal static bool TryRunId(string text, out long? id)
    {
        id = null;
        if (text == "latest") return true;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0) { id = v; return true; }
        return false;
    }
}
