using System.Diagnostics;
using GridGIS.Core.Coverage;
using GridGIS.Core.Geo;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// Loads a run's inputs: households with one binary COPY (read synchronously off the request thread and
/// projected in parallel), the residential cells by rasterising the grids that hold households (no
/// dissolve), facilities per category with one query; the walking network in <see cref="CoverageNetwork"/>.
/// Local metres (the city profile's projection, <see cref="CityProfile.Projection"/>).
/// </summary>
internal static class CoverageInputLoader
{
    /// <summary>Gap lattice spacing, metres: the width of a service area's edge buffer, and the gaps' boundary accuracy.</summary>
    public const double GapCellMetres = 50;

    /// <summary>Where the last base load spent its time (seconds per phase), for `coverage bench`.</summary>
    public static string LastBreakdown { get; private set; } = "";

    /// <summary>A COPY statement from its .sql file: Npgsql wants the text to begin with COPY, so the comment lines go.</summary>
    public static string Copy(string path) =>
        string.Join('\n', Sql.Get(path).Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));

    public static async Task<CoverageBase> LoadBaseAsync(NpgsqlDataSource db, long runId, string version, bool withNetwork, LocalProjection projection, CancellationToken ct)
    {
        var phases = new List<string>();
        var watch = Stopwatch.StartNew();
        void Phase(string name) { phases.Add($"{name}={watch.Elapsed.TotalSeconds:0.000}"); watch.Restart(); }
        await using var conn = await db.OpenConnectionAsync(ct);
        // The network's COPY and build run beside the households' on a second connection.
        var networkTask = withNetwork ? Task.Run(() => CoverageNetwork.ReadAsync(db, projection, ct), ct) : null;
        CoverageHousehold[] households;
        try { households = await Task.Run(() => ReadHouseholds(conn, projection, ct), ct); }
        catch (NpgsqlException e) { throw new InvalidOperationException($"coverage run {runId}: loading households failed: {e.Message}", e); }
        Phase("households");

        var grids = new List<Geometry>();
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Coverage/LoadResidentialGrids.sql"), conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                grids.Add(projection.Forward(r.GetFieldValue<Geometry>(1)));
        var (lattice, residential, cells) = ResidentialCells(grids, households);
        Phase("residential_cells");

        CoverageNetwork? network = null;
        if (networkTask is not null)
        {
            try { network = CoverageNetwork.Snap(await networkTask, households, lattice, cells, Phase); }
            catch (NpgsqlException e) { throw new InvalidOperationException($"coverage run {runId}: loading the walking network failed: {e.Message}", e); }
        }
        // What every category's analysis reads of the households: their units, and their cells of the gap lattice.
        HouseholdUnits? units = null;
        int[]? householdCells = null;
        Parallel.Invoke(() => units = HouseholdUnits.Of(households), () => householdCells = lattice.CellsOf(households));
        Phase("units");
        LastBreakdown = string.Join(' ', phases);
        return new CoverageBase(version, households, lattice, residential, cells, network, units!, householdCells!, projection);
    }

    /// <summary>
    /// The residential cells: those whose centre lies in a grid holding households, and those holding a
    /// household (so that every household lies in a residential cell, whatever the grid boundaries).
    /// </summary>
    internal static (CellLattice Lattice, bool[] Residential, int[] Cells) ResidentialCells(IReadOnlyList<Geometry> grids, CoverageHousehold[] households)
    {
        var env = new Envelope();
        foreach (var g in grids) env.ExpandToInclude(g.EnvelopeInternal);
        foreach (var h in households) env.ExpandToInclude(h.X, h.Y);
        var lattice = CellLattice.Covering(env, GapCellMetres);
        var residential = CellMask.Rasterize(lattice, grids);
        foreach (var h in households)
            if (lattice.CellOf(h.X, h.Y) is var c and >= 0) residential[c] = true;
        var cells = new List<int>();
        for (var c = 0; c < residential.Length; c++) if (residential[c]) cells.Add(c);
        return (lattice, residential, cells.ToArray());
    }

    /// <summary>
    /// Every household (one binary COPY of a plain scan, read synchronously: per-field async reads cost more
    /// than the COPY), in id order, projected in parallel; community and street completed along
    /// grid -> community -> street where the household row lacks them.
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
        using (var reader = conn.BeginBinaryExport(Copy("Features/Coverage/LoadHouseholds.sql")))
            while (reader.StartRow() != -1)
            {
                ids.Add(reader.Read<long>(NpgsqlDbType.Bigint));
                lon.Add(reader.Read<double>(NpgsqlDbType.Double));
                lat.Add(reader.Read<double>(NpgsqlDbType.Double));
                attrs.Add((reader.Read<int>(NpgsqlDbType.Integer), reader.Read<int>(NpgsqlDbType.Integer), reader.Read<int>(NpgsqlDbType.Integer),
                    reader.Read<int>(NpgsqlDbType.Integer)));
                if ((ids.Count & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            }
        var (x, y) = ProjectAll(lon, lat, projection);
        var households = new CoverageHousehold[ids.Count];
        for (var i = 0; i < households.Length; i++)
        {
            var a = attrs[i];
            var (community, street) = units.GetValueOrDefault(a.Grid);
            households[i] = new CoverageHousehold(ids[i], x[i], y[i], a.Residents, a.Foreign, a.Grid, community, a.Street != 0 ? a.Street : street);
        }
        // Near households near in the array, id order among neighbours, whatever order the scan gave: every process
        // sums in the same order, to the same last bit, and a search's households lie in few stretches of memory.
        SpatialOrder(households);
        return households;
    }

    /// <summary>Side of the tiles of <see cref="SpatialOrder"/>, metres.</summary>
    private const double OrderTileMetres = 64;

    /// <summary>
    /// Sorts households by the Morton (Z-order) number of their 64 m tile, by id within a tile: a fixed order for
    /// the same households, whatever order they come in and whatever the run's mode, in which the households of
    /// any small area sit in a few runs of the array (a facility's reach reads and writes their arrays in
    /// stretches, not at random across the city). Tiles are counted from the households' south-west corner
    /// (16 bits a side: 4,000 km). One sort of 64-bit keys (tile, id) when the ids fit in 32 bits, as they do
    /// below 4 billion households; else by id first, then by tile keeping the id order.
    /// </summary>
    internal static void SpatialOrder(CoverageHousehold[] households)
    {
        if (households.Length < 2) return;
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        long minId = long.MaxValue, maxId = long.MinValue;
        foreach (var h in households)
        {
            minX = Math.Min(minX, h.X); minY = Math.Min(minY, h.Y);
            minId = Math.Min(minId, h.Id); maxId = Math.Max(maxId, h.Id);
        }
        var keys = new ulong[households.Length];
        var small = minId >= 0 && maxId <= uint.MaxValue;
        if (!small) Array.Sort(households, (p, q) => p.Id.CompareTo(q.Id));
        for (var i = 0; i < keys.Length; i++)
            keys[i] = MortonKey(households[i].X - minX, households[i].Y - minY) << 32 | (small ? (uint)households[i].Id : (uint)i);
        Array.Sort(keys, households);
    }

    /// <summary>The Morton (Z-order) number of the 64 m tile at (dx, dy) metres from a south-west corner (16 bits a side).</summary>
    internal static ulong MortonKey(double dx, double dy)
    {
        var tx = (uint)Math.Clamp(dx / OrderTileMetres, 0, 0xFFFF);
        var ty = (uint)Math.Clamp(dy / OrderTileMetres, 0, 0xFFFF);
        return Spread(tx) | (ulong)Spread(ty) << 1;

        static uint Spread(uint v)        // the 16 bits of v to the even bits of the result
        {
            v = (v | v << 8) & 0x00FF00FF;
            v = (v | v << 4) & 0x0F0F0F0F;
            v = (v | v << 2) & 0x33333333;
            return (v | v << 1) & 0x55555555;
        }
    }

    /// <summary>
    /// Projects lon/lat degrees to local metres in parallel chunks (<see cref="LocalProjection"/> keeps a transform per thread).
    /// </summary>
    public static (double[] X, double[] Y) ProjectAll(IReadOnlyList<double> lon, IReadOnlyList<double> lat, LocalProjection projection)
    {
        var x = new double[lon.Count];
        var y = new double[lon.Count];
        const int chunk = 1 << 15;
        Parallel.For(0, (lon.Count + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            for (int i = k * chunk, end = Math.Min(lon.Count, i + chunk); i < end; i++) (x[i], y[i]) = projection.Forward(lon[i], lat[i]);
        });
        return (x, y);
    }

    /// <summary>Facilities of every category (a category without any gets an empty array), local metres.</summary>
    public static async Task<Dictionary<string, CoverageFacility[]>> LoadFacilitiesAsync(NpgsqlDataSource db, long runId, LocalProjection projection, CancellationToken ct)
    {
        var facilities = new Dictionary<string, List<CoverageFacility>>();
        try
        {
            await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/LoadFacilities.sql"));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var code = r.GetString(0);
                if (!facilities.TryGetValue(code, out var list)) facilities[code] = list = [];
                if (r.IsDBNull(1)) continue;
                var (x, y) = projection.Forward(r.GetDouble(2), r.GetDouble(3));
                list.Add(new CoverageFacility(r.GetInt32(1), x, y, r.IsDBNull(4) ? null : r.GetInt32(4)));
            }
        }
        catch (NpgsqlException e) { throw new InvalidOperationException($"coverage run {runId}: loading facilities failed: {e.Message}", e); }
        return facilities.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }
}
