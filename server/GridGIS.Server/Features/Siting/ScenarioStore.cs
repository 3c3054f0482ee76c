using GridGIS.Core.Geo;
using GridGIS.Core.Siting;
using GridGIS.Server.Data;
using GridGIS.Server.Http;
using Npgsql;

namespace GridGIS.Server.Features.Siting;

/// <summary>A stored scenario and its edits (WGS84 as stored).</summary>
internal sealed record StoredScenario(long Id, string Name, long RunId, string CreatedBy, DateTimeOffset CreatedAt, List<ScenarioEditView> Edits)
{
    /// <summary>The edits as Core takes them: points in the city's local metres.</summary>
    public List<ScenarioEdit> CoreEdits(LocalProjection projection) => Edits.Select(e => ToCore(e, projection)).ToList();

    public static ScenarioEdit ToCore(ScenarioEditView e, LocalProjection projection)
    {
        var (x, y) = e.Lon is { } lon && e.Lat is { } lat ? projection.Forward(lon, lat) : (0, 0);
        return new ScenarioEdit(EnumText.Parse<EditKind>(e.Kind), e.Category, e.FacilityId, x, y, e.Capacity);
    }

    /// <summary>The id the next added facility gets: -1, -2, ... in the order added.</summary>
    public int NextAddedId => -(Edits.Count(e => e.Kind == "add") + 1);
}

/// <summary>Reads and writes scenarios (tables of migration 0025). The real facility table is never written.</summary>
internal static class ScenarioStore
{
    public static async Task<StoredScenario?> LoadAsync(NpgsqlConnection conn, long id, CancellationToken ct)
    {
        StoredScenario? s;
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Siting/GetScenario.sql"), conn))
        {
            cmd.Parameters.Add(new() { Value = id });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return null;
            s = new StoredScenario(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4), []);
        }
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Siting/ListScenarioEdits.sql"), conn))
        {
            cmd.Parameters.Add(new() { Value = id });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                s.Edits.Add(new ScenarioEditView(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
                    r.IsDBNull(4) ? null : r.GetDouble(4), r.IsDBNull(5) ? null : r.GetDouble(5), r.IsDBNull(6) ? null : r.GetInt32(6),
                    r.IsDBNull(7) ? null : r.GetString(7)));
        }
        return s;
    }

    /// <summary>Appends <paramref name="edit"/> and its audit row in one transaction; its number, or null when the scenario is gone.</summary>
    public static async Task<int?> AddEditAsync(NpgsqlDataSource db, long scenarioId, ScenarioEditView edit, string actor, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        int seq;
        await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Siting/AddScenarioEdit.sql"), conn, tx))
        {
            cmd.Parameters.Add(new() { Value = scenarioId });
            cmd.Parameters.Add(new() { Value = edit.Kind });
            cmd.Parameters.Add(new() { Value = edit.Category });
            cmd.Parameters.Add(new() { Value = edit.FacilityId });
            cmd.Parameters.Add(new() { Value = (object?)edit.Lon ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
            cmd.Parameters.Add(new() { Value = (object?)edit.Lat ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
            cmd.Parameters.Add(new() { Value = (object?)edit.Capacity ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            cmd.Parameters.Add(new() { Value = (object?)edit.Label ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            if (await cmd.ExecuteScalarAsync(ct) is not int n) return null;
            seq = n;
        }
        await Audit.WriteAsync(conn, tx, actor, "scenario.edit", "scenario", scenarioId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null, edit with { Seq = seq }, ct);
        await tx.CommitAsync(ct);
        return seq;
    }

    /// <summary>Units' codes, names and parents, by (level, id).</summary>
    public static async Task<Dictionary<(string Level, int Id), (string? Code, string? Name, int Parent)>> UnitNamesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var names = new Dictionary<(string, int), (string?, string?, int)>();
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Siting/ListUnitNames.sql"), conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            names[(r.GetString(0), r.GetInt32(1))] = (r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? 0 : r.GetInt32(4));
        return names;
    }

    /// <summary>Real facilities' names and points (WGS84), by id.</summary>
    public static async Task<Dictionary<int, (string? Name, double Lon, double Lat)>> FacilitiesAsync(NpgsqlConnection conn, int[] ids, CancellationToken ct)
    {
        var found = new Dictionary<int, (string?, double, double)>();
        if (ids.Length == 0) return found;
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Siting/ListFacilityNames.sql"), conn);
        cmd.Parameters.Add(new() { Value = ids });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) found[r.GetInt32(0)] = (r.IsDBNull(1) ? null : r.GetString(1), r.GetDouble(2), r.GetDouble(3));
        return found;
    }
}
