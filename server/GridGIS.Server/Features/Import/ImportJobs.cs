using System.Text.Json;
using System.Text.Json.Serialization;
using GridGIS.Core.Geo;
using GridGIS.Core.Import;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using Hangfire;
using Hangfire.States;
using GridGIS.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Import;

/// <summary>What a background import was asked to do: the parameters of the request, without its file.</summary>
/// <param name="Kind">"layer" or "households".</param>
/// <param name="Layer">The layer of a layer import; null for households.</param>
/// <param name="Format">GeoJSON, CSV, Shapefile or GeoPackage (households: always CSV).</param>
/// <param name="Crs">The CRS of the coordinates (households: the default for rows without a crs column).</param>
/// <param name="Mode">Append or replace (layer imports only).</param>
/// <param name="FileName">The file's name as sent, for the audit row.</param>
/// <param name="Table">A Shapefile's name in a zip of several, or a GeoPackage's feature table; null when the file has one.</param>
internal sealed record ImportJobRequest(string Kind, ImportLayer? Layer, ImportFormat Format, InputCrs Crs, ImportMode? Mode, string FileName,
    string? Table = null)
{
    public const string LayerKind = "layer";
    public const string HouseholdsKind = "households";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>What the job list calls it: the layer name, or "households".</summary>
    public string Name => Layer is { } l ? ImportOptions.Name(l) : HouseholdsKind;
}

/// <summary>
/// Background imports (<c>?async=true</c>): durable Hangfire jobs (queue <see cref="Queue"/>) whose state,
/// percentage and answer live in table <c>import_job</c>, so that every server process reports the same
/// job and a restart forgets none. At most <see cref="MaxActive"/> are queued or running at once; an ended
/// job's answer is kept <see cref="KeepFinished"/>. The uploaded file waits in the row until the job ends.
/// </summary>
internal sealed class ImportJobs(NpgsqlDataSource db, IBackgroundJobClient hangfire, TimeProvider clock)
{
    public const string Queue = "import";
    public const int MaxActive = 2;
    public static readonly TimeSpan KeepFinished = TimeSpan.FromHours(1);

    /// <summary>
    /// Queues an import of <paramref name="payload"/>: 202 with the job to poll, or 429 when
    /// <see cref="MaxActive"/> imports are queued or running already.
    /// </summary>
    public async Task<Results<Accepted<ImportJobView>, ProblemHttpResult>> StartAnswerAsync(ImportJobRequest request, ReadOnlyMemory<byte> payload,
        string actor, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await using (var old = new NpgsqlCommand(Sql.Get("Features/Import/DeleteOldImportJobs.sql"), conn, tx))
            {
                old.Parameters.Add(new() { Value = clock.GetUtcNow() - KeepFinished });
                await old.ExecuteNonQueryAsync(ct);
            }
            await using (var gate = new NpgsqlCommand(Sql.Get("Features/Import/LockImportJobs.sql"), conn, tx))
                await gate.ExecuteNonQueryAsync(ct);
            await using (var count = new NpgsqlCommand(Sql.Get("Features/Import/CountActiveImportJobs.sql"), conn, tx))
                if ((long)(await count.ExecuteScalarAsync(ct))! >= MaxActive)
                    return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many imports",
                        $"{MaxActive} imports are queued or running already; try again when one has finished");
            await using (var insert = new NpgsqlCommand(Sql.Get("Features/Import/CreateImportJob.sql"), conn, tx))
            {
                insert.Parameters.Add(new() { Value = id });
                insert.Parameters.Add(new() { Value = request.Name });
                insert.Parameters.Add(new() { Value = actor });
                insert.Parameters.Add(new() { Value = JsonSerializer.Serialize(request, ImportJobRequest.Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
                insert.Parameters.Add(new() { Value = payload.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea });
                insert.Parameters.Add(new() { Value = clock.GetUtcNow() });
                await insert.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        // Queued after the commit: a worker that takes the job at once finds its row.
        hangfire.Create<ImportJobRunner>(r => r.RunAsync(id, CancellationToken.None), new EnqueuedState(Queue));
        var job = await GetAsync(id, ct);
        return TypedResults.Accepted($"/api/import/jobs/{id:N}", job);
    }

    /// <summary>The job as <c>GET /api/import/jobs/{id}</c> answers it, or null when there is none (or it was forgotten).</summary>
    public async Task<ImportJobView?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Import/GetImportJob.sql"));
        cmd.Parameters.Add(new() { Value = id });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ImportJobView.Read(r) : null;
    }

    /// <summary>The newest jobs, without their answers.</summary>
    public async Task<IReadOnlyList<ImportJobView>> ListAsync(int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Import/ListImportJobs.sql"));
        cmd.Parameters.Add(new() { Value = limit });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ImportJobView>();
        while (await r.ReadAsync(ct)) list.Add(ImportJobView.Read(r));
        return list;
    }

    /// <summary>Asks the job to stop (audited, in the same transaction); its state afterwards, or null when there is no such job.</summary>
    public async Task<string?> CancelAsync(Guid id, string actor, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        string? state;
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Import/CancelImportJob.sql"), conn, tx))
        {
            cmd.Parameters.Add(new() { Value = id });
            cmd.Parameters.Add(new() { Value = clock.GetUtcNow() });
            state = (string?)await cmd.ExecuteScalarAsync(ct);
        }
        if (state is null) return null;
        await Audit.WriteAsync(conn, tx, actor, "cancel", "import_job", id.ToString("N"), null, new { state }, ct);
        await tx.CommitAsync(ct);
        return state;
    }
}

/// <summary>
/// A background import as the API reports it. <c>state</c> is running (queued ones too: <c>stage</c> says
/// "queued"), complete, failed or cancelled; <c>percent</c> 0..100 never goes backwards; <c>status</c> is the
/// HTTP status the waiting request would have had; <c>result</c> (complete) or <c>problem</c> (failed,
/// cancelled) its body.
/// </summary>
internal sealed record ImportJobView(string Id, string Kind, string State, double Percent, string Stage, DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int? Status, JsonElement? Result, JsonElement? Problem, bool CancelRequested)
{
    internal static ImportJobView Read(NpgsqlDataReader r)
    {
        var state = r.GetString(2);
        JsonElement? body = r.IsDBNull(9) ? null : JsonDocument.Parse(r.GetString(9)).RootElement.Clone();
        return new(r.GetGuid(0).ToString("N"), r.GetString(1), state == "queued" ? "running" : state, Math.Round(r.GetDouble(3), 1),
            r.GetString(4), r.GetFieldValue<DateTimeOffset>(5),
            r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
            r.IsDBNull(8) ? null : r.GetInt32(8),
            state == "complete" ? body : null, state is "failed" or "cancelled" ? body : null, r.GetBoolean(10));
    }
}

/// <summary>
/// The Hangfire job of one background import: take its row, run the import as the waiting request would
/// (one transaction: all or nothing), report progress into the row at most every
/// <see cref="ReportEvery"/>, and store the answer. Cancelled when an administrator asks (seen at the next
/// report, at least every <see cref="ReportEvery"/>). When the server stops mid-import the transaction
/// rolls back and Hangfire hands the job to the next worker, which starts it again from its stored file.
/// </summary>
internal sealed class ImportJobRunner(NpgsqlDataSource db, TimeProvider clock, ILogger<ImportJobRunner> log)
{
    public static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(250);

    [AutomaticRetry(Attempts = 0)]
    [Queue(ImportJobs.Queue)]
    public async Task RunAsync(Guid id, CancellationToken stopping)
    {
        var job = await TakeAsync(id, stopping);
        if (job is null) { log.LogInformation("import job {Id}: nothing to do (ended, cancelled or forgotten)", id); return; }
        var (actor, request, payload) = job.Value;

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var latest = (Percent: 0.0, Stage: "starting");
        var progress = new ImportProgress((p, m) => { lock (this) latest = (p, m); });
        var reporter = ReportLoopAsync(id, () => { lock (this) return latest; }, cancel);
        (int Status, object Body) answer;
        string state;
        try
        {
            answer = request.Kind == ImportJobRequest.HouseholdsKind
                ? await Households.HouseholdImportApi.ExecuteAsync(db, payload, request.Crs, actor, progress, cancel.Token, request.Format, request.Table)
                : await ImportApi.ExecuteAsync(db,
                    new ImportRequest(request.Layer!.Value, request.Format, request.Crs, request.Mode ?? ImportMode.Append, payload, request.FileName, actor,
                        request.Table),
                    ImportLimits.Default, progress, log, cancel.Token);
            state = answer.Status == StatusCodes.Status200OK ? "complete" : "failed";
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            log.LogWarning("import job {Id} interrupted by the server stopping; nothing was written, it runs again on the next worker", id);
            await cancel.CancelAsync();
            throw;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            answer = (0, Problems.Details(StatusCodes.Status409Conflict, "Import cancelled", "cancelled by an administrator while it ran; nothing was written"));
            state = "cancelled";
        }
        catch (Exception e)
        {
            log.LogError(e, "import job {Id} ({Kind}) failed", id, request.Name);
            answer = (StatusCodes.Status500InternalServerError, Problems.Details(StatusCodes.Status500InternalServerError, "Import failed",
                "the import failed unexpectedly; nothing was written (the server log has the cause)"));
            state = "failed";
        }
        finally
        {
            if (!cancel.IsCancellationRequested) await cancel.CancelAsync();
            await reporter;
        }
        await FinishAsync(id, state, answer, CancellationToken.None);
        log.LogInformation("import job {Id} ({Kind}) by {Actor}: {State}", id, request.Name, actor, state);
    }

    private async Task<(string Actor, ImportJobRequest Request, byte[] Payload)?> TakeAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Import/StartImportJob.sql"));
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = clock.GetUtcNow() });
        cmd.Parameters.Add(new() { Value = CoverageJobs.WorkerName });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        var request = JsonSerializer.Deserialize<ImportJobRequest>(r.GetString(2), ImportJobRequest.Json)
                      ?? throw new InvalidOperationException($"import job {id}: its request is empty");
        return (r.GetString(1), request, r.IsDBNull(3) ? [] : r.GetFieldValue<byte[]>(3));
    }

    /// <summary>Writes the latest progress every <see cref="ReportEvery"/> until the import ends; cancels it when asked.</summary>
    private async Task ReportLoopAsync(Guid id, Func<(double Percent, string Stage)> latest, CancellationTokenSource cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            try { await Task.Delay(ReportEvery, clock, cancel.Token); }
            catch (OperationCanceledException) { return; }
            var now = latest();
            try
            {
                await using var cmd = db.CreateCommand(Sql.Get("Features/Import/ReportImportJob.sql"));
                cmd.Parameters.Add(new() { Value = id });
                cmd.Parameters.Add(new() { Value = now.Percent });
                cmd.Parameters.Add(new() { Value = now.Stage });
                // Written every time, changed or not: the same statement is the poll for a cancel request.
                if (await cmd.ExecuteScalarAsync(CancellationToken.None) is true)
                {
                    log.LogInformation("import job {Id}: cancel requested", id);
                    await cancel.CancelAsync();
                    return;
                }
            }
            catch (NpgsqlException e) { log.LogWarning("import job {Id}: progress not written ({Message})", id, e.Message); }
        }
    }

    private async Task FinishAsync(Guid id, string state, (int Status, object Body) answer, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Import/FinishImportJob.sql"));
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = state });
        cmd.Parameters.Add(new() { Value = state == "cancelled" ? DBNull.Value : answer.Status, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(new() { Value = JsonSerializer.Serialize(answer.Body, answer.Body.GetType(), JsonSerializerOptions.Web), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new() { Value = clock.GetUtcNow() });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
