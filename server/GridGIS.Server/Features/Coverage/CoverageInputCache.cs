using GridGIS.Core.Coverage;
using GridGIS.Core.Geo;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// What every part of a run needs, loaded once per process and run: households (one binary COPY),
/// facilities per category (one query), the residential area (grids holding households, dissolved).
/// Coordinates in the local metric CRS (<see cref="LocalProjection.Beijing"/>, metres).
/// </summary>
internal sealed record RunInputs(
    long RunId,
    CoverageHousehold[] Households,
    IReadOnlyDictionary<string, CoverageFacility[]> Facilities,
    Geometry ResidentialArea,
    CoverageNetwork? Network,
    TimeSpan LoadTime);

/// <summary>Keeps the inputs of the run being worked on, so that the parts this process takes share one load.</summary>
internal sealed class CoverageInputCache(NpgsqlDataSource db, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RunInputs? _current;

    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 0);

    public async Task<RunInputs> GetAsync(long runId, string mode, CancellationToken ct)
    {
        if (_current is { } c && c.RunId == runId) return c;
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } again && again.RunId == runId) return again;
            _current = null;                                  // let the previous run's arrays go first
            return _current = await LoadAsync(db, runId, mode, clock, ct);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Loads a run's inputs; the walking network (and the snapping) only in network mode.</summary>
    /// <summary>A COPY statement from its .sql file: Npgsql wants the text to begin with COPY, so the comment lines go.</summary>
    public static string Copy(string path) =>
        string.Join('\n', Sql.Get(path).Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));

    public static async Task<RunInputs> LoadAsync(NpgsqlDataSource db, long runId, string mode, TimeProvider clock, CancellationToken ct)
    {
        var start = clock.GetTimestamp();
        var projection = LocalProjection.Beijing;
        await using var conn = await db.OpenConnectionAsync(ct);
        var households = new List<CoverageHousehold>(1 << 16);
        try
        {
            await using var reader = await conn.BeginBinaryExportAsync(Copy("Features/Coverage/LoadHouseholds.sql"), ct);
            while (await reader.StartRowAsync(ct) != -1)
            {
                var id = await reader.ReadAsync<long>(NpgsqlDbType.Bigint, ct);
                var lon = await reader.ReadAsync<double>(NpgsqlDbType.Double, ct);
                var lat = await reader.ReadAsync<double>(NpgsqlDbType.Double, ct);
                var residents = await reader.ReadAsync<int>(NpgsqlDbType.Integer, ct);
                var foreign = await reader.ReadAsync<int>(NpgsqlDbType.Integer, ct);
                var grid = await reader.ReadAsync<int>(NpgsqlDbType.Integer, ct);
                var community = await reader.ReadAsync<int>(NpgsqlDbType.Integer, ct);
                var street = await reader.ReadAsync<int>(NpgsqlDbType.Integer, ct);
                var (x, y) = projection.Forward(lon, lat);
                households.Add(new CoverageHousehold(id, x, y, residents, foreign, grid, community, street));
            }
        }
        catch (NpgsqlException e) { throw new InvalidOperationException($"coverage run {runId}: loading households failed: {e.Message}", e); }

        var facilities = new Dictionary<string, List<CoverageFacility>>();
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/LoadFacilities.sql"), conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var code = r.GetString(0);
                if (!facilities.TryGetValue(code, out var list)) facilities[code] = list = [];
                if (r.IsDBNull(1)) continue;
                var (x, y) = projection.Forward(r.GetDouble(2), r.GetDouble(3));
                list.Add(new CoverageFacility(r.GetInt32(1), x, y, r.IsDBNull(4) ? null : r.GetInt32(4)));
            }

        var grids = new List<Geometry>();
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/LoadResidentialGrids.sql"), conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                grids.Add(Factory.CreateGeometry(projection.Forward(r.GetFieldValue<Geometry>(1))));
        var residential = ServiceGaps.Dissolve(grids, Factory);
        var hh = households.ToArray();
        var fac = facilities.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        CoverageNetwork? network = null;
        if (mode == "network")
        {
            try { network = await CoverageNetwork.LoadAsync(conn, hh, fac, ct); }
            catch (NpgsqlException e) { throw new InvalidOperationException($"coverage run {runId}: loading the walking network failed: {e.Message}", e); }
        }
        return new RunInputs(runId, hh, fac, residential, network, clock.GetElapsedTime(start));
    }
}
