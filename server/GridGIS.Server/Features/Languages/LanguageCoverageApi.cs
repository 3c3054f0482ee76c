using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGIS.Server.Features.Languages;

/// <summary>
/// A run's language-aware coverage (多语种服务覆盖), equity and staffing plans, read like its coverage: per unit and language, the
/// language gaps as GeoJSON, Gini and Palma per street, and which facilities should gain which language. Analysts; the privacy
/// rule on every figure (<see cref="LanguageDisclosure"/>).
/// </summary>
internal static class LanguageCoverageApi
{
    public const string Definition = "foreign residents whose nationality's languages are known; covered: within the category's threshold of one of "
        + "its facilities; in language: within the threshold of a facility that speaks one of their nationality's languages (for a language row: "
        + "that language); households: those holding such residents, in language when any of them is";

    public static IEndpointRouteBuilder MapLanguageCoverageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/coverage/runs/{id}").WithTags("Coverage").RequireAuthorization(Policies.Analyst);
        api.MapGet("/languages", Languages)
           .WithSummary("A run's language-aware coverage per unit and language (?level=street&category=health_station&language=ko; language 'all' for every language).");
        api.MapGet("/language-gaps", LanguageGapsApi.Gaps)
           .WithSummary("A run's language gaps of one category as GeoJSON (?category=...&language=ko): households not served in their language.");
        api.MapGet("/equity", EquityApi.Equity)
           .WithSummary("Per street and for the district: share of residents and of foreign residents covered (and in their language), Gini and Palma of accessibility.");
        api.MapGet("/language-staffing", StaffingApi.Staffing)
           .WithSummary("Which facilities of a category should gain which language for a budget of staff (?category=...&staff=3): greedy plan with its bound.");
        return app;
    }

    private static async Task<Results<Ok<LanguageResults>, BadRequestProblem, NotFoundProblem>> Languages(HttpContext http, NpgsqlDataSource db,
        string id, string? level, string? category, string? language, CancellationToken ct)
    {
        if (!CoverageApi.TryRunId(id, out var runId)) return Problems.Parameter("id", $"run id must be a positive number or 'latest', not '{id}'");
        if (!EnumText.TryParse(level, out CoverageLevel? unitLevel)) return EnumText.BadParameter<CoverageLevel>("level", level);
        if (language is not null && language != Core.Languages.LanguageCoverage.AllLanguages && !Core.Languages.LanguageCodes.IsCode(language))
            return Problems.Parameter("language", $"language is an ISO 639-1 code such as ko, or 'all', not '{language}'");
        var resolved = await CoverageResultsApi.ResolveCompleteAsync(db, runId, ct);
        if (resolved is null) return Problems.NotFound(runId is null ? "no complete coverage run yet" : $"no complete coverage run {runId}", "id");
        var rule = Disclosure.For(http.User.IsInRole(Roles.Administrator));
        var (rows, names) = await LoadAsync(db, resolved.Value, category, ct);
        await using var conn = await db.OpenConnectionAsync(ct);
        var withheld = LanguageDisclosure.Withheld(rows, await UnitDisclosure.LoadAsync(conn, resolved.Value, category, ct), rule);
        var levelName = unitLevel is { } l ? EnumText.Name(l) : null;
        var units = new List<LanguageUnitResult>();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if ((levelName is not null && r.Level != levelName) || (language is not null && r.Language != language)) continue;
            var (code, name) = names[i];
            // A withheld row is left out whole, exactly as when nobody of its language (or no foreign resident) lives there:
            // its label alone would say that somebody does (rule 2).
            if (withheld[i]) continue;
            units.Add(new LanguageUnitResult(r.Category, r.Level, r.UnitId, code, name, r.Language,
                r.Households, r.HouseholdsCovered, r.HouseholdsInLanguage,
                r.Persons, r.PersonsCovered, r.PersonsInLanguage, r.PersonsCovered - r.PersonsInLanguage,
                r.Persons > 0 ? (double)r.PersonsCovered / r.Persons : null, r.Persons > 0 ? (double)r.PersonsInLanguage / r.Persons : null));
        }
        return TypedResults.Ok(new LanguageResults(resolved.Value, units, Definition, rule.Note));
    }

    /// <summary>Every language row of a run (one category or all), with each unit's code and name.</summary>
    internal static async Task<(List<LanguageDisclosure.Row> Rows, List<(string? Code, string? Name)> Names)> LoadAsync(NpgsqlDataSource db, long runId,
        string? category, CancellationToken ct)
    {
        var rows = new List<LanguageDisclosure.Row>();
        var names = new List<(string?, string?)>();
        await using var cmd = db.CreateCommand(Sql.Get("Features/Languages/ListLanguageResults.sql"));
        cmd.Parameters.Add(new() { Value = runId });
        cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                rows.Add(new LanguageDisclosure.Row(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(5), r.GetInt64(6), r.GetInt64(7),
                    r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11)));
                names.Add((r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)));
            }
        }
        catch (NpgsqlException e) { throw new InvalidOperationException($"reading the language results of coverage run {runId}", e); }
        return (rows, names);
    }
}

/// <summary>The language gaps of one category as GeoJSON.</summary>
internal static class LanguageGapsApi
{
    public static async Task<Results<GeoJsonResult<GeoJsonCollection<LanguageGapProperties>>, BadRequestProblem, NotFoundProblem>> Gaps(
        HttpContext http, NpgsqlDataSource db, string id, string? category, string? language, CancellationToken ct)
    {
        if (!CoverageApi.TryRunId(id, out var runId)) return Problems.Parameter("id", $"run id must be a positive number or 'latest', not '{id}'");
        if (string.IsNullOrWhiteSpace(category)) return Problems.Parameter("category", "category is required, e.g. ?category=health_station");
        if (language is not null && !Core.Languages.LanguageCodes.IsCode(language))
            return Problems.Parameter("language", $"language is an ISO 639-1 code such as ko, not '{language}'");
        var resolved = await CoverageResultsApi.ResolveCompleteAsync(db, runId, ct);
        if (resolved is null) return Problems.NotFound(runId is null ? "no complete coverage run yet" : $"no complete coverage run {runId}", "id");
        var rule = Disclosure.For(http.User.IsInRole(Roles.Administrator));
        await using var cmd = db.CreateCommand(Sql.Get("Features/Languages/ListLanguageGaps.sql"));
        cmd.Parameters.Add(new() { Value = resolved.Value });
        cmd.Parameters.Add(new() { Value = category });
        cmd.Parameters.Add(new() { Value = (object?)language ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var fc = new FeatureCollection();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                // A gap of 1-4 households is left out whole: its outline and language would point at them (rules 1 and 2).
                if (!rule.ShowsLabel(r.GetInt64(3))) continue;
                fc.Add(new Feature(r.GetFieldValue<Geometry>(2), new AttributesTable
                {
                    { "run", resolved.Value }, { "category", category }, { "gapNo", r.GetInt32(0) }, { "language", r.GetString(1) },
                    { "households", r.GetInt64(3) }, { "persons", r.GetInt64(4) },
                }));
            }
        http.Response.Headers["X-GridGIS-Privacy"] = rule.Note ?? "not suppressed (administrator)";
        return new GeoJsonResult<GeoJsonCollection<LanguageGapProperties>>(fc);
    }
}
