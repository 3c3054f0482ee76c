using System.Text.Json;
using GridGIS.Core.Coverage;
using GridGIS.Core.Geo;
using GridGIS.Core.Languages;
using GridGIS.Core.Network;
using GridGIS.Server.Features.Network;
using Npgsql;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// What runs of the same data and network version share, loaded once per process (<see cref="CoverageInputLoader"/>):
/// the households prepared for every category (<see cref="CoverageHouseholds"/>), and in network mode the same
/// households and residential cell centres snapped to the walking network (<see cref="SnappedHouseholds"/>; null
/// in euclidean mode, or when the network has no edge), and their foreign residents by language (<see cref="LanguageHouseholds"/>).
/// </summary>
internal sealed record CoverageBase(string Version, CoverageHouseholds Households, SnappedHouseholds? Network, LocalProjection Projection,
    LanguageHouseholds Languages);

/// <summary>
/// The inputs of one run: the shared <see cref="Base"/>, the facilities per category (loaded per run, and
/// snapped in network mode), the categories where language applies, and how long this process spent loading them for the run (the whole load on
/// a cold cache, the facilities alone on a warm one).
/// </summary>
internal sealed record RunInputs(
    long RunId,
    CoverageBase Base,
    IReadOnlyDictionary<string, CoverageFacility[]> Facilities,
    IReadOnlyDictionary<string, SnappedPoint[]> SnappedFacilities,
    IReadOnlySet<string> LanguageApplies,
    TimeSpan LoadTime,
    bool Warm)
{
    public CoverageHousehold[] Households => Base.Households.Households;
}

/// <summary>
/// Keeps, per process, the inputs that do not change between runs (keyed by the data and network versions a
/// run records in its parameters, <see cref="RunParameters"/>), and the inputs of the run being worked on, so
/// the parts this process takes share one load. The versions are the database's change counters of the tables
/// the inputs come from (migration 0011, moved by every write statement, by hand in SQL too): a run whose
/// counters differ from the cached ones loads afresh, so cached inputs are never older than the run's data.
/// </summary>
/// <param name="languages">false: no language-aware part (no nationalities loaded; the benchmark's baseline)</param>
internal sealed class CoverageInputCache(NpgsqlDataSource db, WalkNetworkStore networks, TimeProvider clock, CityProfile city, bool languages = true)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RunInputs? _current;
    private CoverageBase? _base;

    /// <summary>The version key of a run's inputs: its data and network versions (raw JSON from its parameters).</summary>
    public static string VersionOf(string parametersJson)
    {
        using var doc = JsonDocument.Parse(parametersJson);
        var p = doc.RootElement;
        return $"data={Raw(p, "data_version")};network={Raw(p, "network_version")}";
        static string Raw(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetRawText() : "null";
    }

    public async Task<RunInputs> GetAsync(long runId, string mode, string parametersJson, CancellationToken ct)
    {
        if (_current is { } c && c.RunId == runId) return c;
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } again && again.RunId == runId) return again;
            _current = null;
            var start = clock.GetTimestamp();
            var version = VersionOf(parametersJson);
            var warm = _base is { } b && b.Version == version && (mode != "network" || b.Network is not null);
            if (!warm)
            {
                _base = null;                                     // let the previous version's arrays go first
                _base = await CoverageInputLoader.LoadBaseAsync(db, networks, runId, version, mode == "network", city.Projection, languages, ct);
            }
            var (facilities, languageApplies) = await CoverageInputLoader.LoadFacilitiesAsync(db, runId, _base!.Projection, ct);
            if (!languages) languageApplies.Clear();
            var snapped = _base!.Network is { } net
                ? facilities.ToDictionary(kv => kv.Key, kv => net.Snapper.SnapAll(kv.Value.Select(f => f.X).ToArray(), kv.Value.Select(f => f.Y).ToArray()))
                : new Dictionary<string, SnappedPoint[]>();
            return _current = new RunInputs(runId, _base, facilities, snapped, languageApplies, clock.GetElapsedTime(start), warm);
        }
        finally { _gate.Release(); }
    }
}
