using System.Collections.Concurrent;
using GridGIS.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GridGIS.Server.Features.Import;

/// <summary>The state of an import started with <c>?async=true</c>.</summary>
internal enum ImportJobState { Running, Complete, Failed }

/// <summary>
/// What <c>GET /api/import/jobs/{id}</c> answers: state, <paramref name="Percent"/> done (0..100) and stage
/// while it runs; then the import's answer (<paramref name="Result"/>) or its ProblemDetails (<paramref name="Problem"/>).
/// </summary>
internal sealed record ImportJobView(string Id, string Kind, string State, double Percent, string Stage, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, int? Status, object? Result, ProblemDetails? Problem);

/// <summary>
/// One import running in the background: its progress while it runs, then the same body the synchronous
/// request would have answered (the result, or the ProblemDetails of a rejection). In memory only: a
/// restart forgets jobs (an import is one transaction, so a job cut short by a restart wrote nothing).
/// </summary>
internal sealed class ImportJob(string id, string kind, string actor, DateTimeOffset startedAt)
{
    private readonly Lock _gate = new();

    public string Id { get; } = id;
    /// <summary>What is imported: a layer name (streets, ..., network) or "households".</summary>
    public string Kind { get; } = kind;
    public string Actor { get; } = actor;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public ImportJobState State { get; private set; } = ImportJobState.Running;
    public double Percent { get; private set; }
    public string Stage { get; private set; } = "queued";
    public DateTimeOffset? FinishedAt { get; private set; }
    /// <summary>The HTTP status the synchronous request would have had (200, 400, 409, 413, 422, 500).</summary>
    public int? Status { get; private set; }
    public object? Body { get; private set; }

    public void Report(double percent, string stage)
    {
        lock (_gate) { Percent = Math.Round(percent, 1); Stage = stage; }
    }

    public void Finish(int status, object body, DateTimeOffset at)
    {
        lock (_gate)
        {
            Status = status; Body = body; FinishedAt = at;
            State = status == StatusCodes.Status200OK ? ImportJobState.Complete : ImportJobState.Failed;
            if (State == ImportJobState.Complete) Percent = 100;
        }
    }

    /// <summary>What <c>GET /api/import/jobs/{id}</c> answers.</summary>
    public ImportJobView Describe()
    {
        lock (_gate)
            return new ImportJobView(Id, Kind, EnumText.Name(State), Percent, Stage, StartedAt, FinishedAt, Status,
                State == ImportJobState.Complete ? Body : null, State == ImportJobState.Failed ? Body as ProblemDetails : null);
    }
}

/// <summary>
/// Background imports (singleton): at most <see cref="MaxRunning"/> at once; finished jobs are kept
/// <see cref="KeepFinished"/> (at most <see cref="MaxKept"/> jobs in all) for their callers to collect.
/// Work runs on the thread pool under the application's stopping token, not the request's.
/// </summary>
internal sealed class ImportJobs(TimeProvider clock, IHostApplicationLifetime life, ILogger<ImportJobs> log)
{
    public const int MaxRunning = 2;
    public const int MaxKept = 100;
    public static readonly TimeSpan KeepFinished = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, ImportJob> _jobs = new();

    /// <summary>
    /// Starts <paramref name="work"/> as a job, or returns null when <see cref="MaxRunning"/> imports run already.
    /// The work returns the status and body of its answer (a <see cref="ProblemDetails"/> when not 200).
    /// </summary>
    public ImportJob? TryStart(string kind, string actor, Func<ImportProgress, CancellationToken, Task<(int Status, object Body)>> work)
    {
        Evict();
        lock (_jobs)
        {
            if (_jobs.Values.Count(j => j.State == ImportJobState.Running) >= MaxRunning) return null;
            var job = new ImportJob(Guid.NewGuid().ToString("N"), kind, actor, clock.GetUtcNow());
            _jobs[job.Id] = job;
            var progress = new ImportProgress(job.Report);
            _ = Task.Run(async () =>
            {
                try
                {
                    var (status, body) = await work(progress, life.ApplicationStopping);
                    job.Finish(status, body, clock.GetUtcNow());
                }
                catch (Exception e)
                {
                    log.LogError(e, "import job {Id} ({Kind}) failed", job.Id, kind);
                    job.Finish(StatusCodes.Status500InternalServerError, Problems.Details(StatusCodes.Status500InternalServerError, "Import failed",
                        e is OperationCanceledException ? "the server stopped before the import finished; nothing was written"
                                                        : "the import failed unexpectedly; nothing was written (the server log has the cause)"), clock.GetUtcNow());
                }
            });
            return job;
        }
    }

    /// <summary>The HTTP answer to a request with ?async=true: 202 with the job to poll, or 429 when too many run.</summary>
    public static Accepted<ImportJobView> Accepted(ImportJob job) => TypedResults.Accepted($"/api/import/jobs/{job.Id}", job.Describe());

    /// <summary>429 when <see cref="TryStart"/> refused: too many imports run already.</summary>
    public static ProblemHttpResult Busy() =>
        Problems.Status(StatusCodes.Status429TooManyRequests, "Too many imports", $"{MaxRunning} imports are running already; try again when one has finished");

    public ImportJob? Get(string id) => _jobs.GetValueOrDefault(id);

    private void Evict()
    {
        var now = clock.GetUtcNow();
        foreach (var j in _jobs.Values)
            if (j.FinishedAt is { } f && now - f > KeepFinished) _jobs.TryRemove(j.Id, out _);
        foreach (var j in _jobs.Values.Where(j => j.FinishedAt is not null).OrderBy(j => j.FinishedAt).Take(Math.Max(0, _jobs.Count - MaxKept + 1)))
            _jobs.TryRemove(j.Id, out _);
    }
}
