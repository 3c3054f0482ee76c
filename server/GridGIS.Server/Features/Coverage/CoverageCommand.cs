using System.Diagnostics;
using System.Globalization;
using GridGIS.Core.Coverage;
using GridGIS.Server.Data;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// Command line: <c>coverage run [--mode network|euclidean] [--wait] [--timeout S] [--no-op]</c> starts a run
/// (a running <c>serve</c> or <c>worker</c> process computes it); <c>coverage bench</c> times two runs (cold, then warm)
/// in this process without Hangfire; <c>worker [--workers N]</c> is a Hangfire server without HTTP.
/// </summary>
internal static class CoverageCommand
{
    public static void Register()
    {
        Cli.Add("coverage", "coverage run [--mode network|euclidean] [--wait] [--timeout S] [--no-op] [--sequence run,no-op,...] | coverage bench [--mode M]", RunAsync);
        Cli.Add("worker", "a Hangfire worker without HTTP, sharing coverage parts with other processes: [--workers N]", WorkerAsync);
    }

    private static CoverageOptions Options() =>
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection("Coverage").Get<CoverageOptions>() ?? new CoverageOptions();

    private static async Task<int> RunAsync(string[] args)
    {
        var verb = args.FirstOrDefault() ?? throw new CliException("coverage needs a verb: run or bench");
        var options = Options();
        var modeText = Cli.Option(args, "--mode");
        if (!Http.EnumText.TryParse(modeText, options.ReachMode, out var reach))
            throw new CliException($"--mode must be {Http.EnumText.Allowed<GridGIS.Core.Network.ReachMode>()}, not '{modeText}'");
        var mode = Http.EnumText.Name(reach);
        var cs = Database.ConnectionString();
        await using var db = Database.Create(cs);
        var storageOptions = CoverageSetup.StorageOptions(options);
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(cs, storageOptions), storageOptions);
        var client = new BackgroundJobClient(storage);
        return verb switch
        {
            "run" => await StartAsync(db, client, options, mode, args),
            "bench" => await BenchAsync(db, client, options, mode),
            _ => throw new CliException($"unknown coverage verb '{verb}' (run, bench)"),
        };
    }

    /// <summary>
    /// Starts a run (<c>--no-op</c>: the same fan-out, parts only doing their bookkeeping) and with <c>--wait</c> waits
    /// for it, printing its state and percentage. <c>--sequence run,no-op,...</c> starts and waits for several, one
    /// after another, from this one process: after the first, runs are started the way the server's API and nightly
    /// job start them, by a process that is already running (a fresh command spends some tenths of a second of
    /// .NET start-up creating its first run). Prints each run's id on its own line.
    /// </summary>
    private static async Task<int> StartAsync(NpgsqlDataSource db, IBackgroundJobClient client, CoverageOptions options, string mode, string[] args)
    {
        var sequence = Cli.Option(args, "--sequence")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                       ?? [args.Contains("--no-op") ? "no-op" : "run"];
        if (sequence.Length == 0 || sequence.Any(k => k is not ("run" or "no-op")))
            throw new CliException("--sequence takes runs and no-ops separated by commas, e.g. no-op,run,run,no-op");
        var wait = args.Contains("--wait") || sequence.Length > 1;
        var timeout = TimeSpan.FromSeconds(Cli.DoubleOption(args, "--timeout", 600));
        foreach (var kind in sequence)
        {
            var noOp = kind == "no-op";
            var id = await CoverageRuns.StartAsync(db, client, TimeProvider.System, Http.EnumText.Parse<GridGIS.Core.Network.ReachMode>(mode), "cli:" + Environment.UserName, options.DetourFactor, noOp);
            Cli.Log($"coverage run {id} queued ({mode}{(noOp ? ", no-op" : "")})");
            Console.WriteLine(id);
            if (wait && await WaitAsync(db, id, timeout) != 0) return 1;
        }
        return 0;
    }

    private static async Task<int> WaitAsync(NpgsqlDataSource db, long id, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string? last = null;
        while (clock.Elapsed < timeout)
        {
            await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/GetRunState.sql"));
            cmd.Parameters.Add(new() { Value = id });
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            var (state, progress, error) = (r.GetString(0), r.GetDouble(1), r.GetString(2));
            var line = $"run {id}: {state} {progress:0}%";
            if (line != last) Cli.Log(line);
            last = line;
            if (state == "complete") { Cli.Log($"run {id} complete in {clock.Elapsed.TotalSeconds:0.00} s"); return 0; }
            if (state == "failed") { Cli.Log($"run {id} failed: {error}"); return 1; }
            await Task.Delay(50);
        }
        Cli.Log($"run {id} still unfinished after {timeout.TotalSeconds} s: is a `serve` or `worker` process running on this database?");
        return 1;
    }

    /// <summary>
    /// Two runs computed here, without Hangfire: the first cold (a fresh process: every input loaded), the
    /// second warm (households, residential cells and network kept from the first). Each prints its load,
    /// compute (every category, in parallel on all cores) and write times as one machine-readable line.
    /// </summary>
    private static async Task<int> BenchAsync(NpgsqlDataSource db, IBackgroundJobClient client, CoverageOptions options, string mode)
    {
        var clock = TimeProvider.System;
        var cache = new CoverageInputCache(db, clock);
        var jobs = new CoverageJobs(db, cache, client, clock, Microsoft.Extensions.Options.Options.Create(options), NullLogger<CoverageJobs>.Instance);
        foreach (var pass in new[] { "cold", "warm" })
        {
            var total = Stopwatch.StartNew();
            // Created through SQL (not enqueued): this process is the only worker of the bench run.
            var (runId, parts) = await CreateRunAsync(db, mode, options);
            string parameters;
            await using (var cmd = db.CreateCommand(Sql.Get("Features/Coverage/GetRunParameters.sql")))
            {
                cmd.Parameters.Add(new() { Value = runId });
                parameters = (string)(await cmd.ExecuteScalarAsync())!;
            }
            var load = Stopwatch.StartNew();
            var inputs = await cache.GetAsync(runId, mode, parameters, CancellationToken.None);
            load.Stop();
            ComputeTimings.Reset();
            int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
            var pause0 = GC.GetTotalPauseDuration();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var compute = Stopwatch.StartNew();
            var results = new PartResult[parts.Length];
            await Parallel.ForAsync(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                async (k, ct) => results[k] = await PartAsync(db, inputs, mode, runId, parts[k]));
            compute.Stop();
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;   // CPU of the compute phase, all cores
            var gcs = string.Create(CultureInfo.InvariantCulture,
                $"gc0={GC.CollectionCount(0) - gen0} gc2={GC.CollectionCount(2) - gen2} gc_pause_s={(GC.GetTotalPauseDuration() - pause0).TotalSeconds:0.000}");
            var write = Stopwatch.StartNew();
            for (var k = 0; k < parts.Length; k++) await jobs.SaveAsync(runId, parts[k], results[k], CancellationToken.None);
            write.Stop();
            await jobs.AssembleAsync(runId, CancellationToken.None);
            total.Stop();
            var inv = CultureInfo.InvariantCulture;
            // One machine-readable line per pass for scripts/bench.d/coverage.sh.
            Console.WriteLine(string.Create(inv,
                $"pass={pass} run={runId} households={inputs.Households.Length} categories={parts.Length} gaps={results.Sum(r => r.Gaps.Count)} load_s={load.Elapsed.TotalSeconds:0.000} compute_s={compute.Elapsed.TotalSeconds:0.000} compute_cpu_s={cpu:0.000} write_s={write.Elapsed.TotalSeconds:0.000} total_s={total.Elapsed.TotalSeconds:0.000} {gcs} parts_s={string.Join(',', results.Select(r => r.ComputeSeconds.ToString("0.000", inv)))} {ComputeTimings.Format("c_")} {(inputs.Warm ? "" : string.Join(' ', CoverageInputLoader.LastBreakdown.Split(' ').Select(p => "l_" + p)))}"));
        }
        return 0;
    }

    private static async Task<(long RunId, string[] Parts)> CreateRunAsync(NpgsqlDataSource db, string mode, CoverageOptions options)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/CreateRun.sql"));
        cmd.Parameters.Add(new() { Value = mode });
        cmd.Parameters.Add(new() { Value = "bench" });
        cmd.Parameters.Add(new() { Value = options.DetourFactor });
        cmd.Parameters.Add(new() { Value = false });
        cmd.Parameters.Add(new() { Value = DateTimeOffset.UtcNow });
        cmd.Parameters.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });                                   // every category's own threshold
        cmd.Parameters.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });  // every category
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetFieldValue<string[]>(1));
    }

    private static async Task<PartResult> PartAsync(NpgsqlDataSource db, RunInputs inputs, string mode, long runId, string part)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/StartPart.sql"));
        cmd.Parameters.Add(new() { Value = runId });
        cmd.Parameters.Add(new() { Value = part });
        cmd.Parameters.Add(new() { Value = DateTimeOffset.UtcNow });
        cmd.Parameters.Add(new() { Value = CoverageJobs.WorkerName });
        string parameters;
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            parameters = r.GetString(0);
        }
        return await Task.Run(() => CoveragePart.Compute(inputs, mode, RunParameters.Parse(parameters), part, TimeProvider.System));
    }

    private static async Task<int> WorkerAsync(string[] args)
    {
        var workers = Cli.Option(args, "--workers");
        var builder = Host.CreateApplicationBuilder(workers is null ? args : [.. args, $"--Coverage:Workers={workers}"]);
        builder.Services.AddSingleton(_ => Database.Create(Database.ConnectionString(builder.Configuration)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCoverage(builder.Configuration, worker: true);
        using var host = builder.Build();
        Cli.Log($"coverage worker {CoverageJobs.WorkerName}: {builder.Configuration["Coverage:Workers"] ?? "2"} worker thread(s) on queue '{CoverageOptions.Queue}'");
        await host.RunAsync();
        return 0;
    }
}
