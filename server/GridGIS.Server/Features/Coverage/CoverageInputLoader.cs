using System.Diagnostics;
using GridGIS.Core.Coverage;
using GridGIS.Core.Geo;
using GridGIS.Core.Languages;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Network;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// Loads a run's inputs: households with one binary COPY (read synchronously off the request thread and
/// projected in parallel), the grids that hold households, facilities per category with one query, and in network
/// mode the walking network from the process's <see cref="WalkNetworkStore"/> (loaded beside the households when the
/// store has no current copy). Core prepares and snaps them (<see cref="CoverageHouseholds"/>, <see cref="SnappedHouseholds"/>).
/// Local metres (the city profile's projection, <see cref="CityProfile.Projection"/>). Each phase is recorded as a load phase (<see cref="CoverageMetrics"/>).
/// </summary>
internal static class CoverageInputLoader
{
    public static async Task<CoverageBase> LoadBaseAsync(NpgsqlDataSource db, WalkNetworkStore networks, long runId, string version,
        bool withNetwork, LocalProjection projection, bool withLanguages, CancellationToken ct)
    {
        var lap = Stopwatch.GetTimestamp();
        await using var conn = await db.OpenConnectionAsync(ct);
        // The network's COPY and build run beside the households' on a second connection.
        var networkTask = withNetwork ? Task.Run(() => networks.GetAsync(ct), ct) : null;
        CoverageHousehold[] households;
        try { households = await Task.Run(() => ReadHouseholds(conn, projection, ct), ct); }
        catch (NpgsqlException e) { throw new InvalidOperationException($"coverage run {runId}: loading households failed: {e.Message}", e); }
        lap = CoverageMetrics.LoadLap("households", lap);

        var grids = new List<Geometry>();
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/LoadResidentialGrids.sql"), conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                grids.Add(projection.Forward(r.GetFieldValue<Geometry>(1)));
        var prepared = CoverageHouseholds.Prepare(households, grids);
        lap = CoverageMetrics.LoadLap("prepare", lap);
        var nationalities = new List<HouseholdNationality>();
        if (withLanguages)
        {
            try
            {
                await using var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/LoadHouseholdNationalities.sql"), conn);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) nationalities.Add(new HouseholdNationality(r.GetInt64(0), r.GetString(1), r.GetInt32(2)));
            }
            catch (NpgsqlException e) { throw new InvalidOperationException($"coverage run {runId}: loading households' nationalities failed: {e.Message}", e); }
        }
        var languages = LanguageHouseholds.Prepare(prepared, nationalities);
        lap = CoverageMetrics.LoadLap("languages", lap);

        SnappedHouseholds? snapped = null;
        if (networkTask is not null)
        {
            StoredNetwork network;
            try { network = await networkTask; }
            catch (InvalidOperationException e) { throw new InvalidOperationException($"coverage run {runId}: {e.Message}", e); }
            CoverageMetrics.LoadLap("network_wait", lap);
            if (!network.IsEmpty) snapped = SnappedHouseholds.Snap(network.Snapper, prepared);
        }
        return new CoverageBase(version, prepared, snapped, projection, languages);
    }

    /// <summary>
    /// Every household (one binary COPY of a plain scan, read synchronously: per-field async reads cost more
    /// than the COPY), projected in parallel; community and street completed along grid -> community -> street
    /// where the household row lacks them. In the scan's order: <see cref="CoverageHouseholds.Prepare"/> sorts them.
    /// </summary>
    private static CoverageHousehold[] ReadHouseholds(NpgsqlConnection conn, LocalProjection projection, CancellationToken ct)
    {
        var units = new Dictionary<int, (int Community, int Street)>();
        using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/ListGridUnits.sql"), conn))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) units[r.GetInt32(0)] = (r.GetInt32(1), r.GetInt32(2));
        var ids = new List<long>(1 << 16);
        var lon = new List<double>(1 << 16);
        var lat = new List<double>(1 << 16);
        var attrs = new List<(int Residents, int Foreign, int Grid, int Street)>(1 << 16);
        using (var reader = conn.BeginBinaryExport(Sql.Copy("Features/Coverage/LoadHouseholds.sql")))
            while (reader.StartRow() != -1)
            {
                ids.Add(reader.Read<long>(NpgsqlDbType.Bigint));
                lon.Add(reader.Read<double>(NpgsqlDbType.Double));
                lat.Add(reader.Read<double>(NpgsqlDbType.Double));
                attrs.Add((reader.Read<int>(NpgsqlDbType.Integer), reader.Read<int>(NpgsqlDbType.Integer), reader.Read<int>(NpgsqlDbType.Integer),
                    reader.Read<int>(NpgsqlDbType.Integer)));
                if ((ids.Count & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            }
        var (x, y) = BulkProjection.Forward(projection, lon, lat);
        var households = new CoverageHousehold[ids.Count];
        for (var i = 0; i < households.Length; i++)
        {
            var a = attrs[i];
            var (community, street) = units.GetValueOrDefault(a.Grid);
            households[i] = new CoverageHousehold(ids[i], x[i], y[i], a.Residents, a.Foreign, a.Grid, community, a.Street != 0 ? a.Street : street);
        }
        return households;
    }

    /// <summary>Facilities of every category (a category without any gets an empty array), local metres, and the categories where
    /// language applies.</summary>
    public static async Task<(Dictionary<string, CoverageFacility[]> Facilities, HashSet<string> LanguageApplies)> LoadFacilitiesAsync(
        NpgsqlDataSource db, long runId, LocalProjection projection, CancellationToken ct)
    {
        var facilities = new Dictionary<string, List<CoverageFacility>>();
        var applies = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/LoadFacilities.sql"));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var code = r.GetString(0);
                if (!facilities.TryGetValue(code, out var list)) facilities[code] = list = [];
                if (r.GetBoolean(6)) applies.Add(code);
                if (r.IsDBNull(1)) continue;
                var (x, y) = projection.Forward(r.GetDouble(2), r.GetDouble(3));
                list.Add(new CoverageFacility(r.GetInt32(1), x, y, r.IsDBNull(4) ? null : r.GetInt32(4), r.GetFieldValue<string[]>(5)));
            }
        }
        catch (NpgsqlException e) { throw new InvalidOperationException($"coverage run {runId}: loading facilities failed: {e.Message}", e); }
        return (facilities.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), applies);
    }
}
