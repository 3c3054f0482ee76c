using GridGIS.Core.Network;
using GridGIS.Server.Data;
using GridGIS.Server.Http;
using Hangfire;
using Hangfire.States;
using Npgsql;

namespace GridGIS.Server.Features.Coverage;

/// <summary>Starting runs: one row with its parameters and parts, then one Hangfire job per part.</summary>
/// <summary>A what-if run's scope: only <paramref name="Categories"/> (null: all), at <paramref name="Minutes"/> (null: each one's own threshold).</summary>
internal sealed record RunScope(string[]? Categories, double? Minutes)
{
    public static readonly RunScope Full = new(null, null);
}

internal static class CoverageRuns
{
    /// <summary>
    /// Creates a run (audited, same transaction) and enqueues its parts on the <c>coverage</c> queue.
    /// <paramref name="trigger"/> says who asked: nightly, startup, cli:USER, api:USER. Returns the run's id.
    /// </summary>
    public static async Task<long> StartAsync(NpgsqlDataSource db, IBackgroundJobClient jobs, TimeProvider clock,
        ReachMode mode, string trigger, double detourFactor, bool noOp, CancellationToken ct = default, RunScope? scope = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (runId, parts) = await CreateAsync(conn, tx, clock, mode, trigger, detourFactor, noOp, scope ?? RunScope.Full, ct);
        await tx.CommitAsync(ct);
        Enqueue(jobs, runId, parts);
        return runId;
    }

    private static async Task<(long RunId, string[] Parts)> CreateAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, TimeProvider clock,
        ReachMode reach, string trigger, double detourFactor, bool noOp, RunScope scope, CancellationToken ct)
    {
        var mode = EnumText.Name(reach);
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/CreateRun.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = mode });
        cmd.Parameters.Add(new() { Value = trigger });
        cmd.Parameters.Add(new() { Value = detourFactor });
        cmd.Parameters.Add(new() { Value = noOp });
        cmd.Parameters.Add(new() { Value = clock.GetUtcNow() });
        cmd.Parameters.Add(new() { Value = (object?)scope.Minutes ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        cmd.Parameters.Add(new() { Value = (object?)scope.Categories ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        long runId;
        string[] parts;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (runId, parts) = (r.GetInt64(0), r.GetFieldValue<string[]>(1));
        }
        await Audit.WriteAsync(conn, tx, trigger, "start", "coverage_run", runId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null, new { mode, trigger, detourFactor, noOp, parts, whatIfMinutes = scope.Minutes, whatIfCategories = scope.Categories }, ct);
        return (runId, parts);
    }

    private static void Enqueue(IBackgroundJobClient jobs, long runId, string[] parts)
    {
        foreach (var part in parts)
            jobs.Create<CoverageJobs>(j => j.PartAsync(runId, part, null, CancellationToken.None), new EnqueuedState(CoverageOptions.Queue));
        if (parts.Length == 0)
            jobs.Create<CoverageJobs>(j => j.AssembleAsync(runId, CancellationToken.None), new EnqueuedState(CoverageOptions.Queue));
    }

    /// <summary>
    /// At start-up: runs left queued or running longer than <paramref name="options"/>'s <see cref="CoverageOptions.StaleMinutes"/> were interrupted
    /// (their process died before enqueueing, or their jobs were lost): they are marked failed. Then,
    /// when no complete run exists and none is in progress, starts one. An advisory lock keeps two
    /// processes starting together from starting two runs. Returns the new run's id, or null.
    /// </summary>
    public static async Task<long?> EnsureFirstRunAsync(NpgsqlDataSource db, IBackgroundJobClient jobs, TimeProvider clock,
        CoverageOptions options, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var lk = new NpgsqlCommand(Sql.Get("Features/Coverage/LockRunStart.sql"), conn, tx)) await lk.ExecuteNonQueryAsync(ct);
        var now = clock.GetUtcNow();
        var active = 0;
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/ListActiveRuns.sql"), conn, tx))
        {
            var stale = new List<long>();
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    if (now - r.GetFieldValue<DateTimeOffset>(2) > TimeSpan.FromMinutes(options.StaleMinutes)) stale.Add(r.GetInt64(0));
                    else active++;
            foreach (var id in stale)
            {
                await using var fail = new NpgsqlCommand(Sql.Get("Features/Coverage/FailRun.sql"), conn, tx);
                fail.Parameters.Add(new() { Value = id });
                fail.Parameters.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                fail.Parameters.Add(new() { Value = "interrupted: still unfinished at start-up after " + options.StaleMinutes + " min" });
                fail.Parameters.Add(new() { Value = now });
                await fail.ExecuteNonQueryAsync(ct);
            }
        }
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/HasCompleteRun.sql"), conn, tx))
            if ((bool)(await cmd.ExecuteScalarAsync(ct))! || active > 0) { await tx.CommitAsync(ct); return null; }
        var (runId, parts) = await CreateAsync(conn, tx, clock, options.ReachMode, "startup", options.DetourFactor, noOp: false, RunScope.Full, ct);
        await tx.CommitAsync(ct);
        Enqueue(jobs, runId, parts);
        return runId;
    }
}
