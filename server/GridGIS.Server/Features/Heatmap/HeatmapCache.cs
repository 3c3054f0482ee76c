using GridGIS.Core.Geo;
using GridGIS.Core.Density;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Features.Heatmap;

/// <summary>
/// The heatmap lattice of every household (<see cref="HeatmapPyramid"/>), kept per server process and keyed by
/// the household table's change counter (migration 0011): a write anywhere (through any server process, or by
/// hand in SQL) moves the counter, and the next request of every process reloads. A request costs one
/// primary-key read of the counter and a lookup in memory; a reload, one grouped scan of the households.
/// Grid workers' heatmaps (their own grids only) are small and not cached.
/// The lattice's metric CRS is the city profile's (<see cref="CityProfile.MetricEpsg"/>).
/// </summary>
internal sealed class HeatmapCache(NpgsqlDataSource db, CityProfile city)
{
    private sealed record Entry(long Version, Lazy<Task<LatticeRows>> Rows)
    {
        public readonly Lazy<HeatmapPyramid>[] Pyramids = new Lazy<HeatmapPyramid>[4];
    }

    /// <summary>Base-cell rows of one load: households and residents, households with foreign residents and foreign residents.</summary>
    internal sealed record LatticeRows(LatticeCount[] Residents, LatticeCount[] Foreign);

    private Entry? _entry;
    private readonly Lock _lock = new();

    /// <summary>The pyramid of every household for <paramref name="metric"/>, suppressed or not, as of the data now committed.</summary>
    public async Task<HeatmapPyramid> GetAsync(HeatmapMetric metric, bool suppress, CancellationToken ct)
    {
        long version;
        await using (var cmd = db.CreateCommand(Sql.Get("Features/Heatmap/GetHouseholdVersion.sql")))
        {
            try { version = (long)(await cmd.ExecuteScalarAsync(ct))!; }
            catch (NpgsqlException e) { throw new InvalidOperationException("reading the household table's change counter", e); }
        }
        Entry entry;
        lock (_lock)
        {
            if (_entry is null || _entry.Version != version)
                _entry = new Entry(version, new Lazy<Task<LatticeRows>>(() => LoadAsync(db, null, city.MetricEpsg, CancellationToken.None)));
            entry = _entry;
        }
        Task<LatticeRows> load = entry.Rows.Value;
        LatticeRows rows;
        try { rows = await load.WaitAsync(ct); }
        catch (Exception) when (load.IsFaulted)
        {
            lock (_lock) if (ReferenceEquals(_entry, entry)) _entry = null;   // the next request tries again
            throw;
        }
        var slot = (int)metric * 2 + (suppress ? 1 : 0);
        lock (_lock)
            entry.Pyramids[slot] ??= new Lazy<HeatmapPyramid>(() => new HeatmapPyramid(metric == HeatmapMetric.Foreign ? rows.Foreign : rows.Residents, suppress));
        return entry.Pyramids[slot].Value;
    }

    /// <summary>The base cells of every household, or of one grid worker's grids (<paramref name="worker"/>).</summary>
    /// <param name="srid">the EPSG code of the city's metric CRS (a CGCS2000 3-degree zone)</param>
    public static async Task<LatticeRows> LoadAsync(NpgsqlDataSource db, string? worker, int srid, CancellationToken ct)
    {
        var residents = new List<LatticeCount>();
        var foreign = new List<LatticeCount>();
        await using var cmd = db.CreateCommand(Sql.Get("Features/Heatmap/CountHouseholdCells.sql"));
        cmd.Parameters.Add(new NpgsqlParameter { Value = srid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = HeatmapPyramid.BaseCellM });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)worker ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var (col, row) = (r.GetInt64(0), r.GetInt64(1));
                residents.Add(new LatticeCount(col, row, r.GetInt64(2), r.GetInt64(3)));
                if (r.GetInt64(4) > 0) foreign.Add(new LatticeCount(col, row, r.GetInt64(4), r.GetInt64(5)));
            }
        }
        catch (NpgsqlException e) { throw new InvalidOperationException("counting households per heatmap base cell", e); }
        return new LatticeRows([.. residents], [.. foreign]);
    }
}
