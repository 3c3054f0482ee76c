using System.Text.Json;
using Npgsql;

namespace GridGIS.Server.Data;

/// <summary>
/// Writes one row of the audit log (who, what, when, from which client, before and after) inside the
/// caller's transaction, so that a write and its audit row commit or roll back together. Reads of
/// personal data (household lists, exports, single households, move histories) and sign-in attempts are
/// audited too, with <see cref="WriteAsync(NpgsqlDataSource, System.Security.Claims.ClaimsPrincipal, string, string, string, object, CancellationToken)"/>.
/// The client address comes from the request being served (<see cref="UseAuditClient"/>).
/// </summary>
internal static class Audit
{
    private static readonly AsyncLocal<string?> Client = new();

    public static async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string actor, string action,
        string entity, string? entityId, object? before, object? after, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get("Data/WriteAuditRow.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = actor });
        cmd.Parameters.Add(new() { Value = action });
        cmd.Parameters.Add(new() { Value = entity });
        cmd.Parameters.Add(new() { Value = (object?)entityId ?? DBNull.Value });
        cmd.Parameters.Add(new() { Value = before is null ? DBNull.Value : JsonSerializer.Serialize(before) });
        cmd.Parameters.Add(new() { Value = after is null ? DBNull.Value : JsonSerializer.Serialize(after) });
        cmd.Parameters.Add(new() { Value = (object?)Client.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A read of personal data by <paramref name="user"/>: one row, on its own connection (a read has no transaction).</summary>
    public static async Task WriteAsync(NpgsqlDataSource db, System.Security.Claims.ClaimsPrincipal user, string action, string entity, string entityId,
        object after, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await WriteAsync(conn, null, Actor(user), action, entity, entityId, null, after, ct);
    }

    /// <summary>Names the client address of each request in the audit rows written while serving it.</summary>
    public static void UseAuditClient(this Microsoft.AspNetCore.Builder.WebApplication app) => app.Use(async (http, next) =>
    {
        // Set inside an async method, so that it reverts when the request is done.
        Client.Value = Security.SignInRateLimit.ClientOf(http);
        await next(http);
    });

    /// <summary>The acting user's name for the log: the signed-in name, or "cli:USER" on the command line.</summary>
    public static string Actor(System.Security.Claims.ClaimsPrincipal? user) =>
        user?.Identity?.Name ?? $"cli:{Environment.UserName}";
}
