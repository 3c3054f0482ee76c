using System.Diagnostics;
using System.Globalization;
using GridGIS.Core.Geo;
using GridGIS.Core.Privacy;
using GridGIS.Core.Siting;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Grids;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Siting;

/// <summary>
/// Scenarios (情景): a planner's named edits (add, move, close facilities) over the latest complete coverage run, each
/// answered at once with the scenario's figures against the run (<see cref="ScenarioEvaluator"/>: one bounded search per
/// facility placed). Planners and administrators write (audited); officials read. The real facility table never changes.
/// </summary>
internal static class ScenariosApi
{
    /// <summary>Most edits one scenario holds: each is re-evaluated on every answer.</summary>
    public const int MaxEdits = 200;

    public static IEndpointRouteBuilder MapScenariosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scenarios").WithTags("Scenarios");
        var write = new[] { Roles.Administrator, Roles.Planner };
        api.MapPost("", CreateAsync).Accepts<CreateScenarioRequest>("application/json").RequireAuthorization(p => p.RequireRole(write))
           .WithSummary("Creates a named scenario over the latest complete coverage run ({\"name\": \"...\"}); 201 with its id.");
        api.MapGet("", ListAsync).RequireAuthorization(Policies.Analyst).WithSummary("Scenarios, newest first (?limit=1..1000).");
        api.MapGet("/{id:long}", GetAsync).RequireAuthorization(Policies.Analyst).LimitAsExpensive()
           .WithSummary("A scenario, its edits, and per category it edits (or ?category=) its figures against the base run.");
        api.MapPost("/{id:long}/edits", EditAsync).Accepts<EditRequest>("application/json").RequireAuthorization(p => p.RequireRole(write)).LimitAsExpensive()
           .WithSummary("Adds an edit (add | move | close a facility) and answers at once with the category's figures against the base run.");
        api.MapDelete("/{id:long}", DeleteAsync).RequireAuthorization(p => p.RequireRole(write)).WithSummary("Deletes a scenario and its edits.");
        api.MapGet("/compare", ScenarioCompareApi.CompareAsync).RequireAuthorization(Policies.Analyst).LimitAsExpensive()
           .WithSummary("Two scenarios of one run, one category, per unit: ?a=ID&b=ID&category=CODE (b minus a).");
        api.MapGet("/{id:long}/facilities.geojson", ScenarioCompareApi.FacilitiesGeoJsonAsync).RequireAuthorization(Policies.Analyst)
           .WithSummary("The scenario's facilities (added, moved, closed) as GeoJSON points (WGS84).");
        api.MapGet("/{id:long}/facilities.csv", ScenarioCompareApi.FacilitiesCsvAsync).RequireAuthorization(Policies.Analyst)
           .Produces<string>(contentType: "text/csv").WithSummary("The scenario's facilities (added, moved, closed) as CSV (lon, lat WGS84).");
        api.MapPost("/suggest", SuggestApi.SuggestAsync).Accepts<SuggestRequest>("application/json").RequireAuthorization(p => p.RequireRole(write)).LimitAsExpensive()
           .WithSummary("Suggests k new sites of a category (maximal covering): greedy and exact (integer programming) answers, the gap between them, and the result with all k built.");
        return app;
    }

    internal static async Task<Results<Created<ScenarioSummary>, BadRequestProblem, ConflictProblem>> CreateAsync(HttpContext http, NpgsqlDataSource db,
        SitingBaseCache bases, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateScenarioRequest>(http.Request, "{\"name\": \"new clinic in Wangjing\"}", ct);
        if (problem is not null) return problem;
        var name = body!.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200) return Problems.Field("name", "name is required: 1 to 200 characters");
        var run = await bases.RunAsync(null, ct);
        if (run is null) return Problems.Conflict("No complete coverage run", "a scenario is made over the latest complete coverage run; start one with POST /api/coverage/runs");
        var actor = Audit.Actor(http.User);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long id; DateTimeOffset at;
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Siting/CreateScenario.sql"), conn, tx))
        {
            cmd.Parameters.Add(new() { Value = name });
            cmd.Parameters.Add(new() { Value = run.Id });
            cmd.Parameters.Add(new() { Value = actor });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            (id, at) = (r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1));
        }
        await Audit.WriteAsync(conn, tx, actor, "scenario.create", "scenario", Id(id), null, new { name, runId = run.Id }, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/scenarios/{id}", new ScenarioSummary(id, name, run.Id, 0, actor, at, at));
    }

    internal static async Task<Results<Ok<ScenarioList>, BadRequestProblem>> ListAsync(NpgsqlDataSource db, int? limit, CancellationToken ct)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000) return Problems.Parameter("limit", $"limit must be between 1 and 1000, not {take}");
        await using var cmd = db.CreateCommand(Sql.Get("Features/Siting/ListScenarios.sql"));
        cmd.Parameters.Add(new() { Value = take });
        var list = new List<ScenarioSummary>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new ScenarioSummary(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetInt32(3), r.GetString(4),
                r.GetFieldValue<DateTimeOffset>(5), r.GetFieldValue<DateTimeOffset>(6)));
        return TypedResults.Ok(new ScenarioList(list));
    }

    internal static async Task<Results<Ok<ScenarioView>, BadRequestProblem, NotFoundProblem, ConflictProblem>> GetAsync(HttpContext http, NpgsqlDataSource db,
        SitingBaseCache bases, CityProfile city, long id, string? category, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var s = await ScenarioStore.LoadAsync(conn, id, ct);
        if (s is null) return Problems.NotFound($"no scenario {id}", "id");
        var categories = category is not null ? [category] : s.Edits.Select(e => e.Category).Distinct().Order().ToList();
        var (figures, bad, conflict) = await FiguresAsync(http, conn, bases, city, s, s.Edits, categories, "category", ct);
        if (bad is not null) return bad;
        if (conflict is not null) return conflict;
        return TypedResults.Ok(View(http, s, figures!));
    }

    internal static async Task<Results<Ok<ScenarioView>, BadRequestProblem, NotFoundProblem, ConflictProblem>> EditAsync(HttpContext http, NpgsqlDataSource db,
        SitingBaseCache bases, CityProfile city, long id, CancellationToken ct)
    {
        var (body, bad) = await JsonBody.ReadAsync<EditRequest>(http.Request, "{\"kind\": \"add\", \"category\": \"clinic\", \"lon\": 116.47, \"lat\": 39.99, \"capacity\": 200}", ct);
        if (bad is not null) return bad;
        var e = body!;
        if (e.Kind is null || !EnumText.TryParse(e.Kind, EditAction.Add, out var kind)) return EnumText.BadField<EditAction>("kind", e.Kind);
        if (string.IsNullOrWhiteSpace(e.Category)) return Problems.Field("category", "category is required (the facility's category code, see /api/categories)");
        if (kind != EditAction.Close)
        {
            if (e.Lon is not { } lon || !(lon >= -180 && lon <= 180)) return Problems.Field("lon", "lon is required: WGS84 longitude in degrees, -180..180");
            if (e.Lat is not { } lat || !(lat >= -90 && lat <= 90)) return Problems.Field("lat", "lat is required: WGS84 latitude in degrees, -90..90");
        }
        if (e.Capacity is < 0 or > 1_000_000) return Problems.Field("capacity", "capacity is persons, 0..1000000 (or leave it out: unknown)");
        if (kind != EditAction.Add && e.FacilityId is null or 0) return Problems.Field("facilityId", "facilityId is required to move or close a facility");
        if (e.Label is { Length: > 200 }) return Problems.Field("label", "label is at most 200 characters");

        await using var conn = await db.OpenConnectionAsync(ct);
        var s = await ScenarioStore.LoadAsync(conn, id, ct);
        if (s is null) return Problems.NotFound($"no scenario {id}", "id");
        if (s.Edits.Count >= MaxEdits) return Problems.Conflict("Too many edits", $"a scenario holds at most {MaxEdits} edits; start another scenario");
        var edit = new ScenarioEditView(0, EnumText.Name(kind), e.Category.Trim(), kind == EditAction.Add ? s.NextAddedId : e.FacilityId!.Value,
            kind == EditAction.Close ? null : e.Lon, kind == EditAction.Close ? null : e.Lat, e.Capacity, e.Label);
        var edits = s.Edits.Append(edit).ToList();
        var (figures, bad2, conflict) = await FiguresAsync(http, conn, bases, city, s, edits, [edit.Category], "facilityId", ct);
        if (bad2 is not null) return bad2;
        if (conflict is not null) return conflict;
        var seq = await ScenarioStore.AddEditAsync(db, id, edit, Audit.Actor(http.User), ct);
        if (seq is null) return Problems.NotFound($"no scenario {id}", "id");
        s.Edits.Add(edit with { Seq = seq.Value });
        return TypedResults.Ok(View(http, s, figures!));
    }

    internal static async Task<Results<NoContent, NotFoundProblem>> DeleteAsync(HttpContext http, NpgsqlDataSource db, long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Siting/DeleteScenario.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = id });
        if (await cmd.ExecuteScalarAsync(ct) is not string name) return Problems.NotFound($"no scenario {id}", "id");
        await Audit.WriteAsync(conn, tx, Audit.Actor(http.User), "scenario.delete", "scenario", Id(id), new { name }, null, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static ScenarioView View(HttpContext http, StoredScenario s, List<CategoryFigures> figures) =>
        new(s.Id, s.Name, s.RunId, s.CreatedBy, s.CreatedAt, s.Edits, figures, Disclosure.For(http.User.IsInRole(Roles.Administrator)).Note,
            "figures of the scenario beside its base run (the run's reach of each facility, computed again in memory); facilities added have ids -1, -2, ...; the real facilities are unchanged");

    /// <summary>
    /// Evaluates <paramref name="edits"/> of <paramref name="s"/> for each of <paramref name="categories"/>, and the
    /// scenario before its latest edit, so that units that one edit changes by 1-4 households are withheld (an answer and
    /// the one before it must not isolate them). A problem when the run is gone or stale, a category unknown, or an edit impossible.
    /// </summary>
    internal static async Task<(List<CategoryFigures>? Figures, BadRequestProblem? Bad, ConflictProblem? Conflict)> FiguresAsync(HttpContext http,
        NpgsqlConnection conn, SitingBaseCache bases, CityProfile city, StoredScenario s, List<ScenarioEditView> edits, IReadOnlyList<string> categories,
        string field, CancellationToken ct)
    {
        var previous = edits.Count > 0 ? edits[..^1] : null;
        var run = await bases.RunAsync(s.RunId, ct);
        if (run is null) return (null, null, Problems.Conflict("Base run gone", $"coverage run {s.RunId} of scenario {s.Id} is no longer complete"));
        if (!run.Current)
            return (null, null, Problems.Conflict("Data changed since the base run",
                $"the data or the walking network changed since coverage run {run.Id}: its reach no longer holds. Start a new run (POST /api/coverage/runs) and a new scenario over it"));
        foreach (var c in categories)
            if (!SitingBaseCache.HasCategory(run, c)) return (null, Problems.Field("category", $"category '{Clip(c)}' is not among coverage run {run.Id}'s categories (see /api/categories)"), null);
        var rule = Disclosure.For(http.User.IsInRole(Roles.Administrator));
        var realIds = edits.Where(e => e.FacilityId > 0).Select(e => e.FacilityId).Distinct().ToArray();
        var cx = new ScenarioFigures.Context(rule, await ScenarioStore.UnitNamesAsync(conn, ct), await ScenarioStore.FacilitiesAsync(conn, realIds, ct),
            city.Projection, run.Mode);
        var core = edits.Select(e => StoredScenario.ToCore(e, city.Projection)).ToList();
        var before = previous?.Select(e => StoredScenario.ToCore(e, city.Projection)).ToList();
        var figures = new List<CategoryFigures>();
        foreach (var c in categories)
        {
            var b = await bases.GetAsync(run, c, ct);
            var clock = Stopwatch.GetTimestamp();
            ScenarioOutcome outcome;
            try { outcome = ScenarioEvaluator.Evaluate(b, core); }
            catch (ArgumentException e) { return (null, Problems.Field(field, e.Message.Split(" (Parameter")[0]), null); }
            var prior = before is null ? null : ScenarioEvaluator.Evaluate(b, before).Units;
            figures.Add(ScenarioFigures.Build(b, outcome, prior, cx, Stopwatch.GetElapsedTime(clock).TotalMilliseconds));
        }
        return (figures, null, null);
    }

    internal static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
    internal static string Clip(string s) => s.Length > 40 ? s[..40] + "..." : s;
}
