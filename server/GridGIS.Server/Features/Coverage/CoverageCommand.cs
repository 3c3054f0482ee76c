using System.Diagnostics;
using GridGIS.Server.Data;
using GridGIS.Server.Features.City;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// Command line: <c>coverage run [--mode network|euclidean] [--wait] [--timeout S] [--no-op]</c> starts a run
/// (a running <c>serve</c> or <c>worker</c> process computes it); <c>worker [--workers N]</c> is a Hangfire server without HTTP.
/// The benchmark of a run in one process is tools/GridGIS.Bench's <c>coverage</c>.
/// </summary>
internal static class CoverageCommand
{
    public static void Register()
    {
        Cli.Add("coverage", "coverage run [--mode network|euclidean] [--wait] [--timeout S] [--no-op] [--sequence run,no-op,...]", RunAsync);
        Cli.Add("worker", "a Hangfire worker without HTTP, sharing coverage parts with other processes: [--workers N]", WorkerAsync);
    }

    private static CoverageOptions Options() =>
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection("Coverage").Get<CoverageOptions>() ?? new CoverageOptions();

    private static async Task<int> RunAsync(string[] args)
    {
        var verb = args.FirstOrDefault() ?? throw new CliException("coverage needs a verb: run");
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
            _ => throw new CliException($"unknown coverage verb '{verb}' (run)"),
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

    private static async Task<int> WorkerAsync(string[] args)
    {
        var workers = Cli.Option(args, "--workers");
        var builder = Host.CreateApplicationBuilder(workers is null ? args : [.. args, $"--Coverage:Workers={workers}"]);
        builder.Services.AddSingleton(_ => Database.Create(Database.ConnectionString(builder.Configuration)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCityProfile();
        builder.Services.AddCoverage(builder.Configuration, worker: true);
        using var host = builder.Build();
        Cli.Log($"coverage worker {CoverageJobs.WorkerName}: {builder.Configuration["Coverage:Workers"] ?? "2"} worker thread(s) on queue '{CoverageOptions.Queue}'");
        await host.RunAsync();
        return 0;
    }
}
