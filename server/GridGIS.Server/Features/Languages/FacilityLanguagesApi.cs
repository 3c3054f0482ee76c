using System.Security.Claims;
using GridGIS.Core.Languages;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Grids;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Languages;

/// <summary>
/// The languages a facility serves in, as data: <c>PATCH /api/facilities/{id}/languages</c> (administrators; audited in the same
/// transaction). The next coverage run counts them (the facility table's change counter moves with the write).
/// </summary>
internal static class FacilityLanguagesApi
{
    /// <summary>The new languages: 1..20 ISO 639-1 codes, e.g. ["zh", "ko"].</summary>
    [System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
    public sealed record LanguagesRequest([property: System.Text.Json.Serialization.JsonRequired] string?[]? Languages);

    /// <summary>A facility's languages after the change, and before it.</summary>
    internal sealed record FacilityLanguages(int FacilityId, string[] Languages, string[] Before);

    public static IEndpointRouteBuilder MapFacilityLanguagesApi(this IEndpointRouteBuilder app)
    {
        app.MapPatch("/api/facilities/{id:int}/languages", Patch).WithTags("Facilities").RequireAuthorization(Policies.Admin)
           .Accepts<LanguagesRequest>("application/json")
           .WithSummary("Sets the languages a facility serves in (ISO 639-1 codes); administrators; audited.");
        return app;
    }

    private static async Task<Results<Ok<FacilityLanguages>, BadRequestProblem, NotFoundProblem>> Patch(HttpRequest request, ClaimsPrincipal user,
        NpgsqlDataSource db, int id, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<LanguagesRequest>(request, "{\"languages\": [\"zh\", \"ko\"]}", ct);
        if (body is null) return problem!;
        var (languages, error) = LanguageCodes.Normalize(body.Languages ?? []);
        if (languages is null) return Problems.Field("languages", error!);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        string[] before;
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Languages/UpdateFacilityLanguages.sql"), conn, tx))
        {
            cmd.Parameters.Add(new() { Value = id });
            cmd.Parameters.Add(new() { Value = languages });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return Problems.NotFound($"no facility {id}", "id");
            before = r.GetFieldValue<string[]>(0);
        }
        await Audit.WriteAsync(conn, tx, Audit.Actor(user), "facility.languages", "facility", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { languages = before }, new { languages }, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new FacilityLanguages(id, languages, before));
    }
}
