using System.Text.Json;
using Npgsql;

namespace GridGIS.Server.Data;

/// <summary>
/// Writes one row of the audit log (who, what, when, before and after) inside the caller's
/// transaction, so that a write and its audit row commit or roll back together.
/// </summary>
internal static class Audit
{
    public static async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string actor, string action,
        string entity, string? entityId, object? before, object? after, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get("Data/InsertAuditRow.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = actor });
        cmd.Parameters.Add(new() { Value = action });
        cmd.Parameters.Add(new() { Value = entity });
        cmd.Parameters.Add(new() { Value = (object?)entityId ?? DBNull.Value });
        cmd.Parameters.Add(new() { Value = before is null ? DBNull.Value : JsonSerializer.Serialize(before) });
        cmd.Parameters.Add(new() { Value = after is null ? DBNull.Value : JsonSerializer.Serialize(after) });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The acting user's name for the log: the signed-in name, or "cli:USER" on the command line.</summary>
    public static string Actor(System.Security.Claims.ClaimsPrincipal? user) =>
        user?.Identity?.Name ?? $"cli:{Environment.UserName}";
}
