using System.Diagnostics;
using System.Text;
using GridGIS.Server.Features.Coverage;
using GridGIS.Server.Tests.Infrastructure;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace GridGIS.Server.Tests.Features.Coverage;

/// <summary>
/// Many workers: real `GridGIS.Server.dll worker` processes on a database of their own share a run's
/// parts; one is killed with SIGKILL in the middle of a part, and the run still completes with exactly
/// the results of a run on one worker. Hangfire polls every 0.2 s and hands a dead process's job on
/// after 5 s. The kill lands inside a part because the test holds a lock on facility while the second run starts:
/// every part of it, once started, waits in its load (LoadFacilities.sql) until the test lets go after the kill.
/// </summary>
public sealed class CoverageWorkersTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly PostgisFixture _db = new();
    private readonly List<(Process Process, StringBuilder Log)> _workers = [];
    private BackgroundJobClient _client = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await CoverageTestData.InsertAsync(_db.Db, tag: 102, householdsPerGrid: 30);
        var options = CoverageSetup.StorageOptions(new CoverageOptions { QueuePollSeconds = 0.2, InvisibilitySeconds = 5, LockSeconds = 5 });
        _client = new BackgroundJobClient(new PostgreSqlStorage(new NpgsqlConnectionFactory(_db.ConnectionString, options), options));
    }

    public async Task DisposeAsync()
    {
        foreach (var (p, _) in _workers)
        {
            if (!p.HasExited) { p.Kill(entireProcessTree: true); await p.WaitForExitAsync(); }
            p.Dispose();
        }
        await _db.DisposeAsync();
    }

    /// <summary>The server binary the scripts build: server/GridGIS.Server/bin/(Debug|Release)/net10.0/GridGIS.Server.dll.</summary>
    private static string ServerDll()
    {
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GridGIS.sln")))
            {
                var dll = Path.Combine(dir.FullName, "server", "GridGIS.Server", "bin", config, "net10.0", "GridGIS.Server.dll");
                if (File.Exists(dll)) return dll;
            }
        return Path.Combine(AppContext.BaseDirectory, "GridGIS.Server.dll");   // the copy beside the tests
    }

    private Process StartWorker()
    {
        var psi = new ProcessStartInfo("dotnet", [ServerDll(), "worker"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment =
            {
                ["GRIDGIS_DB_CS"] = _db.ConnectionString,
                ["Coverage__Workers"] = "1",
                ["Coverage__QueuePollSeconds"] = "0.2",
                ["Coverage__InvisibilitySeconds"] = "5",
                ["Coverage__LockSeconds"] = "5",
                ["Coverage__RunAtStartup"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        var p = Process.Start(psi)!;
        var log = new StringBuilder();
        p.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _workers.Add((p, log));
        return p;
    }

    private string Logs() => string.Join("\n---\n", _workers.Select(w => { lock (w.Log) return $"pid {w.Process.Id}: {w.Log}"; }));

    private async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var cmd = _db.Db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Polls until <paramref name="condition"/> holds, at most <see cref="Bound"/>.</summary>
    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Bound) throw new TimeoutException($"{what}: not within {Bound.TotalSeconds} s\n{Logs()}");
            await Task.Delay(50);
        }
    }

    private Task<long> StartRunAsync() =>
        CoverageRuns.StartAsync(_db.Db, _client, TimeProvider.System, GridGIS.Core.Network.ReachMode.Network, "test", 1.3, noOp: false);

    private Task WaitCompleteAsync(long run) => UntilAsync(async () =>
    {
        var state = await ScalarAsync<string>("select state from coverage_run where id = $1", run);
        Assert.NotEqual("failed", state);
        return state == "complete";
    }, $"run {run} complete");

    [Fact]
    public async Task Run_CompletesWithSameResults_WhenOneOfTwoWorkersIsKilledMidPart()
    {
        var first = StartWorker();
        var single = await StartRunAsync();
        await WaitCompleteAsync(single);

        var second = StartWorker();
        await UntilAsync(async () => await ScalarAsync<long>("select count(*) from hangfire.server") >= 2, "two Hangfire servers");
        await using var hold = await _db.Db.OpenConnectionAsync();
        await using var holding = await hold.BeginTransactionAsync();
        await using (var lk = new NpgsqlCommand("lock table facility in access exclusive mode", hold, holding)) await lk.ExecuteNonQueryAsync();
        var shared = await StartRunAsync();
        var victim = $"%:{second.Id}";
        await UntilAsync(async () => await ScalarAsync<long>(
            "select count(*) from coverage_part where run_id = $1 and state = 'running' and worker like $2", shared, victim) > 0,
            "the second worker inside a part");
        var killedPart = await ScalarAsync<string>(
            "select part from coverage_part where run_id = $1 and state = 'running' and worker like $2", shared, victim);
        second.Kill();                                        // SIGKILL: no shutdown, the part's job stays fetched
        await second.WaitForExitAsync();
        await holding.RollbackAsync();                        // the parts go on (the killed one, after the invisibility timeout)
        await WaitCompleteAsync(shared);

        // The killed part was taken up again by the surviving worker and completed once.
        Assert.True(await ScalarAsync<int>("select attempts from coverage_part where run_id = $1 and part = $2", shared, killedPart) >= 2);
        Assert.EndsWith($":{first.Id}", await ScalarAsync<string>("select worker from coverage_part where run_id = $1 and part = $2", shared, killedPart));
        // Row for row the same results as the one-worker run: nothing missing, nothing counted twice.
        foreach (var (table, columns) in new[]
        {
            ("coverage_unit_result", "category_code, level, unit_id, households, households_covered, residents, residents_covered, foreign_residents, foreign_covered, accessibility"),
            ("coverage_facility_load", "category_code, facility_id, households, residents, capacity, load_ratio, overloaded, supply_ratio"),
            ("coverage_gap", "category_code, gap_no, st_asbinary(geom), area_m2, households, households_not_covered, residents, foreign_residents"),
        })
        {
            var rows = await ScalarAsync<long>($"select count(*) from {table} where run_id = $1", single);
            Assert.True(rows > 0, $"{table}: the one-worker run wrote nothing");
            Assert.Equal(rows, await ScalarAsync<long>($"select count(*) from {table} where run_id = $1", shared));
            var differing = await ScalarAsync<long>(
                $"select count(*) from ((select {columns} from {table} where run_id = $1 except all select {columns} from {table} where run_id = $2)" +
                $" union all (select {columns} from {table} where run_id = $2 except all select {columns} from {table} where run_id = $1)) d", single, shared);
            Assert.True(differing == 0, $"{table}: {differing} rows differ between run {single} (one worker) and run {shared} (two, one killed)");
        }
    }
}
