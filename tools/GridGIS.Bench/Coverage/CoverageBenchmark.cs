using System.Diagnostics;
using System.Globalization;
using GridGIS.Core.Coverage;
using GridGIS.Server;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using GridGIS.Server.Features.Network;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GridGIS.Bench.Coverage;

/// <summary>
/// <c>coverage [--mode network|euclidean] [--no-languages]</c>: two runs computed in this process with the product's own code
/// (<see cref="CoverageInputCache"/>, <see cref="CoveragePart"/>, <see cref="CoverageJobs.SaveAsync"/>), without
/// Hangfire: the first cold (a fresh process: every input loaded), the second warm (households, residential cells
/// and network kept from the first). Each prints its load, compute (every category, in parallel on all cores) and
/// write times as one machine-readable line, with the phases of <see cref="CoverageMetrics"/>. <c>--no-languages</c> leaves the
/// language-aware part out (no nationalities loaded, no language results computed or written): the baseline its share is
/// measured against.
/// </summary>
internal static class CoverageBenchmark
{
    private static readonly string[] ComputePhases = ["facility_searches", "served_cells", "analysis", "gaps", "equity", "language", "wkb", "language_wkb"];
    private static readonly string[] LoadPhases = ["households", "prepare", "languages", "network_wait", "snap_households", "snap_cells", "index"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection("Coverage").Get<CoverageOptions>() ?? new CoverageOptions();
        var mode = Cli.Option(args, "--mode") ?? options.Mode;
        if (mode is not ("network" or "euclidean")) throw new CliException($"--mode must be network or euclidean, not '{mode}'");
        var cs = Database.ConnectionString();
        await using var db = Database.Create(cs);
        var storageOptions = CoverageSetup.StorageOptions(options);
        var client = new BackgroundJobClient(new PostgreSqlStorage(new NpgsqlConnectionFactory(cs, storageOptions), storageOptions));
        var clock = TimeProvider.System;
        var city = GridGIS.Server.Features.City.CityProfiles.FromEnvironment(db);
        var cache = new CoverageInputCache(db, new WalkNetworkStore(db, city), clock, city, languages: !args.Contains("--no-languages"));
        var jobs = new CoverageJobs(db, cache, client, clock, Microsoft.Extensions.Options.Options.Create(options), NullLogger<CoverageJobs>.Instance);
        using var phases = new PhaseTimes();
        foreach (var pass in new[] { "cold", "warm" })
        {
            phases.Reset();
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
                $"pass={pass} run={runId} households={inputs.Households.Length} categories={parts.Length} gaps={results.Sum(r => r.Gaps.Count)} load_s={load.Elapsed.TotalSeconds:0.000} compute_s={compute.Elapsed.TotalSeconds:0.000} compute_cpu_s={cpu:0.000} write_s={write.Elapsed.TotalSeconds:0.000} total_s={total.Elapsed.TotalSeconds:0.000} {gcs} parts_s={string.Join(',', results.Select(r => r.ComputeSeconds.ToString("0.000", inv)))} {phases.Format(CoverageMetrics.ComputeInstrument, "c_", ComputePhases)} {(inputs.Warm ? "" : phases.Format(CoverageMetrics.LoadInstrument, "l_", LoadPhases))}"));
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
}
