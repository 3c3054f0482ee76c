using GridGIS.Core.Network;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Features.ServiceAreas;

/// <summary>A facility category's threshold: metres when walk_metres is set, else minutes at its speed.</summary>
internal sealed record ReachCategory(string Code, string NameZh, string NameEn, double WalkMinutes, double? WalkMetres, double SpeedKmh)
{
    public WalkThreshold Threshold => WalkThreshold.ForCategory(WalkMinutes, WalkMetres, SpeedKmh);
    public WalkSpeed Speed => new(SpeedKmh);
}

/// <summary>A facility with its WGS84 position and its category's threshold.</summary>
internal sealed record ReachFacility(int Id, string Name, string Category, double Lon, double Lat, double WalkMinutes, double? WalkMetres, double SpeedKmh)
{
    public WalkThreshold Threshold => WalkThreshold.ForCategory(WalkMinutes, WalkMetres, SpeedKmh);
    public WalkSpeed Speed => new(SpeedKmh);
}

/// <summary>The two reads the service-area and nearest endpoints need.</summary>
internal static class ReachQueries
{
    public static async Task<List<ReachFacility>> FacilitiesAsync(NpgsqlDataSource db, int? id, string? category, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/ServiceAreas/ListFacilitiesForReach.sql"));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var list = new List<ReachFacility>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new ReachFacility(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetDouble(3), r.GetDouble(4),
                r.GetDouble(5), r.IsDBNull(6) ? null : r.GetDouble(6), r.GetDouble(7)));
        return list;
    }

    public static async Task<List<ReachCategory>> CategoriesAsync(NpgsqlDataSource db, string? code, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/ServiceAreas/ListCategoriesForReach.sql"));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)code ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var list = new List<ReachCategory>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new ReachCategory(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDouble(3), r.IsDBNull(4) ? null : r.GetDouble(4), r.GetDouble(5)));
        return list;
    }
}
