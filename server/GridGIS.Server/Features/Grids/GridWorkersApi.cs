using System.Security.Claims;
using System.Text.RegularExpressions;
using GridGIS.Server.Data;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Grids;

/// <summary>
/// Minimal grid worker (网格员) administration: list, create, update, and set a grid's worker.
/// Administrators only; every write audited in the same transaction.
/// </summary>
internal static partial class GridWorkersApi
{
    public sealed record WorkerRequest(string? Name, string[]? Languages, string? UserName);

    // workerId must be present (null clears the worker): a body without it, or with unknown
    // properties, is refused instead of read as "clear".
    [System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
    public sealed record GridWorkerRequest([property: System.Text.Json.Serialization.JsonRequired] int? WorkerId);

    /// <summary>A grid worker: languages are ISO 639-1 codes; <paramref name="UserName"/> the linked sign-in, if any.</summary>
    internal sealed record WorkerInfo(int Id, string Name, string[] Languages, string? UserName, int[] CommunityIds);

    internal sealed record WorkerSaved(int Id, string Name, string[] Languages, string? UserName);

    internal sealed record GridWorkerSet(int GridId, int? WorkerId, int? PreviousWorkerId);

    public static IEndpointRouteBuilder MapGridWorkersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Grid workers").RequireAuthorization(Policies.Admin);
        api.MapGet("/grid-workers", async (NpgsqlDataSource db, CancellationToken ct) =>
            TypedResults.Ok((await GridFigures.LoadWorkersAsync(db, ct)).Select(w => new WorkerInfo(w.Id, w.Name, w.Languages, w.UserName, w.CommunityIds)).ToArray()));
        api.MapPost("/grid-workers", (HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct) =>
            Save(request, user, db, null, ct)).Accepts<WorkerRequest>("application/json");
        api.MapPut("/grid-workers/{id:int}", (HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, int id, CancellationToken ct) =>
            Save(request, user, db, id, ct)).Accepts<WorkerRequest>("application/json");
        api.MapPut("/grids/{id:int}/worker", SetGridWorker).Accepts<GridWorkerRequest>("application/json").WithSummary("Set (or clear with null) the responsible worker of a grid.");
        return app;
    }

    [GeneratedRegex("^[a-z]{2}$")]
    private static partial Regex LanguageCode();

    private static async Task<Results<Created<WorkerSaved>, Ok<WorkerSaved>, BadRequestProblem, NotFoundProblem, ConflictProblem>> Save(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, int? id, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<WorkerRequest>(request, "{\"name\": \"...\", \"languages\": [\"zh\", \"en\"], \"userName\": null}", ct);
        if (body is null) return problem!;
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100) return Problems.Field("name", "a name of 1..100 characters is required");
        var langs = (body.Languages ?? ["zh"]).Select(l => l?.Trim().ToLowerInvariant() ?? "").Distinct().ToArray();
        if (langs.Length is 0 or > 20 || langs.Any(l => !LanguageCode().IsMatch(l)))
            return Problems.Field("languages", "languages are 1..20 ISO 639-1 codes such as zh, en, ko, ja");
        var userName = string.IsNullOrWhiteSpace(body.UserName) ? null : body.UserName.Trim();
        // The account the worker signs in with: the same rule as account names, or no account could match it.
        if (userName is not null && !ApiKeysApi.UserNamePattern().IsMatch(userName))
            return Problems.Field("userName", "userName is an account name: 2-64 characters a-z 0-9 _ . -, or null for none");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(id is null
            ? Sql.Get("Features/Grids/CreateGridWorker.sql")
            : Sql.Get("Features/Grids/UpdateGridWorker.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = name });
        cmd.Parameters.Add(new() { Value = langs });
        cmd.Parameters.Add(new() { Value = (object?)userName ?? DBNull.Value });
        if (id is not null) cmd.Parameters.Add(new() { Value = id.Value });
        object? saved;
        try { saved = await cmd.ExecuteScalarAsync(ct); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problems.Conflict("Conflict", $"user name '{userName}' is already linked to another grid worker");
        }
        if (saved is null) return GridAccess.NotFound("grid worker", id!);
        var after = new WorkerSaved((int)saved, name, langs, userName);
        await Audit.WriteAsync(conn, tx, Audit.Actor(user), id is null ? "grid_worker.create" : "grid_worker.update", "grid_worker",
            after.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { id = after.Id, name, languages = langs, userName }, ct);
        await tx.CommitAsync(ct);
        return id is null ? TypedResults.Created($"/api/grid-workers/{after.Id}", after) : TypedResults.Ok(after);
    }

    private static async Task<Results<Ok<GridWorkerSet>, BadRequestProblem, NotFoundProblem>> SetGridWorker(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, int id, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<GridWorkerRequest>(request, "{\"workerId\": N} or {\"workerId\": null}", ct);
        if (body is null) return problem!;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (body.WorkerId is { } w)
        {
            await using var exists = new NpgsqlCommand(Sql.Get("Features/Grids/GridWorkerExists.sql"), conn, tx) { Parameters = { new() { Value = w } } };
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return Problems.Field("workerId", $"no grid worker with id {w}");
        }
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Grids/SetGridWorker.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = (object?)body.WorkerId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return GridAccess.NotFound("grid", id);
        int? before = r.IsDBNull(0) ? null : r.GetInt32(0);
        await r.DisposeAsync();
        await Audit.WriteAsync(conn, tx, Audit.Actor(user), "grid.worker", "grid", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { workerId = before }, new { workerId = body.WorkerId }, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new GridWorkerSet(id, body.WorkerId, before));
    }
}
