using System.Security.Claims;
using System.Text.RegularExpressions;
using GridGIS.Server.Data;
using GridGIS.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GridGIS.Server.Security;

/// <summary>Administrators manage API keys: create (the key is shown once), list, revoke.</summary>
internal static partial class ApiKeysApi
{
    [System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
    public sealed record CreateKeyRequest(string? UserName, string? Label);

    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/keys").RequireAuthorization(Policies.Admin).WithTags("Administration");
        admin.MapPost("", CreateAsync)
             .WithSummary("Creates an API key for an account; the response is the only time the key is shown.");
        admin.MapGet("", async (NpgsqlDataSource db, string? userName, CancellationToken ct) =>
                TypedResults.Ok(await ApiKeys.ListAsync(db, string.IsNullOrWhiteSpace(userName) ? null : userName.Trim(), ct)))
             .WithSummary("Lists API keys (prefix, account, label, created, last used, revoked); never the keys themselves.");
        admin.MapDelete("/{prefix}", async Task<Results<NoContent, NotFoundProblem>> (NpgsqlDataSource db, ClaimsPrincipal user, string prefix, CancellationToken ct) =>
                await ApiKeys.RevokeAsync(db, Audit.Actor(user), prefix, ct)
                    ? TypedResults.NoContent()
                    : Problems.NotFound($"no live API key with prefix '{Shorten(prefix)}'", "prefix"))
             .WithSummary("Revokes an API key by its prefix (ggk_XXXXXXXX); it stops working at once.");
        return app;
    }

    private static async Task<Results<Created<ApiKeys.Created>, BadRequestProblem, NotFoundProblem>> CreateAsync(
        CreateKeyRequest? request, NpgsqlDataSource db, ClaimsPrincipal user, CancellationToken ct)
    {
        var userName = request?.UserName?.Trim();
        if (string.IsNullOrEmpty(userName) || !UserNamePattern().IsMatch(userName))
            return Problems.Field("userName", "userName is required: 2-64 characters a-z 0-9 _ . -");
        var label = request!.Label?.Trim() ?? "";
        if (label.Length > 200 || label.Any(char.IsControl))
            return Problems.Field("label", "label must be at most 200 characters without control characters");
        var created = await ApiKeys.CreateAsync(db, Audit.Actor(user), userName, label, ct);
        return created is null
            ? Problems.NotFound($"no account named '{userName}'")
            : TypedResults.Created($"/api/admin/keys/{created.Prefix}", created);
    }

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;

    [GeneratedRegex("^[a-z0-9_.-]{2,64}$")]
    internal static partial Regex UserNamePattern();
}
