using GridGIS.Core.Coverage;
using GridGIS.Server.Data;
using Hangfire;
using Hangfire.Server;
using Hangfire.States;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// The Hangfire jobs of a coverage run (scheduled in <see cref="CoverageSetup"/>): the nightly trigger,
/// one part per facility category, and the assembly that completes the run once every part is done.
/// A part does three things: load inputs (once per process and run, <see cref="CoverageInputCache"/>),
/// call Core (<see cref="CoveragePart"/>), save its results with one statement that also marks it complete.
/// </summary>
internal sealed class CoverageJobs(NpgsqlDataSource db, CoverageInputCache cache, IBackgroundJobClient jobs,
    TimeProvider clock, IOptions<CoverageOptions> options, ILogger<CoverageJobs> log)
{
    /// <summary>Retries of a part after its first attempt; when all fail, the run fails.</summary>
    public const int PartRetries = 2;

    /// <summary>Who did the work, recorded per part: host and process id.</summary>
    public static readonly string WorkerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The recurring job <c>nightly-coverage</c>: starts a run. Never two at once; not retried (tomorrow is another run).</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [Queue(CoverageOptions.Queue)]
    public async Task NightlyAsync(CancellationToken ct)
    {
        var id = await CoverageRuns.StartAsync(db, jobs, clock, options.Value.ReachMode, "nightly", options.Value.DetourFactor, noOp: false, ct);
        log.LogInformation("nightly coverage run {RunId} started", id);
    }

    /// <summary>
    /// One category of a run. Idempotent: a retried part (its process killed, or a transient error)
    /// finds its row complete and writes nothing (see SavePart.sql). Not [DisableConcurrentExecution]:
    /// that lock is per method, so it would serialise the parts that are meant to run side by side;
    /// the part's row lock in SavePart.sql keeps a duplicate execution from writing twice.
    /// </summary>
    [AutomaticRetry(Attempts = PartRetries, DelaysInSeconds = [2, 10], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(CoverageOptions.Queue)]
    public async Task PartAsync(long runId, string part, PerformContext? context, CancellationToken ct)
    {
        var finalAttempt = context is null || context.GetJobParameter<int>("RetryCount") >= PartRetries;
        try
        {
            if (await RunPartAsync(runId, part, ct))
                jobs.Create<CoverageJobs>(j => j.AssembleAsync(runId, CancellationToken.None), new EnqueuedState(CoverageOptions.Queue));
        }
        catch (Exception e) when (e is not OperationCanceledException && finalAttempt)
        {
            await FailAsync(runId, part, e.Message, ct);
            throw;
        }
    }

    /// <summary>Completes the run once every part is complete. Several parts may enqueue it; the first completes, the rest find it done.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [2, 5, 10])]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [Queue(CoverageOptions.Queue)]
    public async Task AssembleAsync(long runId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/CompleteRun.sql"));
        cmd.Parameters.Add(new() { Value = runId });
        cmd.Parameters.Add(new() { Value = clock.GetUtcNow() });
        var done = await cmd.ExecuteScalarAsync(ct);
        if (done is null) log.LogInformation("coverage run {RunId}: nothing to assemble (already complete, failed, or parts open)", runId);
        else log.LogInformation("coverage run {RunId} complete", runId);
    }

    /// <summary>
    /// The part's work, without Hangfire: start, compute, save. True when no part of the run is open any
    /// more, so the run can be assembled (checked after this part's commit: of two parts finishing
    /// together, the later committer sees both).
    /// </summary>
    public async Task<bool> RunPartAsync(long runId, string part, CancellationToken ct)
    {
        var start = await StartPartAsync(runId, part, ct);
        if (start is null) { log.LogWarning("coverage run {RunId} does not exist; part {Part} dropped", runId, part); return false; }
        var (parameters, mode, noOp, state, open) = start.Value;
        if (state is "failed" or "complete") return false;
        if (open)
        {
            var result = noOp
                ? PartResult.Empty
                : CoveragePart.Compute(await cache.GetAsync(runId, mode, parameters, ct), mode, RunParameters.Parse(parameters), part, clock);
            await SaveAsync(runId, part, result, ct);
        }
        return await OpenPartsAsync(runId, ct) == 0;
    }

    private async Task<(string Parameters, string Mode, bool NoOp, string State, bool Open)?> StartPartAsync(long runId, string part, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/StartPart.sql"));
        cmd.Parameters.Add(new() { Value = runId });
        cmd.Parameters.Add(new() { Value = part });
        cmd.Parameters.Add(new() { Value = clock.GetUtcNow() });
        cmd.Parameters.Add(new() { Value = WorkerName });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return (r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetString(3), r.GetBoolean(4));
    }

    internal async Task SaveAsync(long runId, string part, PartResult result, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/SavePart.sql"));
        cmd.Parameters.Add(new() { Value = runId });
        cmd.Parameters.Add(new() { Value = part });
        cmd.Parameters.Add(new() { Value = clock.GetUtcNow() });
        cmd.Parameters.Add(new() { Value = WorkerName });
        cmd.Parameters.Add(new() { Value = result.LoadSeconds });
        cmd.Parameters.Add(new() { Value = result.ComputeSeconds });
        result.AddParameters(cmd.Parameters);
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            if (r.GetInt64(0) == 0) log.LogInformation("coverage run {RunId} part {Part} was already complete: nothing written", runId, part);
        }
        catch (NpgsqlException e) { throw new InvalidOperationException($"coverage run {runId}, part {part}: saving results failed: {e.Message}", e); }
    }

    private async Task<long> OpenPartsAsync(long runId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/CountOpenParts.sql"));
        cmd.Parameters.Add(new() { Value = runId });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private async Task FailAsync(long runId, string part, string error, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/FailRun.sql"));
        cmd.Parameters.Add(new() { Value = runId });
        cmd.Parameters.Add(new() { Value = part });
        cmd.Parameters.Add(new() { Value = error });
        cmd.Parameters.Add(new() { Value = clock.GetUtcNow() });
        await cmd.ExecuteNonQueryAsync(ct);
        log.LogError("coverage run {RunId} failed in part {Part}: {Error}", runId, part, error);
    }
}
