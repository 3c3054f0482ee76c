using System.Text.Json;
using GridGIS.Core.Grids;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGIS.Server.Features.Grids;

/// <summary>One grid's figures as loaded for the designation, matching and workload reports.</summary>
internal sealed record GridFigure(int Id, string Code, GridKind Kind, int CommunityId, int? WorkerId, long Households, long Residents,
    long ForeignResidents, IReadOnlyDictionary<string, long> Nationalities, string? KindReason, string? KindSetBy, DateTime? KindSetAt,
    Geometry Geometry);

internal sealed record WorkerRow(int Id, string Name, string[] Languages, string? UserName, int[] CommunityIds);

/// <summary>Loads the inputs of the grid reports with one query each (LoadGridFigures.sql, LoadWorkers.sql).</summary>
internal static class GridFigures
{
    public static GridKind ParseKind(string kind) => kind == "foreign_resident" ? GridKind.ForeignResident : GridKind.Ordinary;

    public static string KindName(GridKind kind) => kind == GridKind.ForeignResident ? "foreign_resident" : "ordinary";

    public static async Task<List<GridFigure>> LoadAsync(NpgsqlDataSource db, int? communityId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Grids/LoadGridFigures.sql"));
        cmd.Parameters.Add(new() { Value = (object?)communityId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        var list = new List<GridFigure>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var nats = JsonSerializer.Deserialize<Dictionary<string, long>>(r.GetString(8)) ?? [];
            list.Add(new GridFigure(r.GetInt32(0), r.GetString(1), ParseKind(r.GetString(2)), r.GetInt32(3),
                r.IsDBNull(4) ? null : r.GetInt32(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), nats,
                r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10),
                r.IsDBNull(11) ? null : r.GetFieldValue<DateTime>(11), r.GetFieldValue<Geometry>(12)));
        }
        return list;
    }

    public static async Task<List<WorkerRow>> LoadWorkersAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Grids/LoadWorkers.sql"));
        var list = new List<WorkerRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new WorkerRow(r.GetInt32(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetFieldValue<int[]>(4)));
        return list;
    }
}
