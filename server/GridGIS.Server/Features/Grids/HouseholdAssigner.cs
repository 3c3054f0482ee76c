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
        // A full reassignment rewrites every row: it runs with the grid foreign key suspended and
        // re-validated in one pass (SuspendGridForeignKey.sql says why), inside the caller's transaction.
        var bulk = all && ids is null && tx is not null;
        if (bulk) await ExecuteAsync(conn, tx, "Features/Grids/SuspendGridForeignKey.sql", ct);
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Grids/AssignHouseholds.sql"), conn, tx))
        {
            cmd.Parameters.Add(new() { Value = all });
            cmd.Parameters.Add(new() { Value = (object?)ids ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint });
            try { changed = (long)(await cmd.ExecuteScalarAsync(ct))!; }
            catch (PostgresException e) { throw new InvalidOperationException($"assigning households to grids: {e.MessageText}", e); }
        }
        if (bulk) await ExecuteAsync(conn, tx, "Features/Grids/RestoreGridForeignKey.sql", ct);
        await using var report = new NpgsqlCommand(Sql.Get("Features/Grids/ReportUnassigned.sql"), conn, tx);
        report.Parameters.Add(new() { Value = Math.Clamp(listed, 0, MaxListed) });
        report.Parameters.Add(new() { Value = (object?)ids ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint });
        using var doc = JsonDocument.Parse((string)(await report.ExecuteScalarAsync(ct))!);
        return new Result(changed, doc.RootElement.GetProperty("count").GetInt64(), doc.RootElement.GetProperty("households").Clone());
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string path, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get(path), conn, tx);
        try { await cmd.ExecuteNonQueryAsync(ct); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw new AssignmentBusyException("assigning households to grids: the household table is in use by another session (waited 15 s); try again later", e);
        }
        catch (PostgresException e) { throw new InvalidOperationException($"assigning households to grids: {e.MessageText}", e); }
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

/// <summary>A full reassignment could not take its lock within the wait (another session holds the household table).</summary>
internal sealed class AssignmentBusyException(string message, Exception inner) : Exception(message, inner);
