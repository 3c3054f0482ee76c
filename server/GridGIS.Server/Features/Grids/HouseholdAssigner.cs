using System.Text.Json;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Features.Grids;

/// <summary>
/// Automatic assignment of households to grids (rule: GridGIS.Core.Grids.GridAssignment; the
/// database runs it as one set-based statement, AssignHouseholds.sql) and the report of households
/// that lie in no grid.
/// </summary>
internal static class HouseholdAssigner
{
    /// <summary>How many unassigned households are listed one by one (all are counted).</summary>
    public const int MaxListed = 1000;

    /// <summary>Changed: rows whose grid changed; Unassigned: households in no grid (count and the first few).</summary>
    public sealed record Result(long Changed, long UnassignedCount, JsonElement UnassignedHouseholds);

    /// <param name="all">true: recompute every household; false: only those without a grid</param>
    /// <param name="ids">only these households, or null for all</param>
    public static async Task<Result> AssignAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, bool all, long[]? ids, int listed, CancellationToken ct)
    {
        long changed;
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Grids/AssignHouseholds.sql"), conn, tx))
        {
            cmd.Parameters.Add(new() { Value = all });
            cmd.Parameters.Add(new() { Value = (object?)ids ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint });
            try { changed = (long)(await cmd.ExecuteScalarAsync(ct))!; }
            catch (PostgresException e) { throw new InvalidOperationException($"assigning households to grids: {e.MessageText}", e); }
        }
        await using var report = new NpgsqlCommand(Sql.Get("Features/Grids/ReportUnassigned.sql"), conn, tx);
        report.Parameters.Add(new() { Value = Math.Clamp(listed, 0, MaxListed) });
        report.Parameters.Add(new() { Value = (object?)ids ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint });
        using var doc = JsonDocument.Parse((string)(await report.ExecuteScalarAsync(ct))!);
        return new Result(changed, doc.RootElement.GetProperty("count").GetInt64(), doc.RootElement.GetProperty("households").Clone());
    }

    /// <summary>Assigns in its own transaction, with one audit row (who, scope, counts).</summary>
    public static async Task<Result> AssignAuditedAsync(NpgsqlDataSource db, string actor, bool all, int listed, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var result = await AssignAsync(conn, tx, all, null, listed, ct);
        await Audit.WriteAsync(conn, tx, actor, "household.assign", "household", null, null,
            new { scope = all ? "all" : "unassigned", changed = result.Changed, unassigned = result.UnassignedCount }, ct);
        await tx.CommitAsync(ct);
        return result;
    }
}
