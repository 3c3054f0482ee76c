using GridGIS.Core.Coverage;
using GridGIS.Core.Network;
using GridGIS.Core.Siting;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using Npgsql;

namespace GridGIS.Server.Features.Siting;

/// <summary>A complete run as scenarios see it: mode, parameters, and whether the data is still as the run saw it.</summary>
internal sealed record SitingRun(long Id, string Mode, string ParametersJson, bool Current)
{
    public RunParameters Parameters => RunParameters.Parse(ParametersJson);
}

/// <summary>
/// Per process, the bases of scenarios and siting (<see cref="CategoryBase"/>: a run's per-facility reach of one
/// category, built with one bounded search per facility from the run's inputs, <see cref="CoverageInputCache"/>),
/// keyed by (run, category) and the run's data and network versions. Bounded: at most <c>Siting:CacheMegabytes</c>
/// (default 1024) of bases, least recently used dropped first. Two requests for the same base share one build.
/// </summary>
internal sealed class SitingBaseCache(NpgsqlDataSource db, CoverageInputCache inputs, IConfiguration config)
{
    private readonly object _lock = new();
    private readonly Dictionary<(long Run, string Category), (Task<CategoryBase> Base, long Used)> _bases = [];
    private long _clock;
    private long MaxBytes => (config.GetValue<long?>("Siting:CacheMegabytes") ?? 1024) * 1024 * 1024;

    /// <summary>The run <paramref name="runId"/> (null: the latest complete full run), or null when there is no such complete run.</summary>
    public async Task<SitingRun?> RunAsync(long? runId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Siting/GetRunForSiting.sql"));
        cmd.Parameters.Add(new() { Value = (object?)runId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new SitingRun(r.GetInt64(0), r.GetString(1), r.GetString(2), !r.IsDBNull(3) && r.GetBoolean(3));
    }

    /// <summary>The base of <paramref name="category"/> in <paramref name="run"/> (which must be current), built on first use.</summary>
    public async Task<CategoryBase> GetAsync(SitingRun run, string category, CancellationToken ct)
    {
        Task<CategoryBase> task;
        lock (_lock)
        {
            if (_bases.TryGetValue((run.Id, category), out var hit)) { _bases[(run.Id, category)] = (hit.Base, ++_clock); task = hit.Base; }
            else
            {
                // the build runs to its end even when this request leaves: the next one for the same base takes it
                task = Task.Run(() => BuildAsync(run, category, CancellationToken.None), CancellationToken.None);
                _bases[(run.Id, category)] = (task, ++_clock);
            }
        }
        try
        {
            var b = await task.WaitAsync(ct);
            Trim();
            return b;
        }
        catch (Exception) when (task.IsFaulted)
        {
            lock (_lock) if (_bases.TryGetValue((run.Id, category), out var e) && e.Base == task) _bases.Remove((run.Id, category));
            throw;
        }
    }

    private async Task<CategoryBase> BuildAsync(SitingRun run, string category, CancellationToken ct)
    {
        var loaded = await inputs.GetAsync(run.Id, run.Mode, run.ParametersJson, ct);
        var p = run.Parameters;
        var c = p.Category(category);
        var households = loaded.Base.Households;
        var speed = new WalkSpeed(c.SpeedKmh);
        SiteReach reacher = run.Mode == "network"
            ? SiteReach.OnNetwork(households, loaded.Base.Network ?? throw new InvalidOperationException("network mode: no walking network loaded"), category, c.ThresholdSeconds, speed)
            : SiteReach.Straight(households, category, c.ThresholdSeconds, speed, p.DetourFactor);
        return CategoryBase.Build(reacher, loaded.Facilities.GetValueOrDefault(category) ?? [], ct: ct);
    }

    /// <summary>Drops the least recently used bases while they hold more than the bound (the one just used stays).</summary>
    private void Trim()
    {
        lock (_lock)
        {
            while (true)
            {
                var done = _bases.Where(kv => kv.Value.Base.IsCompletedSuccessfully).ToList();
                if (done.Count <= 1 || done.Sum(kv => kv.Value.Base.Result.ApproximateBytes) <= MaxBytes) return;
                _bases.Remove(done.MinBy(kv => kv.Value.Used).Key);
            }
        }
    }

    /// <summary>Whether the run's categories include <paramref name="category"/>.</summary>
    public static bool HasCategory(SitingRun run, string category) => run.Parameters.Categories.Any(c => c.Code == category);

    /// <summary>The households of the base in their order, for weights: ids (see <see cref="CoverageHousehold.Id"/>).</summary>
    public static long[] HouseholdIds(CategoryBase b) => b.Households.Households.Select(h => h.Id).ToArray();
}
